package io.llmq.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The commit the bench runs from, asked of {@code git} in the working directory; empty where there is no git. */
record GitInfo(Optional<String> commit, Optional<Boolean> dirty) {

    static GitInfo current() {
        var commit = git(List.of("git", "rev-parse", "HEAD")).map(String::trim).filter(s -> !s.isEmpty());
        // Uncommitted changes mean the commit alone does not say what was measured; the results
        // the bench appends to itself do not count, or every run after the first would be dirty.
        var dirty = commit.isEmpty() ? Optional.<Boolean>empty()
                : git(List.of("git", "status", "--porcelain", "--untracked-files=no", "--", ":(top)",
                        ":(top,exclude)bench/results")).map(s -> !s.isBlank());
        return new GitInfo(commit, dirty);
    }

    private static Optional<String> git(List<String> command) {
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
