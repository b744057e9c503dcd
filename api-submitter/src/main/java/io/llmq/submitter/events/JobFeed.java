package io.llmq.submitter.events;

import io.llmq.schema.db.Timestamps;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * One subscriber's view of a batch: its progress on every step, and each job that ended since the
 * subscription began, exactly once per connection.
 *
 * <p>A result's {@code finished_at} is its transaction's start, and transactions commit out of
 * order, so a row may become visible after rows with later timestamps. Each step therefore reads
 * again from {@link #COMMIT_LAG} before the newest ending seen and skips lines already sent. A row
 * that commits even later is caught by a count: the same snapshot tells how many jobs ended since
 * the floor, and if that exceeds what was sent, a sweep from the floor finds the missing ones.
 *
 * <p>One such read walks pages of {@link #PAGE} endings in {@code (finished_at, line)} order, each
 * page starting after the last row of the one before, so the walk moves on even when more than a
 * page of jobs ended at one instant (a worker commits up to 500 results in one transaction, all
 * with its start time). Paging by time alone re-read the same first page forever.
 */
final class JobFeed {
    static final Duration COMMIT_LAG = Duration.ofSeconds(5);
    static final int PAGE = 2_000;

    /**
     * @param more true when more endings are already waiting (the page was full): step again at once
     */
    record Step(Progress progress, List<EndedJob> jobs, boolean more) {
    }

    private final ProgressReader reader;
    private final String batchId;
    private Instant floor;
    private Instant cursor;
    /** The last row of the page just read when it was full: the next page starts after it. Null between walks. */
    private ProgressReader.After walk;
    private final BitSet sent = new BitSet();
    private int sentCount;

    /** @param resumeFrom the cursor of a {@code Last-Event-ID}; null for a new subscription (endings from about now) */
    JobFeed(ProgressReader reader, String batchId, Instant resumeFrom) {
        this.reader = reader;
        this.batchId = batchId;
        if (resumeFrom != null) {
            this.cursor = resumeFrom;
            this.floor = resumeFrom.minus(COMMIT_LAG);
        }
    }

    /** Empty when the batch row is gone. */
    Optional<Step> next() throws SQLException {
        if (floor == null) {
            var first = reader.read(batchId, null, null, 0);
            if (first.isEmpty()) {
                return Optional.empty();
            }
            cursor = first.get().progress().at();
            floor = cursor.minus(COMMIT_LAG);
        }
        var since = cursor.minus(COMMIT_LAG);
        var from = walk != null ? walk : ProgressReader.After.startOf(since.isBefore(floor) ? floor : since);
        var reading = reader.read(batchId, from, floor, PAGE);
        if (reading.isEmpty()) {
            return Optional.empty();
        }
        walk = reading.get().truncated() ? ProgressReader.After.of(reading.get().jobs().getLast()) : null;
        List<EndedJob> fresh = new ArrayList<>();
        take(reading.get().jobs(), fresh);
        if (!reading.get().truncated() && reading.get().endedSinceFloor() > sentCount) {
            take(reader.endedSince(batchId, floor), fresh);
        }
        return Optional.of(new Step(reading.get().progress(), fresh, reading.get().truncated()));
    }

    private void take(List<EndedJob> jobs, List<EndedJob> fresh) {
        for (var job : jobs) {
            if (!sent.get(job.line())) {
                sent.set(job.line());
                sentCount++;
                fresh.add(job);
            }
            if (job.finishedAt().isAfter(cursor)) {
                cursor = job.finishedAt();
            }
        }
    }

    /** The SSE event id: the newest ending seen, in microseconds since the epoch. */
    String eventId() {
        return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, cursor));
    }

    /** The cursor of an event id; empty if it is not one of ours. */
    static Optional<Instant> parseEventId(String id) {
        if (id == null || id.isBlank() || id.trim().length() > 18 || !id.trim().chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        // 18 digits always fit a long; the cursor must still be a time PostgreSQL can compare with
        var cursor = Instant.EPOCH.plus(Long.parseLong(id.trim()), ChronoUnit.MICROS);
        return Timestamps.storable(cursor) ? Optional.of(cursor) : Optional.empty();
    }
}
