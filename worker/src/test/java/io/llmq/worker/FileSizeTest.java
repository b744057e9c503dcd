package io.llmq.worker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file of every module's main code reads as one thing: none grows past 250 lines (docs/architecture.md). */
class FileSizeTest {
    static final int MAX_LINES = 250;

    @Test
    void shouldKeepEveryMainFileUnder250Lines() throws IOException {
        // surefire runs in worker/: the modules are its siblings
        Map<String, Long> tooLong = new TreeMap<>();
        try (var files = Files.walk(Path.of(".."))) {
            for (var file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
                    && !f.toString().contains("/target/")).toList()) {
                long lines;
                try (var l = Files.lines(file)) {
                    lines = l.count();
                }
                if (lines > MAX_LINES) {
                    tooLong.put(file.normalize().toString(), lines);
                }
            }
        }
        assertThat(tooLong).as("main files over %d lines", MAX_LINES).isEmpty();
    }
}
