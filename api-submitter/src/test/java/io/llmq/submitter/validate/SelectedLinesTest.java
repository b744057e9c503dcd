package io.llmq.submitter.validate;

import io.llmq.schema.catalogue.Catalogue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class SelectedLinesTest {

    private static String line(String customId) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
    }

    private static String read(String jsonl, BitSet lines, UnaryOperator<byte[]> rewrite) throws Exception {
        try (var in = new SelectedLines(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), lines, rewrite)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldPickTheLinesTheValidatorNumberedCountingBlankLinesBomAndCrlf() throws Exception {
        var jsonl = "\uFEFF" + line("a") + "\r\n\n" + line("b") + "\n   \n" + line("c") + "\r\n" + line("d");
        // the validator's numbers for each custom_id are the ones a job carries
        List<Integer> numbers = new ArrayList<>();
        new BatchValidator(Catalogue.load(Map.of()), "/v1/chat/completions", 100)
                .validate(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), valid -> numbers.add(valid.line()));
        assertThat(numbers).containsExactly(1, 3, 5, 6);
        var picked = new BitSet();
        picked.set(3);
        picked.set(6);

        assertThat(read(jsonl, picked, UnaryOperator.identity())).isEqualTo(line("b") + "\n" + line("d") + "\n");
    }

    @Test
    void shouldRewriteEachPickedLineAndYieldNothingForAnEmptySet() throws Exception {
        var jsonl = line("a") + "\n" + line("b") + "\n";
        var first = new BitSet();
        first.set(1);

        assertThat(read(jsonl, first, bytes -> "x".getBytes(StandardCharsets.UTF_8))).isEqualTo("x\n");
        assertThat(read(jsonl, new BitSet(), UnaryOperator.identity())).isEmpty();
    }
}
