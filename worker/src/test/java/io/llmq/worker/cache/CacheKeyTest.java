package io.llmq.worker.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.message.JobMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeyTest {

    private static JobMessage job(String model, String body) throws IOException {
        return new JobMessage("b-1", "b", "t", "c", 1, "/v1/chat/completions", model, (ObjectNode) Json.MAPPER.readTree(body),
                "normal", 0, Long.MAX_VALUE);
    }

    @Test
    void shouldGiveNoKeyToARequestThatMaySampleDifferentlyEachTime() throws IOException {
        assertThat(CacheKey.of(job("m", "{\"messages\":[],\"temperature\":0.7}"))).isEmpty();
        assertThat(CacheKey.of(job("m", "{\"messages\":[]}"))).as("the providers' default temperature is not 0").isEmpty();
        assertThat(CacheKey.of(job("m", "{\"messages\":[],\"temperature\":\"0\"}"))).isEmpty();
    }

    @Test
    void shouldKeyTemperatureZeroAndSeededRequests() throws IOException {
        assertThat(CacheKey.of(job("m", "{\"messages\":[],\"temperature\":0}"))).isPresent();
        assertThat(CacheKey.of(job("m", "{\"messages\":[],\"temperature\":1,\"seed\":42}"))).isPresent();
    }

    @Test
    void shouldIgnoreKeyOrderNumberSpellingAndBookkeepingFields() throws IOException {
        var a = CacheKey.of(job("m", "{\"temperature\":0,\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).orElseThrow();
        var b = CacheKey.of(job("m", "{\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],\"max_tokens\":10.0,\"temperature\":0.0,"
                + "\"user\":\"someone\",\"metadata\":{\"run\":\"2\"}}")).orElseThrow();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void shouldTellApartModelsMessagesAndParameters() throws IOException {
        var base = CacheKey.of(job("m", "{\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).orElseThrow();
        assertThat(CacheKey.of(job("other", "{\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).orElseThrow())
                .isNotEqualTo(base);
        assertThat(CacheKey.of(job("m", "{\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"ho\"}]}")).orElseThrow())
                .isNotEqualTo(base);
        assertThat(CacheKey.of(job("m", "{\"temperature\":0,\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .orElseThrow()).isNotEqualTo(base);
        // a string and a number are different values, not different spellings of one
        assertThat(CacheKey.of(job("m", "{\"temperature\":0,\"n\":1,\"messages\":[]}")).orElseThrow())
                .isNotEqualTo(CacheKey.of(job("m", "{\"temperature\":0,\"n\":\"1\",\"messages\":[]}")).orElseThrow());
    }
}
