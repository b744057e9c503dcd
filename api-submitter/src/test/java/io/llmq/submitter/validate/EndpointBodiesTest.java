package io.llmq.submitter.validate;

import io.llmq.schema.catalogue.Catalogue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines of the Responses, legacy Completions and Moderations endpoints, as the door judges them. */
class EndpointBodiesTest {
    private static final Catalogue CATALOGUE = Catalogue.load(Map.of());
    private static final String RESPONSES = "/v1/responses";
    private static final String COMPLETIONS = "/v1/completions";
    private static final String MODERATIONS = "/v1/moderations";

    private static String line(String url, String id, String body) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"" + url + "\",\"body\":" + body + "}";
    }

    private static ValidationReport validate(String endpoint, String... lines) throws Exception {
        var jsonl = String.join("\n", lines);
        return new BatchValidator(CATALOGUE, endpoint, 100).validate(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), l -> { });
    }

    @Test
    void shouldAcceptResponsesLinesWithStringInputMessagesFunctionItemsAndATextFormat() throws Exception {
        var seen = new ArrayList<ValidLine>();
        var jsonl = String.join("\n",
                line(RESPONSES, "a", "{\"model\":\"gpt-4o-mini\",\"input\":\"Say hi\",\"instructions\":\"Be brief\",\"max_output_tokens\":50}"),
                line(RESPONSES, "b", "{\"model\":\"claude-sonnet-4\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"hello\"}]},"
                        + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"f\",\"arguments\":\"{}\"},"
                        + "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"42\"},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"and?\"}]}],"
                        + "\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"a\",\"schema\":{\"type\":\"object\"}}},"
                        + "\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}]}"));
        var report = new BatchValidator(CATALOGUE, RESPONSES, 100)
                .validate(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), seen::add);
        assertThat(report.errors()).isEmpty();
        assertThat(seen).extracting(ValidLine::customId).containsExactly("a", "b");
        assertThat(seen.get(0).estimatedTokens()).isPositive();
    }

    @Test
    void shouldRefuseResponsesLinesNamingTheLineAndTheField() throws Exception {
        var report = validate(RESPONSES,
                line(RESPONSES, "a", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                line(RESPONSES, "b", "{\"model\":\"gpt-4o-mini\",\"input\":[{\"role\":\"tool\",\"content\":\"x\"}]}"),
                line(RESPONSES, "c", "{\"model\":\"gpt-4o-mini\",\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}"),
                line(RESPONSES, "d", "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"max_output_tokens\":999999}"),
                line(RESPONSES, "e", "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"yaml\"}}}"),
                line(RESPONSES, "f", "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"tools\":[{\"type\":\"web_search\"}]}"),
                line(RESPONSES, "g", "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"previous_response_id\":\"resp_1\"}"),
                line(RESPONSES, "h", "{\"model\":\"gpt-4o-mini\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"image_url\":\"http://169.254.169.254/x\"}]}]}"),
                line(RESPONSES, "i", "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}"),
                line(COMPLETIONS, "j", "{\"model\":\"gpt-4o-mini\",\"input\":\"x\"}"),
                line(RESPONSES, "k", "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"max_output_tokens\":8}"));
        assertThat(report.errors()).extracting(LineError::line).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(report.errors()).extracting(LineError::param).containsExactly("body.messages", "body.input[0].role",
                "body.input[0].type", "body.max_output_tokens", "body.text.format.type", "body.tools[0].type",
                "body.previous_response_id", "body.input[0].content[0].image_url", "body.model", "url", "body.max_output_tokens");
        assertThat(report.errors().get(10).message()).contains("at least 16");
        assertThat(report.errors().get(0).message()).startsWith("Line 1: body.messages is not accepted");
        assertThat(report.errors().get(6).message()).contains("stored at the provider");
        assertThat(report.errors().get(8).message()).contains("an embedding model; it serves /v1/embeddings, not /v1/responses");
    }

    @Test
    void shouldAcceptOneCompletionsPromptPerLineAndRefuseSeveralOrTokenIds() throws Exception {
        var report = validate(COMPLETIONS,
                line(COMPLETIONS, "a", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"Once upon\",\"max_tokens\":20,\"stop\":[\"\\n\"]}"),
                line(COMPLETIONS, "b", "{\"model\":\"gpt-4o-mini\",\"prompt\":[\"Once upon\"]}"),
                line(COMPLETIONS, "c", "{\"model\":\"gpt-4o-mini\",\"prompt\":[\"one\",\"two\"]}"),
                line(COMPLETIONS, "d", "{\"model\":\"gpt-4o-mini\",\"prompt\":[1,2,3]}"),
                line(COMPLETIONS, "e", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"x\",\"best_of\":3}"),
                line(COMPLETIONS, "f", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"x\",\"max_tokens\":0}"));
        assertThat(report.validLines()).isEqualTo(2);
        assertThat(report.errors()).extracting(LineError::param).containsExactly("body.prompt", "body.prompt", "body.best_of", "body.max_tokens");
        assertThat(report.errors().get(0).message()).contains("holds 2 prompts");
    }

    @Test
    void shouldAcceptModerationTextAndRefuseImagesEmptyInputAndChatModels() throws Exception {
        var report = validate(MODERATIONS,
                line(MODERATIONS, "a", "{\"model\":\"omni-moderation-latest\",\"input\":\"I like tea\"}"),
                line(MODERATIONS, "b", "{\"model\":\"omni-moderation-latest\",\"input\":[\"a\",{\"type\":\"text\",\"text\":\"b\"}]}"),
                line(MODERATIONS, "c", "{\"model\":\"omni-moderation-latest\",\"input\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}"),
                line(MODERATIONS, "d", "{\"model\":\"omni-moderation-latest\",\"input\":\"\"}"),
                line(MODERATIONS, "e", "{\"model\":\"gpt-4o-mini\",\"input\":\"x\"}"),
                line(MODERATIONS, "f", "{\"model\":\"omni-moderation-latest\",\"input\":\"x\",\"temperature\":1}"));
        assertThat(report.validLines()).isEqualTo(2);
        assertThat(report.errors()).extracting(LineError::param).containsExactly("body.input[0]", "body.input", "body.model", "body.temperature");
        assertThat(report.errors().get(2).message()).contains("a chat model; it serves /v1/chat/completions, /v1/responses, /v1/completions");
    }
}
