package io.llmq.schema.results;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A line's counted bytes are the bytes it renders to, whatever its strings hold. */
class ResultLinesTest {
    private static final String BODY = "{\"id\": \"chatcmpl-1\", \"choices\": [{\"message\": {\"content\": \"h\\u00e9llo \\ud83d\\ude00\"}}]}";
    private static final String ERROR = "{\"code\": \"batch_cancelled\", \"message\": \"Gr\u00fc\u00dfe \u2028 \\\"quoted\\\"\"}";

    @Test
    void shouldCountAResultLineAsItRenders() throws Exception {
        assertCounted("job-1", "plain", 200, "req_1", BODY, null, false);
        assertCounted("job-2", "tab\tnew\nline \u0001 \u007f \"q\" \\ é 日本 😀", 200, "req_\u0002", BODY, null, true);
        assertCounted("job-3", "failed", 400, null, null, ERROR, false);
        assertCounted("job-4", "no answer", null, null, BODY, ERROR, false);
    }

    @Test
    void shouldCountAnUnreleasedLineAsItRenders() throws Exception {
        var out = new ByteArrayOutputStream();
        try (var gen = ResultLines.generator(out)) {
            ResultLines.writeUnreleased(gen, "b-7", "id \u0003 ü", "batch_expired", "This request could not be executed.");
            gen.writeRaw('\n');
        }
        assertThat(ResultLines.unreleasedBytes("b-7", "id \u0003 ü", "batch_expired", "This request could not be executed."))
                .isEqualTo(out.size());
    }

    @Test
    void shouldStartEveryLineWithItsObjectNotASeparator() throws Exception {
        var out = new ByteArrayOutputStream();
        try (var gen = ResultLines.generator(out)) {
            for (int i = 0; i < 3; i++) {
                ResultLines.writeResult(gen, "j" + i, "c", 200, "r", "{}", null, false, null);
                gen.writeRaw('\n');
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).allMatch(line -> line.startsWith("{"));
    }

    private static void assertCounted(String jobId, String customId, Integer status, String requestId, String body, String error,
                                      boolean cached) throws Exception {
        assertCounted(jobId, customId, status, requestId, body, error, cached, null);
        assertCounted(jobId, customId, status, requestId, body, error, cached,
                "[{\"check\": \"json_schema\", \"passed\": false, \"detail\": \"$.a: ü is not a number\"}]");
    }

    private static void assertCounted(String jobId, String customId, Integer status, String requestId, String body, String error,
                                      boolean cached, String checks) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var gen = ResultLines.generator(out)) {
            ResultLines.writeResult(gen, jobId, customId, status, requestId, body, error, cached, checks);
            gen.writeRaw('\n');
        }
        assertThat(ResultLines.resultBytes(jobId, customId, status, requestId, utf8(body), utf8(error), cached, utf8(checks)))
                .as("line %s", out.toString(StandardCharsets.UTF_8)).isEqualTo(out.size());
    }

    private static long utf8(String json) {
        return json == null ? ResultLines.ABSENT : json.getBytes(StandardCharsets.UTF_8).length;
    }
}
