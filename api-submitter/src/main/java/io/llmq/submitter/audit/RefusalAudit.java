package io.llmq.submitter.audit;

import io.llmq.schema.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Audits refused keys ({@code auth.failed}) without letting a client that hammers llmq with bad
 * keys turn each request into a database write. Refusals are grouped by source: the peer address,
 * the reason and the key as the audit shows it (redacted; null when none was sent). A source's
 * first refusal is written at once with {@code count: 1}; the ones that follow within
 * {@link #INTERVAL} are only counted, and a named flusher writes each source's count once per
 * interval as one row ({@code count} = the refusals it stands for, {@code path} = the first of
 * them). At most {@link #MAX_SOURCES} sources are kept; the oldest is written out and dropped to
 * make room. {@link #close()} writes whatever is still counted.
 */
public final class RefusalAudit implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(60);
    static final int MAX_SOURCES = 10_000;
    private static final Duration TICK = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(RefusalAudit.class);

    private record Source(String action, String remoteAddr, String reason, String key) {
    }

    /** Refusals counted but not yet written, since the source's last row. */
    private static final class Window {
        Instant since;
        int count;
        String path;

        Window(Instant since) {
            this.since = since;
        }
    }

    private record Row(Source source, int count, String path) {
    }

    private final AuditLog audit;
    private final Clock clock;
    // insertion order: the eldest entry is the source seen first, the one dropped when full
    private final LinkedHashMap<Source, Window> windows = new LinkedHashMap<>();
    private final ScheduledExecutorService flusher;

    public RefusalAudit(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("llmq-refusal-audit").daemon().factory());
        flusher.scheduleWithFixedDelay(this::flushDueLogged, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @param key the key as the audit may show it (redacted), or null when none was sent */
    public void refused(String remoteAddr, String reason, String key, String path) {
        refused("auth.failed", remoteAddr, reason, key, path);
    }

    /** @param action the audit row's action: {@code auth.failed} (API keys, logins) or {@code admin.auth_failed} */
    public void refused(String action, String remoteAddr, String reason, String key, String path) {
        var source = new Source(action, remoteAddr, reason, key);
        Row evicted = null;
        synchronized (windows) {
            var window = windows.get(source);
            if (window != null) {
                if (window.count++ == 0) {
                    window.path = path;
                }
                return;
            }
            windows.put(source, new Window(clock.instant()));
            if (windows.size() > MAX_SOURCES) {
                var eldest = windows.entrySet().iterator();
                var entry = eldest.next();
                eldest.remove();
                evicted = entry.getValue().count == 0 ? null : new Row(entry.getKey(), entry.getValue().count, entry.getValue().path);
            }
        }
        write(new Row(source, 1, path));
        if (evicted != null) {
            write(evicted);
        }
    }

    private void flushDueLogged() {
        // an exception would cancel the schedule, and with it every later row
        try {
            flushDue();
        } catch (RuntimeException e) {
            log.warn("cannot write the counted auth.failed refusals: {}", e.toString());
        }
    }

    /** Writes the count of every source whose interval has passed; forgets sources that went quiet. */
    void flushDue() {
        var now = clock.instant();
        List<Row> due = new ArrayList<>();
        synchronized (windows) {
            var it = windows.entrySet().iterator();
            while (it.hasNext()) {
                var entry = it.next();
                var window = entry.getValue();
                if (window.since.plus(INTERVAL).isAfter(now)) {
                    continue;
                }
                if (window.count == 0) {
                    it.remove();
                } else {
                    due.add(new Row(entry.getKey(), window.count, window.path));
                    window.since = now;
                    window.count = 0;
                }
            }
        }
        due.forEach(this::write);
    }

    private void write(Row row) {
        var details = Json.object().put("reason", row.source().reason());
        if (row.source().key() != null) {
            details.put("key", row.source().key());
        }
        details.put("path", row.path()).put("count", row.count());
        audit.record("anonymous", row.source().action(), null, null, row.source().remoteAddr(), details);
    }

    /** Stops the flusher and writes every count still held, so a shutdown loses no refusal. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            if (!flusher.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("the refusal audit flusher did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Row> rest = new ArrayList<>();
        synchronized (windows) {
            for (Map.Entry<Source, Window> entry : windows.entrySet()) {
                if (entry.getValue().count > 0) {
                    rest.add(new Row(entry.getKey(), entry.getValue().count, entry.getValue().path));
                }
            }
            windows.clear();
        }
        rest.forEach(this::write);
    }
}
