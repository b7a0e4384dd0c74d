package dev.syncio.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the tests that drive the demo's pages in a real browser share: the Chromium they use
 * (Debian's {@code /usr/bin/chromium}, or {@code -Dsyncio.chromium=/path/to/chromium}), skipping
 * when it is not installed, and the screenshots folder {@code integration-tests/target/screenshots/}.
 *
 * <pre>{@code
 * Map<String, String> env = Chromium.nodeEnv(); // CHROMIUM and SCREENSHOT_DIR, after assuming it is installed
 * env.put("DEMO_URL", fixture.httpUrl());
 * NodeRunner.assertPasses("test/browser.test.mjs", env, timeout);
 * }</pre>
 */
public final class Chromium {

    /** The browser executable. */
    public static final Path EXECUTABLE = Path.of(System.getProperty("syncio.chromium", "/usr/bin/chromium"));

    private Chromium() {
    }

    /**
     * The environment a browser test file needs, {@code CHROMIUM} and {@code SCREENSHOT_DIR}
     * (created), as a mutable map for the test's own entries. Skips the test (an assumption) when
     * Chromium is not installed.
     */
    public static Map<String, String> nodeEnv() throws IOException {
        assumeTrue(Files.isExecutable(EXECUTABLE), EXECUTABLE + " is not installed (apt-get install chromium)");
        Path screenshots = NodeRunner.jsDir().getParent().resolve("target").resolve("screenshots");
        Files.createDirectories(screenshots);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CHROMIUM", EXECUTABLE.toString());
        env.put("SCREENSHOT_DIR", screenshots.toString());
        return env;
    }
}
