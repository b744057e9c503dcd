package io.llmq.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.simulator.engine.BillBook;

/** The simulator's own endpoints, outside any provider's URL space: {@code /sim/*} and {@code /health}. */
final class ControlRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BillBook bills;

    ControlRoutes(BillBook bills) {
        this.bills = bills;
    }

    void bindTo(Javalin app) {
        app.get("/sim/bill", ctx -> writeBill(ctx, bills.current()));
        // Answers with the bill as it stood before the reset, so a benchmark can read and zero it in one call.
        app.post("/sim/reset", ctx -> writeBill(ctx, bills.reset()));
        app.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
    }

    private static void writeBill(Context ctx, Bill bill) throws JsonProcessingException {
        var body = JSON.createObjectNode();
        body.put("calls", bill.calls());
        body.put("prompt_tokens", bill.promptTokens());
        body.put("completion_tokens", bill.completionTokens());
        body.put("rejected", bill.rejected());
        body.put("failed", bill.failed());
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(body));
    }
}
