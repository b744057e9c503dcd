package io.llmq.submitter.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.ModelKind;
import io.llmq.submitter.http.ApiError;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates the {@code requests[]} of one Message Batches create, one request at a time, into
 * llmq's batch lines ({@code {custom_id, method, url, body}} with an OpenAI chat body), collecting
 * every problem on the way. Anthropic's own rule for {@code custom_id} applies: 1 to 64 letters,
 * digits, {@code _} or {@code -}, unique in the batch.
 */
final class MessageRequests {
    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    static final int MAX_LISTED = 20;

    private final MessageParams params;
    private final Set<String> customIds = new HashSet<>();
    private final List<String> errors = new ArrayList<>();
    private int errorCount;
    private int index;

    MessageRequests(Catalogue catalogue) {
        this.params = new MessageParams(catalogue);
    }

    /** Translates {@code requests[index]}; a bad request yields a placeholder and an error. */
    JsonNode translate(JsonNode request) {
        var at = "requests[" + index++ + "]";
        var line = Json.object();
        line.put("method", "POST");
        line.put("url", ModelKind.CHAT.endpoint());
        if (!request.isObject()) {
            return fail(at + " must be an object {custom_id, params}.", line);
        }
        for (var name : (Iterable<String>) request::fieldNames) {
            if (!name.equals("custom_id") && !name.equals("params")) {
                return fail(at + "." + MessageParams.shorten(name) + ": unknown field (a request has custom_id and params).", line);
            }
        }
        var customId = request.path("custom_id");
        if (!customId.isTextual() || !CUSTOM_ID.matcher(customId.asText()).matches()) {
            return fail(at + ".custom_id must be 1 to 64 letters, digits, '_' or '-'.", line);
        }
        if (!customIds.add(customId.asText())) {
            return fail(at + ".custom_id '" + customId.asText() + "' is used by an earlier request; custom_id must be unique.", line);
        }
        line.put("custom_id", customId.asText());
        var result = params.translate(request.get("params"));
        if (result.error() != null) {
            return fail(at + "." + result.error(), line);
        }
        line.set("body", result.body());
        return line;
    }

    private JsonNode fail(String message, ObjectNode line) {
        errorCount++;
        if (errors.size() < MAX_LISTED) {
            errors.add(message);
        }
        return line;
    }

    /** Throws Anthropic's 400 listing the first problems, if there were any. */
    void requireValid() {
        if (errorCount == 0) {
            return;
        }
        throw ApiError.invalid("requests", errorCount + " request" + (errorCount == 1 ? " is" : "s are")
                + " invalid; nothing was enqueued. " + String.join(" ", errors)
                + (errorCount > errors.size() ? " (and " + (errorCount - errors.size()) + " more)" : ""));
    }
}
