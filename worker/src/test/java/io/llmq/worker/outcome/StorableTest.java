package io.llmq.worker.outcome;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StorableTest {

    @Test
    void shouldReplaceNulEscapesInJsonButNotEscapedBackslashes() {
        assertThat(Storable.json("{\"a\":\"x\\u0000y\"}")).isEqualTo("{\"a\":\"x\\ufffdy\"}");
        assertThat(Storable.json("{\"a\":\"\\\\u0000\"}")).as("a literal backslash then u0000").isEqualTo("{\"a\":\"\\\\u0000\"}");
        assertThat(Storable.json("{\"a\":\"\\\\\\u0000\"}")).isEqualTo("{\"a\":\"\\\\\\ufffd\"}");
        assertThat(Storable.json(null)).isNull();
    }

    @Test
    void shouldReplaceRawNulsInText() {
        assertThat(Storable.text("a\u0000b")).isEqualTo("a\uFFFDb");
        assertThat(Storable.text("plain")).isEqualTo("plain");
    }
}
