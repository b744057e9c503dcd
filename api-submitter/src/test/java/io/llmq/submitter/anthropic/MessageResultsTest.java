package io.llmq.submitter.anthropic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageResultsTest {

    @Test
    void shouldTurnAChatCompletionIntoAnAnthropicMessage() throws Exception {
        var completion = """
                {"id":"chatcmpl-abc","choices":[{"message":{"role":"assistant","content":"Hi!"},"finish_reason":"length"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":2}}}""";
        var result = MessageResults.result("succeeded", 200, "job-1", completion, null, "claude-sonnet-4-5");

        assertThat(result.path("type").asText()).isEqualTo("succeeded");
        var message = result.path("message");
        assertThat(message.path("id").asText()).isEqualTo("msg_abc");
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("content").get(0).path("text").asText()).isEqualTo("Hi!");
        assertThat(message.path("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(message.path("usage").path("input_tokens").asInt()).isEqualTo(10);
        assertThat(message.path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(2);
        assertThat(message.path("usage").path("output_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void shouldReportEveryOtherEndingInAnthropicsResultTypes() throws Exception {
        assertThat(MessageResults.result("cancelled", null, "j", null, "{\"code\":\"batch_cancelled\"}", "m").path("type").asText())
                .isEqualTo("canceled");
        assertThat(MessageResults.result("expired", null, "j", null, "{\"code\":\"batch_expired\"}", "m").path("type").asText())
                .isEqualTo("expired");
        var errored = MessageResults.result("failed", 400, "j", "{}", "{\"code\":\"bad\",\"message\":\"too long\"}", "m");
        assertThat(errored.path("type").asText()).isEqualTo("errored");
        assertThat(errored.at("/error/type").asText()).isEqualTo("error");
        assertThat(errored.at("/error/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(errored.at("/error/error/message").asText()).isEqualTo("too long");
        assertThat(MessageResults.result("failed", null, "j", null, "{\"message\":\"gave up\"}", "m").at("/error/error/type").asText())
                .isEqualTo("api_error");
    }

    @Test
    void shouldMapFinishReasonsToStopReasons() {
        assertThat(MessageResults.stopReason("stop")).isEqualTo("end_turn");
        assertThat(MessageResults.stopReason("content_filter")).isEqualTo("refusal");
        assertThat(MessageResults.stopReason("tool_calls")).isEqualTo("tool_use");
    }
}
