package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.simulator.ProviderSimulator;
import io.llmq.simulator.engine.BillBook;
import io.llmq.simulator.engine.Completion;
import io.llmq.simulator.engine.FinishReason;
import io.llmq.simulator.engine.TokenCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/moderations} in OpenAI's wire format: one result per input, each flagged by
 * {@link ModerationVerdict}'s word lists, so a test knows in advance what will be flagged. The
 * answer carries no usage, as OpenAI's carries none; the bill counts each input's tokens as a call
 * with no completion tokens (moderation is free at OpenAI, but llmq's ledger still shows the call).
 */
final class ModerationsHandler {
    static final String PATH = "/v1/moderations";
    private static final Logger LOG = LoggerFactory.getLogger(ModerationsHandler.class);

    private final BillBook bills;
    private final ApiKeyCheck apiKeys;
    private final TokenCounter tokens = TokenCounter.o200k();

    ModerationsHandler(BillBook bills, ApiKeyCheck apiKeys) {
        this.bills = bills;
        this.apiKeys = apiKeys;
    }

    void bindTo(Javalin app) {
        app.post(PATH, this::handle);
    }

    private void handle(Context ctx) {
        ctx.header("x-request-id", Ids.requestId());
        ctx.contentType(OpenAiJson.CONTENT_TYPE);
        try {
            var denied = apiKeys.check(ctx.header("Authorization"));
            if (denied.isPresent()) {
                reject(ctx, denied.get());
                return;
            }
            var root = OpenAiJson.object(ctx.bodyAsBytes());
            var model = root.path("model").asText("omni-moderation-latest");
            var texts = texts(root.get("input"));
            ctx.status(200).result(answer(model, texts, ctx.header(ProviderSimulator.ATTEMPT_HEADER)));
        } catch (Refusal refusal) {
            reject(ctx, refusal.error);
        } catch (RuntimeException e) {
            LOG.warn("moderation request failed unexpectedly", e);
            ctx.status(500).result(OpenAiError.serverError().toJson());
        }
    }

    private byte[] answer(String model, List<String> texts, String attemptId) {
        var body = OpenAiJson.MAPPER.createObjectNode();
        body.put("id", Ids.moderationId());
        body.put("model", model);
        var results = body.putArray("results");
        int promptTokens = 0;
        for (var text : texts) {
            promptTokens += tokens.count(text);
            ModerationVerdict.of(text).writeTo(results.addObject());
        }
        bills.served(new Completion("", FinishReason.STOP, promptTokens, 0), attemptId);
        return OpenAiJson.bytes(body);
    }

    /** A string, or an array of strings and {@code {type: "text", text}} objects. */
    private static List<String> texts(JsonNode input) {
        if (ChatRequestParser.absent(input)) {
            throw new Refusal(OpenAiError.badRequest("Missing required parameter: 'input'.", "input", "missing_required_parameter"));
        }
        if (input.isTextual()) {
            return List.of(input.asText());
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new Refusal(OpenAiError.invalidType("input", "a string or a non-empty array", OpenAiJson.describe(input)));
        }
        var texts = new ArrayList<String>();
        for (int i = 0; i < input.size(); i++) {
            var item = input.get(i);
            if (item.isTextual()) {
                texts.add(item.asText());
            } else if ("text".equals(item.path("type").asText()) && item.path("text").isTextual()) {
                texts.add(item.get("text").asText());
            } else {
                throw new Refusal(OpenAiError.badRequest("Invalid value for 'input[" + i + "]': the simulator moderates text only.",
                        "input[" + i + "]", "invalid_value"));
            }
        }
        return texts;
    }

    private void reject(Context ctx, OpenAiError error) {
        bills.rejected();
        ctx.status(error.status()).result(error.toJson());
    }
}
