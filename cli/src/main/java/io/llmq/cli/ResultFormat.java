package io.llmq.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * How {@code llmq results} writes each result: JSONL (llmq's result object as the API returns it,
 * one a line) or CSV (RFC 4180, one row a job, the answer's text in {@code content}).
 */
enum ResultFormat {
    JSONL, CSV;

    static final List<String> CSV_COLUMNS = List.of("line", "custom_id", "status", "model", "input_tokens",
            "output_tokens", "content", "error_code", "error_message");

    /** {@code --format} if given, else from the file name ({@code .csv}), else JSONL. */
    static ResultFormat of(String option, String target) {
        if (option != null) {
            return switch (option.toLowerCase(Locale.ROOT)) {
                case "jsonl", "json" -> JSONL;
                case "csv" -> CSV;
                default -> throw new UsageError("--format must be jsonl or csv, got '" + option + "'");
            };
        }
        return target != null && target.toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : JSONL;
    }

    void header(Writer w) throws IOException {
        if (this == CSV) {
            w.write(String.join(",", CSV_COLUMNS));
            w.write("\r\n");
        }
    }

    void write(JsonNode item, Writer w) throws IOException {
        if (this == JSONL) {
            w.write(item.toString());
            w.write('\n');
            return;
        }
        var error = item.path("error");
        var cells = List.of(item.path("line").asText(), item.path("custom_id").asText(), item.path("status").asText(),
                item.path("model").asText(""), item.path("input_tokens").asText(), item.path("output_tokens").asText(),
                content(item.path("response").path("body")), error.path("code").asText(""), error.path("message").asText(""));
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(csv(cells.get(i)));
        }
        w.write("\r\n");
    }

    /**
     * The answer's text: a chat message's content, a Responses answer's output text, a legacy
     * completion's text; a moderation's flagged categories; an embedding as its JSON array; else
     * the whole body as JSON; empty without one.
     */
    static String content(JsonNode body) {
        if (body.isMissingNode() || body.isNull()) {
            return "";
        }
        var message = body.path("choices").path(0).path("message").path("content");
        if (message.isTextual()) {
            return message.asText();
        }
        var completion = body.path("choices").path(0).path("text");
        if (completion.isTextual()) {
            return completion.asText();
        }
        if ("response".equals(body.path("object").asText())) {
            var text = new StringBuilder();
            for (var item : body.path("output")) {
                item.path("content").forEach(part -> text.append(part.path("text").asText("")));
            }
            return text.toString();
        }
        if (body.path("results").isArray()) {
            return moderation(body.path("results"));
        }
        var embedding = body.path("data").path(0).path("embedding");
        return embedding.isMissingNode() ? body.toString() : embedding.toString();
    }

    /** {@code flagged: violence harassment} per input (inputs separated by {@code ;}), or {@code not flagged}. */
    private static String moderation(JsonNode results) {
        var out = new StringJoiner("; ");
        for (var result : results) {
            var flagged = new StringJoiner(" ", "flagged: ", "").setEmptyValue("not flagged");
            result.path("categories").properties().forEach(category -> {
                if (category.getValue().asBoolean(false)) {
                    flagged.add(category.getKey());
                }
            });
            out.add(flagged.toString());
        }
        return out.toString();
    }

    static String csv(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
