package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.llmq.simulator.engine.BillBook;

import java.util.List;
import java.util.function.Function;

/**
 * What the Files and Batches endpoints share: the key check before anything else, OpenAI's error body
 * for every refusal (counted on the bill as rejected), {@code x-request-id} on every answer, and
 * OpenAI's cursor pages ({@code limit}, {@code after}).
 */
final class Replies {
    private final BillBook bills;
    private final ApiKeyCheck apiKeys;

    Replies(BillBook bills, ApiKeyCheck apiKeys) {
        this.bills = bills;
        this.apiKeys = apiKeys;
    }

    /** A handler that runs only for the right key; a {@link Refusal} thrown inside becomes its error. */
    Handler guarded(Handler inner) {
        return ctx -> {
            ctx.header("x-request-id", Ids.requestId());
            var denied = apiKeys.check(ctx.header("Authorization"));
            if (denied.isPresent()) {
                error(ctx, denied.get());
                return;
            }
            try {
                inner.handle(ctx);
            } catch (Refusal refusal) {
                error(ctx, refusal.error);
            }
        };
    }

    void error(Context ctx, OpenAiError error) {
        if (error.isRejection()) {
            bills.rejected();
        }
        ctx.status(error.status()).contentType(OpenAiJson.CONTENT_TYPE).result(error.toJson());
    }

    static void json(Context ctx, JsonNode body) {
        ctx.status(200).contentType(OpenAiJson.CONTENT_TYPE).result(OpenAiJson.bytes(body));
    }

    static OpenAiError notFound(String what, String id) {
        return new OpenAiError(404, "No such " + what + ": '" + id + "'", OpenAiError.INVALID_REQUEST, "id", null);
    }

    /**
     * One page of {@code items} (already in the list's order) after the item named {@code after}:
     * {@code {"object": "list", "data", "first_id", "last_id", "has_more"}}.
     */
    static <T> JsonNode page(Context ctx, List<T> items, Function<T, String> id, Function<T, JsonNode> json, int defaultLimit,
                             int maxLimit) {
        var limit = limit(ctx.queryParam("limit"), defaultLimit, maxLimit);
        var after = ctx.queryParam("after");
        int from = 0;
        if (after != null) {
            for (int i = 0; i < items.size(); i++) {
                if (id.apply(items.get(i)).equals(after)) {
                    from = i + 1;
                    break;
                }
            }
        }
        var to = Math.min(items.size(), from + limit);
        var body = OpenAiJson.MAPPER.createObjectNode();
        body.put("object", "list");
        var data = body.putArray("data");
        items.subList(from, to).forEach(item -> data.add(json.apply(item)));
        body.put("first_id", from < to ? id.apply(items.get(from)) : null);
        body.put("last_id", from < to ? id.apply(items.get(to - 1)) : null);
        body.put("has_more", to < items.size());
        return body;
    }

    private static int limit(String raw, int defaultLimit, int maxLimit) {
        if (raw == null || raw.isBlank()) {
            return defaultLimit;
        }
        try {
            var limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Refusal(OpenAiError.badRequest("Invalid 'limit': integer below minimum value or above maximum value. Expected"
                + " a value between 1 and " + maxLimit + ", but got " + raw + " instead.", "limit", "integer_out_of_range"));
    }
}
