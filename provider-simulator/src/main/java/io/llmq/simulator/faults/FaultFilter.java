package io.llmq.simulator.faults;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.llmq.simulator.Fault;
import io.llmq.simulator.engine.BillBook;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs before every provider endpoint (all three wire formats): counts the request against its
 * model, and if a fault hits it, answers (or does not answer) as the fault says, so the handler and
 * the engine never see it. A hit is billed as rejected (4xx) or failed (everything else).
 */
public final class FaultFilter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FaultBook faults;
    private final Traffic traffic;
    private final BillBook bills;
    private final Set<Thread> hanging = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    public FaultFilter(FaultBook faults, Traffic traffic, BillBook bills) {
        this.faults = faults;
        this.traffic = traffic;
        this.bills = bills;
    }

    public void handle(Context ctx) throws Exception {
        if (!"POST".equals(ctx.method().name())) {
            return;
        }
        var model = model(ctx);
        traffic.received(model);
        var hit = faults.draw(model);
        if (hit.isEmpty()) {
            return;
        }
        var fault = hit.get();
        traffic.faulted(model);
        var format = WireFormat.of(ctx.path());
        ctx.skipRemainingHandlers();
        switch (fault.type()) {
            case STATUS -> {
                if (fault.status() < 500) {
                    bills.rejected();
                } else {
                    bills.failed();
                }
                if (fault.retryAfter() != null) {
                    ctx.header("retry-after", Long.toString(Math.max(1, (fault.retryAfter().toMillis() + 999) / 1000)));
                    ctx.header("retry-after-ms", Long.toString(fault.retryAfter().toMillis()));
                }
                ctx.status(fault.status()).contentType("application/json").result(format.errorBody(fault.status(), fault.code()));
            }
            case HANG -> {
                bills.failed();
                hang(fault.hang());
                drop(ctx, false);
            }
            case RESET -> {
                bills.failed();
                drop(ctx, true);
            }
            case TRUNCATE -> {
                bills.failed();
                ctx.status(200).contentType("application/json").result(format.truncatedBody());
            }
        }
    }

    /** Ends the hangs in progress, so a closing simulator does not wait for them. */
    public void stop() {
        stopped = true;
        hanging.forEach(Thread::interrupt);
    }

    private void hang(Duration pause) {
        var self = Thread.currentThread();
        hanging.add(self);
        try {
            if (!stopped) {
                Thread.sleep(pause);
            }
        } catch (InterruptedException e) {
            // the simulator is stopping: drop the connection now
        } finally {
            hanging.remove(self);
            Thread.interrupted();
        }
    }

    /**
     * Closes the connection under the request without a response. With {@code reset}, SO_LINGER 0
     * makes the close an RST, which clients report as "connection reset", as with a crashed proxy.
     */
    private static void drop(Context ctx, boolean reset) {
        var endPoint = Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint();
        if (reset && endPoint.getTransport() instanceof SocketChannel channel) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException ignored) {
                // closing without the RST still drops the call
            }
        }
        endPoint.close();
    }

    /** Gemini names the model in the path ({@code /v1beta/models/<model>:generateContent}); the others in the body. */
    private static String model(Context ctx) {
        var path = ctx.path();
        if (path.startsWith("/v1beta/models/")) {
            var rest = path.substring("/v1beta/models/".length());
            var colon = rest.indexOf(':');
            return colon < 0 ? rest : rest.substring(0, colon);
        }
        var type = ctx.contentType();
        if (type != null && type.startsWith("multipart/")) {
            // a file upload names no model, and reading its body here would leave none for the multipart parser
            return null;
        }
        // streamed: only the top-level "model" is wanted, and every call passes through here
        try (var parser = JSON.getFactory().createParser(ctx.bodyAsBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                var field = parser.currentName();
                var value = parser.nextToken();
                if ("model".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
