package io.llmq.simulator.openai;

import io.javalin.Javalin;
import io.llmq.simulator.batch.BatchRunner;
import io.llmq.simulator.engine.BillBook;
import io.llmq.simulator.engine.CompletionEngine;

import java.time.Clock;

/**
 * Everything the simulator serves under {@code /v1}, OpenAI style: the prompt endpoints, moderations,
 * and the Files and Batch APIs. A later wire format (Anthropic,
 * Gemini) is a sibling package with the same shape: its own handler over the same engine and bill.
 */
public final class OpenAiWireFormat {

    public static final String CHAT_COMPLETIONS_PATH = "/v1/chat/completions";
    public static final String RESPONSES_PATH = "/v1/responses";
    public static final String COMPLETIONS_PATH = "/v1/completions";
    private static final String PREFIX = "/v1/";

    private final CompletionEngine engine;
    private final BillBook bills;
    private final ApiKeyCheck apiKeys;
    private final Clock clock;
    private final BatchRunner batches;

    /**
     * @param apiKey  the one key accepted; null accepts any
     * @param batches runs the lines of the Batch API's batches
     */
    public OpenAiWireFormat(CompletionEngine engine, BillBook bills, String apiKey, Clock clock, BatchRunner batches) {
        this.engine = engine;
        this.bills = bills;
        this.apiKeys = new ApiKeyCheck(apiKey);
        this.clock = clock;
        this.batches = batches;
    }

    public void bindTo(Javalin app) {
        app.post(CHAT_COMPLETIONS_PATH, new PromptHandler(engine, bills, apiKeys, clock, ChatRequestParser::parse, ChatCompletionResponse::answer));
        app.post(RESPONSES_PATH, new PromptHandler(engine, bills, apiKeys, clock, ResponsesRequestParser::parse, ResponsesAnswer::body));
        app.post(COMPLETIONS_PATH, new PromptHandler(engine, bills, apiKeys, clock, CompletionsRequestParser::parse, TextCompletionAnswer::body));
        new ModerationsHandler(bills, apiKeys).bindTo(app);
        var files = new FileStore();
        var replies = new Replies(bills, apiKeys);
        new FilesRoutes(files, replies, clock, batches).bindTo(app);
        new BatchesRoutes(files, batches, replies, clock).bindTo(app);
        // A client aiming at an endpoint the simulator lacks should see OpenAI's answer, and the bill should show the miss.
        app.error(404, ctx -> {
            if (ctx.path().startsWith(PREFIX)) {
                bills.rejected();
                var error = OpenAiError.invalidUrl(ctx.method().name(), ctx.path());
                ctx.contentType(OpenAiJson.CONTENT_TYPE).result(error.toJson());
            }
        });
    }
}
