package io.llmq.simulator.embeddings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.simulator.engine.BillBook;
import io.llmq.simulator.engine.Completion;
import io.llmq.simulator.engine.FinishReason;
import io.llmq.simulator.engine.TokenCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

/** {@code POST /v1/embeddings} in OpenAI's wire format; bad input is a 400, never a 500. */
public final class EmbeddingsHandler {
    public static final String PATH = "/v1/embeddings";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingsHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TokenCounter tokens;
    private final BillBook bills;
    private final byte[] apiKey;

    /** @param apiKey the one key accepted (as {@code Authorization: Bearer}); null accepts any */
    public EmbeddingsHandler(TokenCounter tokens, BillBook bills, String apiKey) {
        this.tokens = tokens;
        this.bills = bills;
        this.apiKey = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
    }

    public void bindTo(Javalin app) {
        app.post(PATH, this::handle);
    }

    void handle(Context ctx) {
        ctx.header("x-request-id", "req_" + UUID.randomUUID().toString().replace("-", ""));
        ctx.contentType("application/json");
        try {
            if (!authorized(ctx.header("Authorization"))) {
                reject(ctx, 401, "Incorrect API key provided.", null, "invalid_api_key");
                return;
            }
            EmbeddingRequest request;
            try {
                request = EmbeddingRequest.parse(MAPPER.readTree(ctx.bodyAsBytes()));
            } catch (IOException e) {
                reject(ctx, 400, "We could not parse the JSON body of your request.", null, null);
                return;
            } catch (EmbeddingRequest.Invalid e) {
                reject(ctx, 400, e.getMessage(), e.param, null);
                return;
            }
            var body = answer(request);
            ctx.status(200).result(MAPPER.writeValueAsBytes(body));
        } catch (IOException | RuntimeException e) {
            LOG.warn("embeddings request failed unexpectedly", e);
            ctx.status(500).result(error("The server had an error while processing your request.", "server_error", null, null));
        }
    }

    private ObjectNode answer(EmbeddingRequest request) {
        var dimensions = request.dimensions() > 0 ? request.dimensions() : Vectors.defaultDimensions(request.model());
        var body = MAPPER.createObjectNode();
        body.put("object", "list");
        var data = body.putArray("data");
        int promptTokens = 0;
        for (int i = 0; i < request.inputs().size(); i++) {
            var input = request.inputs().get(i);
            promptTokens += input.text() != null ? tokens.count(input.text()) : input.tokens().length;
            var vector = Vectors.of(request.model(), input, dimensions);
            var item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (request.base64()) {
                item.put("embedding", Vectors.base64(vector));
            } else {
                var array = item.putArray("embedding");
                for (var v : vector) {
                    array.add(v);
                }
            }
        }
        body.put("model", request.model());
        var usage = body.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("total_tokens", promptTokens);
        // on the same bill as completions, as a call that produced no completion tokens
        bills.served(new Completion("", FinishReason.STOP, promptTokens, 0));
        return body;
    }

    private boolean authorized(String authorization) {
        if (apiKey == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(apiKey, authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    private void reject(Context ctx, int status, String message, String param, String code) {
        bills.rejected();
        ctx.status(status).result(error(message, "invalid_request_error", param, code));
    }

    private static byte[] error(String message, String type, String param, String code) {
        var root = MAPPER.createObjectNode();
        var error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
    }
}
