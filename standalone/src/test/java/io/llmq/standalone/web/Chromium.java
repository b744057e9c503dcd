package io.llmq.standalone.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds Debian's {@code chromium}, installing it with apt-get when it is missing and apt is usable
 * (non-interactively, as root). When it cannot be had, the browser test fails with this message
 * rather than being skipped.
 */
final class Chromium {
    static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"),
            Path.of("/usr/bin/google-chrome"));
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);

    private Chromium() {
    }

    static Path binary() throws IOException, InterruptedException {
        var found = find();
        if (found != null) {
            return found;
        }
        var log = new StringBuilder();
        if (Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            // a fresh machine may have no package lists yet: install, and on failure update and retry
            if (apt(log, "install", "-y", "--no-install-recommends", "chromium") != 0) {
                apt(log, "update");
                apt(log, "install", "-y", "--no-install-recommends", "chromium");
            }
            found = find();
            if (found != null) {
                return found;
            }
        }
        throw new AssertionError("""
                The web page test needs a headless Chromium and none could be found or installed.
                Install it with 'apt-get install -y --no-install-recommends chromium' (Debian/Ubuntu, as root), or put
                chromium at one of %s. apt-get said:
                %s""".formatted(CANDIDATES, log.length() > 4000 ? log.substring(log.length() - 4000) : log));
    }

    private static Path find() {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static int apt(StringBuilder log, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("apt-get");
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        var output = Files.createTempFile("llmq-apt", ".log");
        builder.redirectOutput(output.toFile());
        var process = builder.start();
        if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            log.append(String.join(" ", command)).append(": timed out\n");
            return -1;
        }
        log.append("$ ").append(String.join(" ", command)).append(" (exit ").append(process.exitValue()).append(")\n")
                .append(Files.readString(output));
        Files.deleteIfExists(output);
        return process.exitValue();
    }
}
