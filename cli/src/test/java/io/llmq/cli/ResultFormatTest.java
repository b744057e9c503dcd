package io.llmq.cli;

import io.llmq.cli.api.Json;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultFormatTest {

    @Test
    void shouldPickTheFormatFromTheOptionElseTheFileName() {
        assertThat(ResultFormat.of(null, "out.CSV")).isEqualTo(ResultFormat.CSV);
        assertThat(ResultFormat.of(null, "out.jsonl")).isEqualTo(ResultFormat.JSONL);
        assertThat(ResultFormat.of(null, null)).isEqualTo(ResultFormat.JSONL);
        assertThat(ResultFormat.of("csv", "out.jsonl")).isEqualTo(ResultFormat.CSV);
        assertThatThrownBy(() -> ResultFormat.of("xml", null)).isInstanceOf(UsageError.class).hasMessageContaining("'xml'");
    }

    @Test
    void shouldQuoteCsvCellsWithCommasQuotesAndLineBreaksOnly() {
        assertThat(ResultFormat.csv("plain")).isEqualTo("plain");
        assertThat(ResultFormat.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(ResultFormat.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ResultFormat.csv("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void shouldWriteAChatAnswersTextAndAnErrorsCodeAsCsvRows() throws Exception {
        var ok = Json.MAPPER.readTree("""
                {"line": 1, "custom_id": "a", "status": "succeeded", "model": "gpt-4o-mini", "input_tokens": 3, "output_tokens": 4,
                 "response": {"status_code": 200, "body": {"choices": [{"message": {"content": "Hello, world"}}]}}, "error": null}""");
        var failed = Json.MAPPER.readTree("""
                {"line": 2, "custom_id": "b", "status": "cancelled", "model": null, "input_tokens": 0, "output_tokens": 0,
                 "response": null, "error": {"code": "batch_cancelled", "message": "The batch was cancelled."}}""");
        var out = new StringWriter();
        ResultFormat.CSV.header(out);
        ResultFormat.CSV.write(ok, out);
        ResultFormat.CSV.write(failed, out);

        assertThat(out.toString()).isEqualTo("""
                line,custom_id,status,model,input_tokens,output_tokens,content,error_code,error_message\r
                1,a,succeeded,gpt-4o-mini,3,4,"Hello, world",,\r
                2,b,cancelled,,0,0,,batch_cancelled,The batch was cancelled.\r
                """);
    }

    @Test
    void shouldTakeTheTextOfResponsesAndLegacyCompletionsAndTheFlagsOfAModeration() throws Exception {
        var response = Json.MAPPER.readTree("""
                {"object": "response", "output": [{"type": "message", "content": [{"type": "output_text", "text": "Hi "},
                 {"type": "output_text", "text": "there"}]}]}""");
        var completion = Json.MAPPER.readTree("{\"object\": \"text_completion\", \"choices\": [{\"text\": \"once\"}]}");
        var moderation = Json.MAPPER.readTree("""
                {"id": "modr-1", "results": [{"flagged": true, "categories": {"hate": false, "violence": true, "harassment": true}},
                                             {"flagged": false, "categories": {"violence": false}}]}""");

        assertThat(ResultFormat.content(response)).isEqualTo("Hi there");
        assertThat(ResultFormat.content(completion)).isEqualTo("once");
        assertThat(ResultFormat.content(moderation)).isEqualTo("flagged: violence harassment; not flagged");
    }
}
