package dev.concord.web.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * The system's headless Chromium driven by Playwright. Playwright never downloads a browser
 * here: it is told to use /usr/bin/chromium (or CONCORD_CHROMIUM). When that file is absent
 * the browser tests are skipped, and say so loudly.
 */
final class Chromium implements AutoCloseable {

    static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("CONCORD_CHROMIUM", "/usr/bin/chromium"));

    private final Playwright playwright;
    final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static final String MISSING = "BROWSER TESTS SKIPPED: no Chromium at " + EXECUTABLE
            + " (install it with `apt-get install -y chromium`, or point CONCORD_CHROMIUM at one)";

    /** Whether the browser is there; says loudly on the console when it is not. For {@code @EnabledIf}. */
    static boolean installed() {
        boolean there = Files.isExecutable(EXECUTABLE);
        if (!there) {
            System.err.println("\n*****\n***** " + MISSING + "\n*****\n");
        }
        return there;
    }

    /** Launches Chromium, or aborts the calling test class (skipped, with the reason) when there is none. */
    static Chromium launchOrSkip() {
        if (!Files.isExecutable(EXECUTABLE)) {
            Assumptions.abort(MISSING);
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-background-networking", "--no-first-run")));
            return new Chromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
