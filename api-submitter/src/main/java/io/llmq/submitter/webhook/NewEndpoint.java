package io.llmq.submitter.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Params;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The body of {@code POST /v1/webhook_endpoints}, checked: {@code url}, and {@code events} (default: all of them). */
record NewEndpoint(String url, List<String> events) {
    private static final Set<String> FIELDS = Set.of("url", "events");

    static NewEndpoint parse(JsonNode body, boolean allowPrivate) {
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw ApiError.invalid(Params.shorten(name), "Unknown field '" + Params.shorten(name)
                        + "'; a webhook endpoint takes 'url' and 'events'.");
            }
        });
        var url = body.get("url");
        if (url == null || url.isNull()) {
            throw ApiError.invalid("url", "'url' is required: the http(s) URL llmq POSTs events to.");
        }
        if (!url.isTextual()) {
            throw ApiError.invalid("url", "'url' must be a string.");
        }
        var problem = EndpointUrl.problem(url.asText(), allowPrivate);
        if (problem != null) {
            throw ApiError.invalid("url", "'url' " + problem);
        }
        return new NewEndpoint(url.asText(), events(body.get("events")));
    }

    private static List<String> events(JsonNode events) {
        if (events == null || events.isNull()) {
            return EventTypes.ALL;
        }
        if (!events.isArray() || events.isEmpty()) {
            throw ApiError.invalid("events", "'events' must be a non-empty list of event types, any of " + EventTypes.ALL + ".");
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            var event = events.get(i);
            if (!event.isTextual() || !EventTypes.ALL.contains(event.asText())) {
                throw ApiError.invalid("events[" + i + "]", "events[" + i + "] "
                        + (event.isTextual() ? "'" + Params.shorten(event.asText()) + "'" : "(" + event.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")")
                        + " is not an event llmq sends; choose from " + EventTypes.ALL + ".");
            }
            chosen.add(event.asText());
        }
        return List.copyOf(chosen);
    }
}
