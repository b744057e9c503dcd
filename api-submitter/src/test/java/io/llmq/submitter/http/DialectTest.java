package io.llmq.submitter.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DialectTest {

    @Test
    void shouldAnswerEachApiFamilyInItsOwnErrorShape() {
        assertThat(Dialect.of("/v1/batches")).isEqualTo(Dialect.OPENAI);
        assertThat(Dialect.of("/v1/files/file-1/content")).isEqualTo(Dialect.OPENAI);
        assertThat(Dialect.of("/v1/messages/batches/msgbatch_1/results")).isEqualTo(Dialect.ANTHROPIC);
        assertThat(Dialect.of("/v1/batches/batch_1/results")).isEqualTo(Dialect.NATIVE);
        assertThat(Dialect.of("/v1/usage")).isEqualTo(Dialect.NATIVE);
        assertThat(Dialect.of("/admin/tenants")).isEqualTo(Dialect.NATIVE);
        assertThat(Dialect.of("/nothing")).isEqualTo(Dialect.NATIVE);
    }

    @Test
    void shouldRenderTheLlmqShapeWithCodeDetailsAndRequestId() {
        var body = ErrorBodies.of(Dialect.NATIVE, ApiError.invalid("limit", "limit must be between 1 and 100."), "req_1");
        assertThat(body.at("/error/code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(body.at("/error/details/0/param").asText()).isEqualTo("limit");
        assertThat(body.at("/error/request_id").asText()).isEqualTo("req_1");
        var anthropic = ErrorBodies.of(Dialect.ANTHROPIC, ApiError.notFound("message batch", "x"), "req_2");
        assertThat(anthropic.path("type").asText()).isEqualTo("error");
        assertThat(anthropic.at("/error/type").asText()).isEqualTo("not_found_error");
    }
}
