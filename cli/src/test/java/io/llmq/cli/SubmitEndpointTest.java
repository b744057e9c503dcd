package io.llmq.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitEndpointTest {

    @Test
    void shouldTakeTheBatchEndpointFromTheFirstLinesUrlWhateverEndpointItIs(@TempDir Path dir) throws Exception {
        for (var endpoint : new String[] {"/v1/responses", "/v1/completions", "/v1/moderations"}) {
            var file = Files.writeString(dir.resolve("in.jsonl"), "\n{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"" + endpoint
                    + "\",\"body\":{\"model\":\"m\",\"input\":\"x\"}}\n");

            assertThat(Submit.endpointOf(file)).isEqualTo(endpoint);
        }
    }

    @Test
    void shouldFallBackToChatCompletionsWhenTheFirstLineNamesNoUrl(@TempDir Path dir) throws Exception {
        var file = Files.writeString(dir.resolve("in.jsonl"), "{\"custom_id\":\"a\"}\n");

        assertThat(Submit.endpointOf(file)).isEqualTo(Submit.DEFAULT_ENDPOINT);
    }
}
