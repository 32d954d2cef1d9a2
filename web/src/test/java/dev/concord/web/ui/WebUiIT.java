package dev.concord.web.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The web UI in a real headless Chromium against the application on a random port, in
 * graph-only mode (no model): sign in and out, teach a fact in the chat and find it in the
 * explorer, a conflicting edit that waits for review, is approved by an admin and rolled back,
 * the SPARQL console, the model panel, phone width, and script injection shown as plain text.
 * Also writes the screenshots under docs/screenshots/.
 */
@EnabledIf(value = "dev.concord.web.ui.Chromium#installed",
        disabledReason = "BROWSER TESTS SKIPPED: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CONCORD_CHROMIUM)")
@QuarkusTest
@TestProfile(WebUiIT.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // only so that the screenshots show the same state each run
class WebUiIT {

    /** Its own profile so the application listens on a random free port. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0");
        }
    }

    // What people type, in phrasings the rule interpreter reads.
    static final String TEACH = "Zed Alpha's wife is Zoe Beta.";
    static final String CONFLICTING = "Zed Alpha's wife is Zara Gamma.";
    static final String QUESTION = "Who is Zed Alpha's wife?";

    static Chromium chromium;
    static boolean usersCreated;

    @TestHTTPResource("/")
    URL base;

    final List<BrowserContext> contexts = new ArrayList<>();
    final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        chromium = Chromium.launchOrSkip();
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void createUsers() throws Exception {
        if (!usersCreated) {
            createUser("alice", "alice-password", "editor");
            createUser("bob", "bob-password", "editor");
            usersCreated = true;
        }
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
        assertEquals(List.of(), pageErrors, "no script error in any page");
    }

    // ---------------------------------------------------------------- the scenarios

    @Test
    @Order(6)
    void signInShowsWhoIAmAndSigningOutEndsTheSession() {
        Page page = newPage(1280, 860);
        List<Map<String, String>> refusals = new ArrayList<>();
        page.onResponse(r -> {
            if (r.url().endsWith("/api/me") && r.status() == 401) {
                refusals.add(r.headers());
            }
        });
        com.microsoft.playwright.Response first = page.navigate(base + "#/history");
        assertTrue(first.headers().getOrDefault("content-security-policy", "").contains("script-src 'self'"),
                "pages are served with a policy that allows only the application's own scripts");
        page.waitForURL(Pattern.compile(".*/login\\.html\\?next=.*history.*"));
        assertEquals(1, refusals.size(), "the page asked who is signed in and was refused");
        assertTrue(!refusals.get(0).containsKey("www-authenticate"), "no Basic challenge, so no browser password dialog");

        page.fill("#username", "alice");
        page.fill("#password", "wrong password");
        page.click("#login-submit");
        assertThat(page.locator("#login-message")).containsText("Wrong user name or password");

        page.fill("#username", "alice");
        page.fill("#password", "alice-password");
        page.click("#login-submit");
        assertThat(page.locator("#whoami-name")).hasText("alice");
        assertThat(page.locator("#whoami-role")).containsText("editor");
        assertThat(page.locator(".mainnav a", new Page.LocatorOptions().setHasText("Review"))).hasCount(0);

        page.click("#logout");
        page.waitForURL(Pattern.compile(".*/login\\.html\\?loggedOut.*"));
        assertThat(page.locator("#login-message")).containsText("signed out");
        page.navigate(base + "#/chat");
        page.waitForURL(Pattern.compile(".*/login\\.html\\?next=.*chat.*"));

        // signing in again returns to the page that was asked for
        page.fill("#username", "alice");
        page.fill("#password", "alice-password");
        page.click("#login-submit");
        assertThat(page.locator("#whoami-name")).hasText("alice");
        assertThat(page.locator(".mainnav a[aria-current=page]")).hasText("Chat");
    }

    @Test
    @Order(1)
    void factTaughtInChatIsAppliedThenAConflictIsReviewedApprovedAndRolledBack() {
        Page alice = signIn("alice", "alice-password");
        Page admin = signIn("admin", adminPassword());

        // alice teaches a new fact: understood as a triple, applied at once
        say(alice, TEACH);
        Locator aliceReply = alice.locator(".msg.bot").last();
        assertThat(aliceReply.locator(".understood .triple[data-triple='Zed_Alpha|wife|Zoe_Beta']")).isVisible();
        assertThat(aliceReply.locator(".outcome[data-status='APPLIED']")).isVisible();

        // the admin's live feed shows alice's edit
        assertThat(admin.locator("#live-feed li", new Page.LocatorOptions().setHasText("alice")).first()).isVisible();

        // the explorer shows it in the graph and the table, with its history
        aliceReply.locator(".understood .triple a", new Locator.LocatorOptions().setHasText("Zed_Alpha")).click();
        assertThat(alice.locator("#entity-title")).hasText("Zed Alpha");
        assertThat(factRow(alice, "Zed_Alpha|wife|Zoe_Beta")).isVisible();
        assertThat(alice.locator("#graph[data-nodes]")).isVisible();
        assertTrue(Integer.parseInt(alice.locator("#graph").getAttribute("data-nodes")) >= 2, "the graph shows the neighbour");
        assertThat(alice.locator("#graph canvas").first()).isVisible();
        factRow(alice, "Zed_Alpha|wife|Zoe_Beta").locator("button", new Locator.LocatorOptions().setHasText("History")).click();
        assertThat(alice.locator("#fact-history .history-entry").first()).containsText("alice");

        // a question: the graph's answer beside the model's (disabled in this run)
        alice.navigate(base + "#/chat");
        say(alice, QUESTION);
        Locator answer = alice.locator(".msg.bot").last();
        assertThat(answer.locator(".answer-kg")).containsText("Zoe_Beta");
        assertThat(answer.locator(".answer-llm h4")).containsText("Model");

        // bob contradicts it: the single-valued relation makes it wait for review, and says why
        Page bob = signIn("bob", "bob-password");
        say(bob, CONFLICTING);
        Locator bobReply = bob.locator(".msg.bot").last();
        assertThat(bobReply.locator(".outcome[data-status='PENDING_REVIEW']")).isVisible();
        assertThat(bobReply.locator(".conflict[data-conflict='COVERAGE']")).isVisible();
        assertThat(bobReply.locator(".conflict")).containsText("Zoe_Beta");
        screenshot(bob, "chat");

        // the admin sees it beside the fact it would displace, and approves it
        admin.navigate(base + "#/review");
        Locator item = admin.locator(".review-item").filter(new Locator.FilterOptions().setHasText("Zara_Gamma"));
        assertThat(item.locator(".displaced")).containsText("Zoe_Beta");
        screenshot(admin, "review");
        item.locator("button.approve").click();
        assertThat(admin.locator(".note.ok")).containsText("approved");
        assertThat(admin.locator(".review-item").filter(new Locator.FilterOptions().setHasText("Zara_Gamma"))).hasCount(0);

        admin.navigate(base + "#/explore/Zed_Alpha");
        assertThat(factRow(admin, "Zed_Alpha|wife|Zara_Gamma")).isVisible();
        assertThat(factRow(admin, "Zed_Alpha|wife|Zoe_Beta")).hasCount(0);

        // bob cannot roll back alice's edit; the admin rolls bob's back from the history
        bob.navigate(base + "#/history?author=alice");
        assertThat(bob.locator(".edit-card").first()).isVisible();
        assertThat(bob.locator(".edit-card button.rollback")).hasCount(0);

        admin.navigate(base + "#/history?author=bob");
        Locator card = admin.locator(".edit-card[data-status='APPLIED']").filter(new Locator.FilterOptions().setHasText("Zara_Gamma")).first();
        assertThat(card).containsText("admin");
        screenshot(admin, "history");
        card.locator("button.rollback").click();
        card.locator("button.confirm-rollback").click();
        assertThat(admin.locator(".note.ok")).containsText("rolled back");
        assertThat(admin.locator(".edit-card[data-status='ROLLED_BACK']").filter(new Locator.FilterOptions().setHasText("Zara_Gamma")).first()).isVisible();

        // the status filter keeps only rolled-back edits, and lands in the address
        admin.selectOption("#filter-status", "ROLLED_BACK");
        admin.click("form[aria-label='Filter edits'] button[type=submit]");
        admin.waitForURL(Pattern.compile(".*status=ROLLED_BACK.*"));
        assertThat(admin.locator(".edit-card[data-status='ROLLED_BACK']").first()).isVisible();
        assertThat(admin.locator(".edit-card:not([data-status='ROLLED_BACK'])")).hasCount(0);

        admin.navigate(base + "#/explore/Zed_Alpha");
        assertThat(factRow(admin, "Zed_Alpha|wife|Zoe_Beta")).isVisible();
        assertThat(factRow(admin, "Zed_Alpha|wife|Zara_Gamma")).hasCount(0);

        // an editor has no review queue
        bob.navigate(base + "#/review");
        assertThat(bob.locator("main [role=alert]")).containsText("Only admins");

        // the admin rolls back every edit of alice, after a second press to confirm
        admin.navigate(base + "#/review");
        admin.fill("#rollback-user", "alice");
        admin.click("#rollback-user-go");
        assertThat(admin.locator("main [role=alert]")).containsText("again");
        admin.click("#rollback-user-go");
        assertThat(admin.locator("#rollback-user-result")).containsText("of alice rolled back");
        admin.navigate(base + "#/history?author=alice");
        assertThat(admin.locator(".edit-card[data-status='ROLLED_BACK']").first()).isVisible();
        assertThat(admin.locator(".edit-card[data-status='APPLIED']")).hasCount(0);
    }

    @Test
    @Order(2)
    void explorerWalksFromAnEntityToItsNeighbours() {
        Page page = signIn("alice", "alice-password");
        page.navigate(base + "#/explore");
        page.fill("#entity-search", "Donald Trump");
        page.press("#entity-search", "Enter");
        assertThat(page.locator("#entity-title")).hasText("Donald Trump");
        assertThat(page.locator("#graph canvas").first()).isVisible();
        assertTrue(Integer.parseInt(page.locator("#graph").getAttribute("data-nodes")) >= 5, "the neighbourhood is drawn");
        Locator wife = page.locator("#facts tbody tr[data-triple^='Donald_Trump|wife|']");
        wife.locator("button", new Locator.LocatorOptions().setHasText("History")).click();
        assertThat(page.locator("#fact-history")).containsText("seed graph");
        screenshot(page, "explorer");

        page.locator("#facts tbody tr[data-triple^='Donald_Trump|father|'] td:nth-child(3) a").click();
        assertThat(page.locator("#entity-title")).hasText("Fred Trump");
        assertThat(page.locator("#facts tbody tr[data-triple^='Donald_Trump|']").first()).isVisible();
        page.goBack();
        assertThat(page.locator("#entity-title")).hasText("Donald Trump");
    }

    @Test
    @Order(3)
    void sparqlConsoleHighlightsRunsQueriesAndShowsErrorsPlainly() {
        Page page = signIn("alice", "alice-password");
        page.navigate(base + "#/sparql");
        assertThat(page.locator("#sparql-editor .cm-content")).isVisible();
        assertTrue(page.locator("#sparql-editor .cm-line span[class]").count() > 3, "the query is highlighted");

        page.locator("button.chip", new Page.LocatorOptions().setHasText("Facts about an entity")).click();
        page.click("#sparql-run");
        assertThat(page.locator("#sparql-results tbody tr").first()).isVisible();
        assertThat(page.locator("#sparql-results")).containsText("r:wife");
        screenshot(page, "sparql");

        replaceQuery(page, "SELECT ?s WHERE { ?s ");
        page.click("#sparql-run");
        assertThat(page.locator("[role=alert]")).isVisible();
        assertThat(page.locator("#sparql-results")).hasCount(0);

        replaceQuery(page, "ASK { <http://concord.local/entity/Donald_Trump> ?p ?o }");
        page.keyboard().press("Control+Enter");
        assertThat(page.locator("#sparql-boolean")).containsText("yes");
    }

    @Test
    @Order(4)
    void modelPanelSaysPlainlyThatTheModelIsDisabled() {
        Page page = signIn("alice", "alice-password");
        page.navigate(base + "#/model");
        assertThat(page.locator("#model-state")).hasAttribute("data-state", "DISABLED");
        assertThat(page.locator("#model-state")).containsText("disabled");
        assertThat(page.locator("#model-eval-missing")).isVisible();
        assertThat(page.locator("#model-eval-missing")).containsText("no model is loaded");
        assertThat(page.locator("#model-eval-missing")).containsText("./concord editor eval");
        screenshot(page, "model");
    }

    @Test
    @Order(5)
    void chatWorksAtPhoneWidthWithoutSidewaysScrolling() throws Exception {
        java.util.regex.Matcher wife = Pattern.compile("\\{\"subject\":\"Donald_Trump\",\"relation\":\"wife\",\"object\":\"([^\"]+)\"")
                .matcher(get("bob", "bob-password", "/api/kg/entities/Donald_Trump"));
        assertTrue(wife.find(), "the seed graph knows Donald Trump's wife");
        Page page = signIn("bob", "bob-password", 390, 844);
        say(page, "Who is Donald Trump's wife?");
        assertThat(page.locator(".msg.bot").last().locator(".answer-kg")).containsText(wife.group(1));
        int overflow = ((Number) page.evaluate("document.documentElement.scrollWidth - window.innerWidth")).intValue();
        assertTrue(overflow <= 0, "no sideways scrolling at 390 px, found " + overflow + " px too wide");
        screenshot(page, "chat-phone");
    }

    @Test
    @Order(7)
    void scriptInjectedThroughChatAndEntityNamesShowsAsTextAndNeverRuns() throws Exception {
        Page page = signIn("alice", "alice-password");
        String img = "<img src=x onerror=\"window.__xss=1\">";
        String script = "<script>window.__xss=2</script>The wife of <b>Zed</b> is Eve.";
        say(page, img);
        say(page, script);
        assertThat(page.locator(".msg.user").filter(new Locator.FilterOptions().setHasText(img))).hasCount(1);
        assertThat(page.locator(".msg.user").last()).hasText(script);
        assertThat(page.locator(".chat-log img")).hasCount(0);
        assertThat(page.locator(".chat-log script")).hasCount(0);
        assertThat(page.locator(".chat-log b")).hasCount(0);

        // an entity whose name is markup, through the explorer's search
        String name = "<img src=y onerror=window.__xss=3>";
        page.navigate(base + "#/explore");
        page.fill("#entity-search", name);
        page.press("#entity-search", "Enter");
        assertThat(page.locator("main [role=alert]")).isVisible();
        assertThat(page.locator("main img")).hasCount(0);

        // a fact whose object is markup, stored through the API, then shown in the explorer and history
        String payload = "<img src=z onerror=window.__xss=4>";
        int status = post("alice", "alice-password", "/api/edits",
                "{\"subject\":\"Mallory_Probe\",\"relation\":\"nickname\",\"object\":" + json(payload)
                        + ",\"datatype\":\"http://www.w3.org/2001/XMLSchema#string\",\"op\":\"ASSERT\"}");
        assertTrue(status == 200 || status == 201, "the fact with a markup object was stored, answered " + status);
        page.navigate(base + "#/explore/Mallory_Probe");
        assertThat(page.locator("#facts")).containsText(payload);
        assertThat(page.locator("#graph canvas").first()).isVisible();
        page.navigate(base + "#/history?author=alice");
        assertThat(page.locator("#edit-list")).containsText(payload);
        assertThat(page.locator("main img")).hasCount(0);
        assertEquals(null, page.evaluate("window.__xss ?? null"), "no injected script ran");
    }

    @Test
    @Order(8)
    void rejectingAnEditNeedsAReasonAndItsAuthorSeesTheReason() {
        Page alice = signIn("alice", "alice-password");
        say(alice, "Yan Omega's wife is Yara One.");
        assertThat(alice.locator(".msg.bot").last().locator(".outcome[data-status='APPLIED']")).isVisible();
        Page bob = signIn("bob", "bob-password");
        say(bob, "Yan Omega's wife is Yola Two.");
        assertThat(bob.locator(".msg.bot").last().locator(".outcome[data-status='PENDING_REVIEW']")).isVisible();

        Page admin = signIn("admin", adminPassword());
        admin.navigate(base + "#/review");
        Locator item = admin.locator(".review-item").filter(new Locator.FilterOptions().setHasText("Yola_Two"));
        item.locator("button.reject").click();
        assertThat(admin.locator("main [role=alert]")).containsText("A reason is needed");
        assertThat(item).hasCount(1);
        item.locator("input.reason").fill("<i>Yara One</i> is right");
        item.locator("button.reject").click();
        assertThat(admin.locator(".note.ok")).containsText("rejected");
        assertThat(item).hasCount(0);

        bob.navigate(base + "#/history?author=bob&status=REJECTED");
        Locator card = bob.locator(".edit-card[data-status='REJECTED']").filter(new Locator.FilterOptions().setHasText("Yola_Two"));
        assertThat(card).containsText("<i>Yara One</i> is right");
        assertThat(card.locator("i")).hasCount(0);
        assertThat(card.locator("button.rollback")).hasCount(0);
    }

    @Test
    @Order(9)
    void anAdminAcceptsARelationAlignmentProposalOnTheReviewPage() throws Exception {
        HttpRequest put = HttpRequest.newBuilder(URI.create(base + "api/kg/relations/birth_city"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + adminPassword()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"altLabels\": [\"city of birth\", \"was born in\"], \"templates\": [\"{subject} was born in\"]}"))
                .build();
        assertEquals(200, HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.discarding()).statusCode());
        Page admin = signIn("admin", adminPassword());
        admin.navigate(base + "#/review");
        admin.locator("#propose-alignments").click();
        Locator card = admin.locator(".alignment-proposal").filter(new Locator.FilterOptions().setHasText("birth_city")).first();
        assertThat(card).isVisible();
        screenshot(admin, "review-alignments");
        card.locator("button.accept-alignment").click();
        assertThat(admin.locator(".note.ok")).containsText("now one relation");
        assertTrue(get("admin", adminPassword(), "/api/kg/alignments").contains("birth_city"),
                "the accepted alignment is in the graph");
    }

    // ---------------------------------------------------------------- helpers

    Page newPage(int width, int height) {
        BrowserContext context = chromium.browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(width, height)
                .setBaseURL(base.toString()));
        contexts.add(context);
        Page page = context.newPage();
        page.onPageError(error -> pageErrors.add(error));
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                pageErrors.add(message.text());
            }
        });
        return page;
    }

    Page signIn(String user, String password) {
        return signIn(user, password, 1280, 860);
    }

    Page signIn(String user, String password, int width, int height) {
        Page page = newPage(width, height);
        page.navigate(base + "login.html");
        page.fill("#username", user);
        page.fill("#password", password);
        page.click("#login-submit");
        assertThat(page.locator("#whoami-name")).hasText(user);
        return page;
    }

    static void say(Page page, String text) {
        int before = page.locator(".msg.bot").count();
        page.fill("#chat-input", text);
        page.click("#chat-send");
        assertThat(page.locator(".msg.bot")).hasCount(before + 1);
    }

    /** The explorer's table row of one fact, given as "subject|relation|object". */
    static Locator factRow(Page page, String triple) {
        return page.locator("#facts tbody tr[data-triple='" + triple + "']");
    }

    static void replaceQuery(Page page, String query) {
        page.click("#sparql-editor .cm-content");
        page.keyboard().press("Control+A");
        page.keyboard().press("Delete");
        page.keyboard().insertText(query);
    }

    static void screenshot(Page page, String name) {
        String dir = System.getProperty("webui.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        page.waitForTimeout(300); // let the graph layout and fonts settle
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(dir, name + ".png")).setFullPage(false));
    }

    static String adminPassword() {
        return ConfigProvider.getConfig().getValue("concord.admin-password", String.class);
    }

    void createUser(String name, String password, String role) throws Exception {
        int status = post("admin", adminPassword(), "/api/users",
                "{\"username\":" + json(name) + ",\"password\":" + json(password) + ",\"role\":" + json(role) + "}");
        assertTrue(status == 201 || status == 200 || status == 409, "creating user " + name + " answered " + status);
    }

    int post(String user, String password, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path.substring(1)))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String get(String user, String password, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path.substring(1)))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "GET " + path + ": " + response.body());
        return response.body();
    }

    static String json(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static {
        String dir = System.getProperty("webui.screenshots");
        if (dir != null && !dir.isBlank()) {
            try {
                Files.createDirectories(Path.of(dir));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
