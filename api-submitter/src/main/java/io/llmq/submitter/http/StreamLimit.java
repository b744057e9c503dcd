package io.llmq.submitter.http;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Counts each tenant's open long-lived requests (event streams, long-polls, downloads) and refuses
 * the one past {@link StreamRules#maxPerTenant()} with a 429, so that one tenant's clients cannot
 * take every request thread and database connection the submitter has from the others.
 */
public final class StreamLimit {
    /** What a refused client is told to wait: a stream of its own usually ends or is given up within seconds. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final String SLOT = "llmq.streamSlot";

    private final int maxPerTenant;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    public StreamLimit(StreamRules rules) {
        this.maxPerTenant = rules.maxPerTenant();
    }

    /** A held place among a tenant's long-lived requests; closing it gives it back (once). */
    public final class Slot implements AutoCloseable {
        private final String tenantId;
        private boolean closed;

        private Slot(String tenantId) {
            this.tenantId = tenantId;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                open.computeIfPresent(tenantId, (t, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    /** A place for one more long-lived request of {@code tenantId}, or the 429 that says why not. */
    public Slot acquire(String tenantId) {
        var granted = new boolean[1];
        open.compute(tenantId, (t, n) -> {
            var now = n == null ? 0 : n;
            granted[0] = now < maxPerTenant;
            return granted[0] ? now + 1 : now;
        });
        if (!granted[0]) {
            throw ApiError.rateLimited("This tenant already has " + maxPerTenant + " event streams, long-polls and downloads open"
                    + " (LLMQ_TENANT_MAX_STREAMS); close one or retry later.", RETRY_AFTER);
        }
        return new Slot(tenantId);
    }

    /**
     * Holds a slot for every request to {@code path} that {@code longLived} picks, from before its
     * handler until after it (Javalin runs after-handlers also when the handler failed). Register
     * after authentication: {@code tenant} reads who is asking.
     */
    public void guard(Javalin app, String path, Predicate<Context> longLived, Function<Context, String> tenant) {
        app.before(path, ctx -> {
            if (longLived.test(ctx)) {
                ctx.attribute(SLOT, acquire(tenant.apply(ctx)));
            }
        });
        app.after(path, ctx -> {
            Slot slot = ctx.attribute(SLOT);
            if (slot != null) {
                slot.close();
            }
        });
    }
}
