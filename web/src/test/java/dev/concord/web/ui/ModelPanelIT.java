package dev.concord.web.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.concord.controller.ConcordConfig;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model panel's evaluation table in a real browser, with a real (tiny) model loaded: the
 * last evaluation run in the model folder shows as a method x T table, values as text (a model
 * name holding markup stays literal text).
 */
@EnabledIf(value = "dev.concord.web.ui.Chromium#installed",
        disabledReason = "BROWSER TESTS SKIPPED: no Chromium at /usr/bin/chromium (apt-get install -y chromium, or set CONCORD_CHROMIUM)")
@QuarkusTest
@TestProfile(ModelPanelIT.TinyModelOnFreePort.class)
class ModelPanelIT {
    public static class TinyModelOnFreePort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("quarkus.http.test-port", "0", "concord.model.enabled", "true",
                        "concord.model.demo-size", "tiny", "concord.model.device", "cpu",
                        "concord.data-dir", Files.createTempDirectory("concord-model-panel").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Chromium chromium;

    @TestHTTPResource("/")
    URL base;
    @Inject
    ConcordConfig config;

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

    private Page signInAsAdmin(BrowserContext context, List<String> errors) {
        Page page = context.newPage();
        page.onPageError(errors::add);
        page.navigate(base + "login.html");
        page.fill("#username", "admin");
        page.fill("#password", "admin-test-password");
        page.click("#login-submit");
        assertThat(page.locator("#whoami-name")).hasText("admin");
        return page;
    }

    @Test
    void evaluationTableShowsTheLastRunAsText() throws Exception {
        Path file = Path.of(config.dataDir()).resolve("models/tiny/evaluation/last.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                {"model": "<img src=x onerror=\\"window.pwned=1\\">tiny",
                 "rows": [
                  {"method": "GRACE", "T": 1, "batch": false, "cases": 20, "reliability": 1.0, "generalisation": 0.25,
                   "locality": 0.875, "portability": null, "greedy_exact_match": 0.95, "seconds_per_edit": 0.5},
                  {"method": "MEMIT", "T": 10, "batch": true, "cases": 10, "reliability": 0.5, "generalisation": 0.125,
                   "locality": 0.75, "portability": 0.375, "greedy_exact_match": 0.4, "seconds_per_edit": 1.5,
                   "fluency": 4.25}
                 ]}
                """);
        List<String> errors = new ArrayList<>();
        try (BrowserContext context = chromium.browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 860).setBaseURL(base.toString()))) {
            Page page = signInAsAdmin(context, errors);
            page.navigate(base + "#/model");

            Locator table = page.locator("#model-eval");
            assertThat(table.locator("thead th")).hasText(new String[] {"Method", "T", "Cases", "Reliability",
                    "Generalisation", "Locality", "Portability", "Greedy match", "s / edit", "fluency"});
            Locator rows = table.locator("tbody tr");
            assertThat(rows).hasCount(2);
            assertThat(rows.nth(0).locator("td")).hasText(new String[] {"GRACE", "1", "20", "1.000", "0.250", "0.875", "—",
                    "0.950", "0.500", "—"});
            assertThat(rows.nth(1).locator("td")).hasText(new String[] {"MEMIT (batch)", "10", "10", "0.500", "0.125",
                    "0.750", "0.375", "0.400", "1.500", "4.250"});
            assertThat(page.locator("#model-eval-meta")).containsText("<img src=x");
            assertThat(page.locator("section[aria-label=Evaluation] img")).hasCount(0);
            assertEquals(null, page.evaluate("() => window.pwned ?? null"), "the model name's markup never ran");
            WebUiIT.screenshot(page, "model-eval");
        }
        assertEquals(List.of(), errors, "no script error in the page");
    }

    @Test
    void anAdminRunsTheAgreementAuditAndTeachesADisagreement() {
        List<String> errors = new ArrayList<>();
        try (BrowserContext context = chromium.browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 860).setBaseURL(base.toString()))) {
            Page page = signInAsAdmin(context, errors);
            for (int i = 0; i < 120; i++) { // the tiny model loads in the background
                page.navigate(base + "#/model");
                page.reload();
                if ("READY".equals(page.locator("#model-state").getAttribute("data-state"))) {
                    break;
                }
                page.waitForTimeout(1000);
            }
            assertThat(page.locator("#model-state")).hasAttribute("data-state", "READY");
            page.fill("#audit-form input[name=sample]", "40");
            page.click("#audit-form button[type=submit]");
            PlaywrightAssertions.setDefaultAssertionTimeout(120_000);
            assertThat(page.locator("#audit-summary")).containsText("of 40 facts");
            Locator rows = page.locator("#audit-disagreements tbody tr");
            assertTrue(rows.count() > 0, "a random tiny model disagrees with the graph");
            assertThat(page.locator("#audit-relations tbody tr").first()).isVisible();
            assertThat(page.locator("#audit-teach")).isDisabled();
            rows.first().locator("input[type=checkbox]").check();
            assertThat(page.locator("#audit-teach")).hasText("Teach these (1)");
            page.click("#audit-teach");
            assertThat(page.locator("#audit-taught")).containsText("Batch edit #");
            assertThat(page.locator("#audit-changes")).containsText("taught fact(s) now agree");
            WebUiIT.screenshot(page, "model-agreement");
            PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        }
        assertEquals(List.of(), errors, "no script error in the page");
    }
}
