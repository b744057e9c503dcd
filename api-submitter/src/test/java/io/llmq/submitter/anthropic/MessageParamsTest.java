package io.llmq.submitter.anthropic;

import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MessageParamsTest {
    private final MessageParams params = new MessageParams(Catalogue.load(Map.of()));

    private MessageParams.Result translate(String json) throws Exception {
        return params.translate(Json.MAPPER.readTree(json));
    }

    @Test
    void shouldTranslateSystemBlocksStopSequencesAndUserIdToTheOpenAiChatShape() throws Exception {
        var result = translate("""
                {"model":"claude-sonnet-4-5","max_tokens":100,"temperature":0.5,"top_p":0.9,
                 "system":[{"type":"text","text":"Be brief."},{"type":"text","text":"Be kind.","cache_control":{"type":"ephemeral"}}],
                 "stop_sequences":["END"],"metadata":{"user_id":"u-1"},
                 "messages":[{"role":"user","content":"Hi"},
                             {"role":"assistant","content":[{"type":"text","text":"Hello"}]},
                             {"role":"user","content":[{"type":"text","text":"Look:"},
                                                       {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]}]}""");
        assertThat(result.error()).isNull();
        var body = result.body();
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.path("stop").get(0).asText()).isEqualTo("END");
        assertThat(body.path("user").asText()).isEqualTo("u-1");
        var messages = body.path("messages");
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo("Be brief.\nBe kind.");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Hi");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("Hello");
        assertThat(messages.get(3).path("content").get(1).path("image_url").path("url").asText()).isEqualTo("data:image/png;base64,AAAA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"top_k", "tools", "tool_choice", "thinking"})
    void shouldRefuseParametersWithoutAFaithfulOpenAiEquivalent(String parameter) throws Exception {
        var result = translate("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\""
                + parameter + "\":{}}");
        assertThat(result.error()).contains("params." + parameter).contains("cannot be mapped");
    }

    @Test
    void shouldRefuseToolBlocksAndMissingMaxTokens() throws Exception {
        assertThat(translate("""
                {"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"x"}]}]}""")
                .error()).contains("tool_result");
        assertThat(translate("{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").error())
                .contains("params.max_tokens");
        assertThat(translate("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":999999,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").error())
                .contains("maximum");
    }

    @Test
    void shouldRefuseModelsOutsideTheCatalogueAndEmbeddingModels() throws Exception {
        assertThat(translate("{\"model\":\"claude-9\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").error())
                .contains("claude-9");
        assertThat(translate("{\"model\":\"text-embedding-3-small\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").error())
                .contains("not a chat model");
    }
}
