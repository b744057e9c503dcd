package io.llmq.simulator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.simulator.Fault;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /sim/faults} (one spec or an array), {@code GET /sim/faults}, {@code DELETE /sim/faults}
 * and {@code GET /sim/traffic}. A spec: {@code {"type": "status", "status": 503, "model": "gpt-4o-mini",
 * "fraction": 0.5, "count": 10, "retry_after_ms": 2000, "hang_ms": 5000, "code": "..."}}; every
 * field but {@code type} is optional ({@code type} defaults to {@code status} when a status is given).
 */
public final class FaultRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FaultBook faults;
    private final Traffic traffic;

    public FaultRoutes(FaultBook faults, Traffic traffic) {
        this.faults = faults;
        this.traffic = traffic;
    }

    public void bindTo(Javalin app) {
        app.post("/sim/faults", this::add);
        app.get("/sim/faults", this::list);
        app.delete("/sim/faults", ctx -> {
            faults.clear();
            list(ctx);
        });
        app.get("/sim/traffic", this::traffic);
    }

    private void add(Context ctx) throws IOException {
        List<Fault> parsed = new ArrayList<>();
        try {
            var root = JSON.readTree(ctx.bodyAsBytes());
            if (root != null && root.isArray()) {
                root.forEach(n -> parsed.add(parse(n)));
            } else if (root != null && root.isObject()) {
                parsed.add(parse(root));
            } else {
                throw new IllegalArgumentException("body must be a fault object or an array of them");
            }
        } catch (IOException | IllegalArgumentException e) {
            var error = JSON.createObjectNode();
            error.putObject("error").put("message", e.getMessage());
            ctx.status(400).contentType("application/json").result(JSON.writeValueAsBytes(error));
            return;
        }
        parsed.forEach(faults::add);
        ctx.status(201);
        list(ctx);
    }

    static Fault parse(JsonNode n) {
        var typeName = n.path("type").asText(n.has("status") ? "status" : "");
        Fault.Type type;
        try {
            type = Fault.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("type must be one of status, hang, reset, truncate; got '" + typeName + "'");
        }
        return new Fault(type, n.path("status").asInt(0), text(n, "code"), text(n, "model"),
                n.path("fraction").asDouble(1), n.path("count").asLong(0),
                n.has("retry_after_ms") ? Duration.ofMillis(n.get("retry_after_ms").asLong()) : null,
                n.has("hang_ms") ? Duration.ofMillis(n.get("hang_ms").asLong()) : null);
    }

    private void list(Context ctx) throws IOException {
        var body = JSON.createObjectNode();
        var data = body.putArray("faults");
        for (var a : faults.active()) {
            var f = a.fault();
            var entry = data.addObject();
            entry.put("type", f.type().name().toLowerCase(Locale.ROOT));
            entry.put("status", f.status());
            entry.put("code", f.code());
            entry.put("model", f.model());
            entry.put("fraction", f.fraction());
            entry.put("count", f.count());
            entry.put("remaining", f.count() == 0 ? -1 : a.remaining().get());
            entry.put("fired", a.fired().get());
        }
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(body));
    }

    private void traffic(Context ctx) throws IOException {
        var body = JSON.createObjectNode();
        traffic.snapshot().forEach((model, n) -> {
            var entry = body.putObject(model);
            entry.put("received", n[0]);
            entry.put("faulted", n[1]);
        });
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(body));
    }

    private static String text(JsonNode n, String field) {
        var v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
