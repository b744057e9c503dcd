package io.llmq.standalone.api;

import io.llmq.schema.Ids;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /v1/batches/{id}/events} on a real stack. Its one worker is stopped at once, so a
 * batch sits still (snapshot, then heartbeats) until a new worker joins and the jobs end.
 */
class BatchEventsTest {
    private static final int JOBS = 300;
    private static Stack stack;
    private static ApiClient api;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(100)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        // no worker until the test adds one: a batch sits still
        stack.haltWorker(stack.workers().getFirst());
        api = new ApiClient(stack.baseUrl(), stack.apiKey());
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private String events(String id) {
        return stack.baseUrl() + "/v1/batches/" + id + "/events";
    }

    @Test
    void shouldSendSnapshotHeartbeatsEveryJobOnceAndAFinalEventThenResumeFromLastEventId() throws Exception {
        var file = api.uploadBatchFile("events.jsonl", Requests.chat(JOBS, "ev").jsonl());
        var id = api.createBatch(file.path("id").asText(), "normal").path("id").asText();

        try (var stream = EventStream.open(events(id), stack.apiKey(), null)) {
            assertThat(stream.status).isEqualTo(200);
            assertThat(stream.contentType).startsWith("text/event-stream");
            await().atMost(Duration.ofSeconds(20)).until(() -> !stream.events.isEmpty());
            var snapshot = stream.events.getFirst();
            assertThat(snapshot.type()).isEqualTo("snapshot");
            assertThat(snapshot.json().path("status").asText()).isEqualTo("in_progress");
            assertThat(snapshot.json().path("total").asInt()).isEqualTo(JOBS);
            assertThat(snapshot.json().path("in_flight").asInt()).isEqualTo(JOBS);
            assertThat(snapshot.json().path("eta_s").isNull()).isTrue();
            // nothing moves without workers: the stream stays open on heartbeats alone
            await().atMost(Duration.ofSeconds(30)).until(() -> !stream.comments.isEmpty());
            assertThat(stream.comments).contains("heartbeat");
            assertThat(stream.events).hasSize(1);

            stack.addWorker();
            await().atMost(Duration.ofSeconds(120)).until(stream::finished);

            var events = stream.events;
            var end = events.getLast();
            assertThat(end.type()).as(stream.text()).isEqualTo("end");
            assertThat(end.json().path("status").asText()).isEqualTo("completed");
            assertThat(end.json().path("succeeded").asInt()).isEqualTo(JOBS);
            assertThat(end.json().path("in_flight").asInt()).isZero();
            assertThat(end.json().path("cost_usd").asText()).isNotEqualTo("0");
            var lines = stream.ofType("job").stream().map(e -> e.json().path("line").asInt()).toList();
            assertThat(lines).as("every job exactly once").hasSize(JOBS).doesNotHaveDuplicates();
            assertThat(new HashSet<>(lines)).isEqualTo(IntStream.rangeClosed(1, JOBS).boxed().collect(Collectors.toSet()));
            var job = stream.ofType("job").getFirst().json();
            assertThat(job.path("custom_id").asText()).startsWith("ev-");
            assertThat(job.path("status").asText()).isEqualTo("succeeded");
            assertThat(job.has("input_tokens")).isTrue();
            var progress = stream.ofType("progress");
            assertThat(progress).as("progress while it ran").isNotEmpty();
            var done = progress.stream().map(e -> e.json().path("done").asInt()).toList();
            assertThat(done).isSorted();
            assertThat(progress.stream().anyMatch(e -> e.json().path("rate_per_s").asDouble() > 0)).isTrue();

            // a reconnect from the middle of the stream: a new snapshot, the jobs from (a little
            // before) that point on, and the end at once
            var middle = stream.ofType("job").get(JOBS / 2);
            try (var resumed = EventStream.open(events(id), stack.apiKey(), middle.id())) {
                await().atMost(Duration.ofSeconds(30)).until(resumed::finished);
                assertThat(resumed.events.getFirst().type()).isEqualTo("snapshot");
                assertThat(resumed.events.getLast().type()).isEqualTo("end");
                Set<Integer> seen = new HashSet<>(lines.subList(0, JOBS / 2 + 1));
                resumed.ofType("job").forEach(e -> seen.add(e.json().path("line").asInt()));
                assertThat(seen).as("nothing missed across the reconnect").hasSize(JOBS);
            }
        }
    }

    /**
     * A result's {@code finished_at} is its transaction's start, so a slow transaction commits a
     * row older than rows already sent. Here a batch row and its results are written by hand with
     * chosen times, relative to the stream's snapshot: one ending 10 s after it moves the cursor,
     * then one ending 1 s after it commits, older than the cursor's 5 s look-back, and must still
     * arrive, exactly once.
     */
    @Test
    void shouldDeliverAResultThatCommitsAfterNewerOnesExactlyOnce() throws Exception {
        var id = "batch_latecommit" + Ids.random(12);
        db.update("""
                INSERT INTO batches (id, tenant_id, dialect, endpoint, input_file_id, completion_window, priority, status, total,
                                     in_progress_at, expires_at)
                VALUES (?, 'default', 'openai', '/v1/chat/completions', 'file-none', '24h', 'normal', 'in_progress', 10, now(),
                        now() + interval '1 day')""", id);
        try (var stream = EventStream.open(events(id), stack.apiKey(), null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !stream.events.isEmpty());
            var snapshotAt = Instant.parse(stream.events.getFirst().json().path("at").asText());
            insertResult(id, 1, snapshotAt.plusSeconds(10));
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.ofType("job").size() == 1);
            insertResult(id, 2, snapshotAt.plusSeconds(1));
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.ofType("job").size() == 2);
            assertThat(stream.ofType("job").stream().map(e -> e.json().path("line").asInt()).toList()).containsExactly(1, 2);

            db.update("UPDATE batches SET status = 'completed', completed = 2, completed_at = now() WHERE id = ?", id);
            await().atMost(Duration.ofSeconds(20)).until(stream::finished);
            assertThat(stream.events.getLast().type()).isEqualTo("end");
            assertThat(stream.ofType("job")).as("no repeats: %s", stream.text()).hasSize(2);
        }
    }

    /**
     * More jobs than a page ({@code JobFeed.PAGE}, 2,000) end in one transaction, so at the same
     * instant: the stream pages through them by (finished_at, line), sends each once, then the end.
     * Before, it re-read the same first page of its 5 s look-back forever and never ended.
     */
    @Test
    void shouldSendEveryJobOnceAndTheEndWhenMoreJobsThanAPageEndAtTheSameInstant() throws Exception {
        int jobs = 2_500;
        var id = "batch_sameinstant" + Ids.random(12);
        db.update("""
                INSERT INTO batches (id, tenant_id, dialect, endpoint, input_file_id, completion_window, priority, status, total,
                                     in_progress_at, expires_at)
                VALUES (?, 'default', 'openai', '/v1/chat/completions', 'file-none', '24h', 'normal', 'in_progress', ?, now(),
                        now() + interval '1 day')""", id, jobs);
        try (var stream = EventStream.open(events(id), stack.apiKey(), null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !stream.events.isEmpty());
            var at = Instant.parse(stream.events.getFirst().json().path("at").asText()).plusSeconds(1);
            db.update("""
                    INSERT INTO job_results (job_id, batch_id, tenant_id, custom_id, line, status, attempts, finished_at)
                    SELECT ? || '-' || g, ?, 'default', 'same-' || g, g, 'succeeded', 1, ? FROM generate_series(1, ?) g""",
                    id, id, Timestamp.from(at), jobs);
            db.update("UPDATE batches SET status = 'completed', completed = ?, completed_at = now() WHERE id = ?", jobs, id);

            await().atMost(Duration.ofSeconds(60)).until(stream::finished);
            assertThat(stream.events.getLast().type()).isEqualTo("end");
            var lines = stream.ofType("job").stream().map(e -> e.json().path("line").asInt()).toList();
            assertThat(lines).as("every job exactly once").hasSize(jobs).doesNotHaveDuplicates();
            assertThat(new HashSet<>(lines)).isEqualTo(IntStream.rangeClosed(1, jobs).boxed().collect(Collectors.toSet()));
        }
    }

    private static void insertResult(String batchId, int line, Instant finishedAt) throws Exception {
        db.update("""
                INSERT INTO job_results (job_id, batch_id, tenant_id, custom_id, line, status, attempts, finished_at)
                VALUES (?, ?, 'default', ?, ?, 'succeeded', 1, ?)""",
                batchId + "-" + line, batchId, "late-" + line, line, Timestamp.from(finishedAt));
    }

    @Test
    void shouldRefuseMissingKeysOtherTenantsBatchesAndBadLastEventIds() throws Exception {
        var file = api.uploadBatchFile("events-auth.jsonl", Requests.chat(2, "auth").jsonl());
        var id = api.createBatch(file.path("id").asText(), "low").path("id").asText();

        var http = Http.to(stack.baseUrl());
        var anonymous = http.get("/v1/batches/" + id + "/events");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
        var unknown = http.bearer(stack.apiKey()).get("/v1/batches/batch_nope/events");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/code").asText()).isEqualTo("NOT_FOUND");
        var badCursor = http.bearer(stack.apiKey()).with("Last-Event-ID", "yesterday").get("/v1/batches/" + id + "/events");
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.json().at("/error/details/0/param").asText()).isEqualTo("Last-Event-ID");
        var cookieOnly = http.with("Cookie", "llmq_session=ws_forged").get("/v1/batches/" + id + "/events");
        assertThat(cookieOnly.status()).isEqualTo(401);
    }
}
