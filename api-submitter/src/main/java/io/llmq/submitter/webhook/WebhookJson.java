package io.llmq.submitter.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.util.List;

/** The API's webhook objects: an endpoint, a list of them, a deleted one. */
final class WebhookJson {

    private WebhookJson() {
    }

    static ObjectNode of(Endpoint e) {
        var json = Json.object();
        json.put("id", e.id());
        json.put("object", "webhook_endpoint");
        json.put("url", e.url());
        var events = json.putArray("events");
        e.events().forEach(events::add);
        json.put("status", e.enabled() ? "enabled" : "disabled");
        json.put("disabled_reason", e.disabledReason());
        json.put("consecutive_failures", e.consecutiveFailures());
        json.put("created_at", e.createdAt().getEpochSecond());
        if (e.secret() != null) {
            json.put("secret", e.secret());
        }
        if (e.previousSecretUntil() != null) {
            json.put("previous_secret_expires_at", e.previousSecretUntil().getEpochSecond());
        }
        return json;
    }

    /** OpenAI's list shape; {@code hasMore} when the page was cut at its limit. */
    static ObjectNode list(List<ObjectNode> data, boolean hasMore) {
        var body = Json.object();
        body.put("object", "list");
        var array = body.putArray("data");
        data.forEach(array::add);
        body.put("first_id", data.isEmpty() ? null : data.get(0).path("id").asText());
        body.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).path("id").asText());
        body.put("has_more", hasMore);
        return body;
    }

    static ObjectNode deleted(String id) {
        return Json.object().put("id", id).put("object", "webhook_endpoint").put("deleted", true);
    }
}
