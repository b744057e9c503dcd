package io.llmq.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.simulator.batch.BatchRunner;
import io.llmq.simulator.engine.BillBook;
import io.llmq.simulator.limits.ServedLog;

/** The simulator's own endpoints, outside any provider's URL space: {@code /sim/*} and {@code /health}. */
final class ControlRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BillBook bills;
    private final ServedLog served;
    private final BatchRunner batches;

    ControlRoutes(BillBook bills, ServedLog served, BatchRunner batches) {
        this.bills = bills;
        this.served = served;
        this.batches = batches;
    }

    void bindTo(Javalin app) {
        app.get("/sim/bill", ctx -> writeBill(ctx, bills.current()));
        // Answers with the bill as it stood before the reset, so a benchmark can read and zero it in one call.
        app.post("/sim/reset", ctx -> writeBill(ctx, bills.reset()));
        app.get("/sim/served", this::writeServed);
        app.get("/sim/bill/calls", this::writeItemised);
        app.post("/sim/batches/expire", ctx -> ctx.contentType("application/json")
                .result(JSON.writeValueAsBytes(JSON.createObjectNode().put("expired", batches.expireAll()))));
        app.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
    }

    /** Second by second: calls, tokens, 429s; and the busiest 60-second window. */
    private void writeServed(Context ctx) throws JsonProcessingException {
        var body = JSON.createObjectNode();
        var busiest = served.busiestMinute();
        body.put("max_calls_60s", busiest[0]);
        body.put("max_tokens_60s", busiest[1]);
        var seconds = body.putArray("seconds");
        long rateLimited = 0;
        for (var s : served.seconds()) {
            seconds.addObject().put("t", s.epochSecond()).put("calls", s.calls()).put("tokens", s.tokens()).put("http_429", s.rateLimited());
            rateLimited += s.rateLimited();
        }
        body.put("http_429", rateLimited);
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(body));
    }

    /** Every billed call that named its attempt id: {@code [{"attempt_id", "prompt_tokens", "completion_tokens", "batch", "provider_batch_id"}]}. */
    private void writeItemised(Context ctx) throws JsonProcessingException {
        var body = JSON.createArrayNode();
        for (var call : bills.itemised()) {
            body.addObject().put("attempt_id", call.attemptId()).put("prompt_tokens", call.promptTokens())
                    .put("completion_tokens", call.completionTokens()).put("batch", call.batch()).put("provider_batch_id", call.providerBatchId());
        }
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(body));
    }

    private static void writeBill(Context ctx, Bill bill) throws JsonProcessingException {
        var body = JSON.createObjectNode();
        body.put("calls", bill.calls());
        body.put("prompt_tokens", bill.promptTokens());
        body.put("completion_tokens", bill.completionTokens());
        body.put("rejected", bill.rejected());
        body.put("failed", bill.failed());
        body.put("batch_calls", bill.batchCalls());
        body.put("batch_prompt_tokens", bill.batchPromptTokens());
        body.put("batch_completion_tokens", bill.batchCompletionTokens());
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(body));
    }
}
