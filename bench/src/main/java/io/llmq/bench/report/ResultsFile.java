package io.llmq.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@code <dir>/<scenario>.jsonl}: one line per run, appended, so runs before and after a change sit side by side. */
public final class ResultsFile {

    private ResultsFile() {
    }

    public static Path append(Path dir, String scenario, String jsonLine) throws IOException {
        Files.createDirectories(dir);
        var file = dir.resolve(scenario + ".jsonl");
        Files.writeString(file, jsonLine + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return file;
    }
}
