package io.llmq.submitter.events;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.batch.BatchRecord;
import io.llmq.submitter.batch.BatchStore;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /v1/batches/{id}/events}: a batch's live progress as server-sent events.
 *
 * <ul>
 *   <li>{@code snapshot} at once: counts, tokens, cost, rate, ETA;</li>
 *   <li>{@code progress} whenever a count, the cost or the status moved (and every few seconds for the rate);</li>
 *   <li>{@code job} for each job that ended since the subscription (line, custom_id, status, tokens, error code);</li>
 *   <li>{@code end} with the final progress once the batch has ended, after its last {@code job} event; then the stream closes;</li>
 *   <li>a {@code : heartbeat} comment after {@link #HEARTBEAT} without events;</li>
 *   <li>once the stream has lived {@code LLMQ_STREAM_MAX_SECONDS}, a last block with the current id, a
 *       {@code retry:} and a comment; then the stream closes and the EventSource reconnects with that
 *       {@code Last-Event-ID}, on this replica or another (a client holds no request forever).</li>
 * </ul>
 *
 * Every replica serves every batch: the stream polls PostgreSQL (see {@link JobFeed}), which holds
 * the counters and results that the workers write, rather than relying on one replica having seen
 * a Kafka event. Between two polls the stream holds no database connection: each read takes one
 * from the pool and gives it back before the stream writes or sleeps. Each event's id is a cursor;
 * a reconnect with {@code Last-Event-ID} (the browser's EventSource sends it by itself) resends the
 * jobs that ended from {@link JobFeed#COMMIT_LAG} before it, so a client that deduplicates on
 * {@code line} misses none.
 */
public final class BatchEvents implements Routes {
    private static final Logger log = LoggerFactory.getLogger(BatchEvents.class);
    static final Duration TICK = Duration.ofMillis(500);
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration RATE_REFRESH = Duration.ofSeconds(2);
    static final long RECONNECT_MILLIS = 2_000;

    private final BatchStore batches;
    private final ProgressReader reader;
    private final Duration maxLifetime;
    private volatile boolean stopping;

    /** @param maxLifetime {@code LLMQ_STREAM_MAX_SECONDS}: how long one stream lives before it asks its client to reconnect */
    public BatchEvents(BatchStore batches, DataSource dataSource, Duration maxLifetime) {
        this.batches = batches;
        this.reader = new ProgressReader(dataSource);
        this.maxLifetime = maxLifetime;
    }

    @Override
    public void register(Javalin app) {
        app.get("/v1/batches/{id}/events", this::stream);
    }

    /** Ends every open stream at its next tick, so that the server can stop without waiting for them. */
    public void close() {
        stopping = true;
    }

    private void stream(Context ctx) throws Exception {
        var id = Params.pathId(ctx, "batch");
        var resume = resumeFrom(ctx);
        var batch = batches.find(Authenticator.tenant(ctx).id(), id, null).orElseThrow(() -> ApiError.notFound("batch", id));
        ctx.status(200);
        ctx.res().setContentType("text/event-stream;charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache, no-store");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        ctx.res().setHeader("X-Content-Type-Options", "nosniff");
        var channel = new SseChannel(ctx.res().getOutputStream());
        try {
            run(batch, new JobFeed(reader, id, resume.orElse(null)), channel);
        } catch (IOException e) {
            log.debug("events of {}: client went away ({})", id, e.toString());
        }
    }

    private static Optional<Instant> resumeFrom(Context ctx) {
        var header = ctx.header("Last-Event-ID");
        var text = header != null ? header : ctx.queryParam("last_event_id");
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        var cursor = JobFeed.parseEventId(text);
        if (cursor.isEmpty()) {
            throw ApiError.invalid("Last-Event-ID", "Last-Event-ID must be the id of an event of this stream (at most 18 digits, a time before the year 10000), got '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'.");
        }
        return cursor;
    }

    private void run(BatchRecord batch, JobFeed feed, SseChannel channel) throws Exception {
        var endOfLife = System.nanoTime() + maxLifetime.toNanos();
        channel.retry(RECONNECT_MILLIS);
        var step = feed.next();
        if (step.isEmpty()) {
            return;
        }
        channel.event("snapshot", feed.eventId(), step.get().progress().toJson());
        var shown = step.get().progress();
        var lastWrite = System.nanoTime();
        while (true) {
            for (var job : step.get().jobs()) {
                channel.event("job", feed.eventId(), job.toJson());
                lastWrite = System.nanoTime();
            }
            var progress = step.get().progress();
            if (progress.status().isTerminal() && !step.get().more()) {
                channel.event("end", feed.eventId(), progress.toJson());
                return;
            }
            var sinceWrite = Duration.ofNanos(System.nanoTime() - lastWrite);
            if (!progress.sameCountsAs(shown) || sinceWrite.compareTo(RATE_REFRESH) >= 0
                    && progress.ratePerSecond() != shown.ratePerSecond()) {
                channel.event("progress", feed.eventId(), progress.toJson());
                shown = progress;
                lastWrite = System.nanoTime();
            } else if (sinceWrite.compareTo(HEARTBEAT) >= 0) {
                channel.heartbeat();
                lastWrite = System.nanoTime();
            }
            if (stopping) {
                return;
            }
            if (System.nanoTime() - endOfLife >= 0) {
                channel.reconnect(feed.eventId(), RECONNECT_MILLIS);
                return;
            }
            if (!step.get().more()) {
                Thread.sleep(TICK);
            }
            step = feed.next();
            if (step.isEmpty()) {
                log.debug("events of {}: the batch was deleted", batch.id());
                return;
            }
        }
    }
}
