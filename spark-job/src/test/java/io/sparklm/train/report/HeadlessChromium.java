package io.sparklm.train.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for tests: loads a local page with networking, sync and updates off, in a fresh profile
 * directory, lets its scripts run, and returns the DOM as serialized after them ({@code --dump-dom}).
 */
final class HeadlessChromium {
    static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private HeadlessChromium() {}

    /** The browser: /usr/bin/chromium (Debian's chromium package) or one of {@link #NAMES} on the PATH. */
    static Optional<Path> find() {
        List<String> dirs = new ArrayList<>(List.of("/usr/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        for (String name : NAMES) {
            for (String dir : dirs) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The page's DOM after its scripts ran (virtual time budget 10 s, wall clock limit 120 s). */
    static String dumpDom(Path browser, Path page, Path scratch) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile");
        Path out = scratch.resolve("dom.html");
        Path err = scratch.resolve("chromium-stderr.txt");
        List<String> cmd = List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1200,2400",
                "--virtual-time-budget=10000", "--dump-dom", page.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("chromium did not finish in 120 s: " + cmd);
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || dom.isBlank()) {
            throw new IOException("chromium exited " + p.exitValue() + " with " + dom.length() + " characters of DOM; "
                    + "stderr: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return dom;
    }
}
