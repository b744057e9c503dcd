package io.llmq.bench.scenario;

import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.load.ChatBatch;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.schema.Json;
import io.llmq.simulator.SimulatorLimits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Locale;

/**
 * Cancel of a huge batch while it runs: one batch of 1,000,000 jobs (LLMQ_BENCH_JOBS) runs for
 * {@code LLMQ_BENCH_RUN_SECONDS} (20), then is cancelled. Figures: the time from the cancel's
 * answer to the batch's {@code cancelled} status, the provider calls that arrived at the provider
 * after the answer (a tap in front of the simulator stamps every call; the target is none), and how
 * many jobs ever reached Kafka. The rig accepts batches of that size (LLMQ_MAX_BATCH_REQUESTS and
 * the upload size are raised for the bench's submitter).
 */
public final class CancelScenario implements Scenario {
    private static final String TAG = "bench-cancel";

    @Override
    public String name() {
        return "cancel";
    }

    @Override
    public int defaultWorkers() {
        return 2;
    }

    @Override
    public String summary() {
        return "a 1,000,000-job batch cancelled while it runs: time to cancelled, calls started after the answer";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var env = run.env();
        var jobs = env.atLeast("LLMQ_BENCH_JOBS", 1_000_000, 1);
        var runFor = Duration.ofSeconds(env.atLeast("LLMQ_BENCH_RUN_SECONDS", 20, 1));
        var latency = Duration.ofMillis(env.atLeast("LLMQ_BENCH_LATENCY_MS", 1000, 0));
        var maxTokens = env.atLeast("LLMQ_BENCH_MAX_TOKENS", 100, 1);
        var progress = run.progress();
        // no job carries the marker: every call is an unmarked arrival, stamped by the tap
        var config = RigConfig.of(run, defaultWorkers()).withSimulator(latency, SimulatorLimits.none())
                .withTap("[no-such-marker-");
        try (var rig = Rig.start(config, progress)) {
            var file = ChatBatch.jsonl(TAG, 1, jobs, Rig.MODEL, maxTokens);
            progress.line(String.format(Locale.ROOT, "submitting one batch of %,d jobs (%,d bytes)", jobs, file.length));
            var submitted = new BatchSubmitter(rig.api()).submit(TAG + ".jsonl", file, "normal");
            file = null;
            var acceptS = (submitted.acceptedNanos() - submitted.postedNanos()) / 1e9;
            progress.line(String.format(Locale.ROOT, "accepted in %.1f s; running it for %d s", acceptS, runFor.toSeconds()));
            progress.pass(runFor, () -> "calls served " + rig.tap().log().unmarkedServed());

            var http = HttpClient.newHttpClient();
            var cancel = HttpRequest.newBuilder(URI.create(rig.apiBaseUrl() + "/v1/batches/" + submitted.batchId() + "/cancel"))
                    .header("Authorization", "Bearer " + rig.apiKey()).POST(HttpRequest.BodyPublishers.noBody()).build();
            var asked = System.nanoTime();
            var answer = http.send(cancel, HttpResponse.BodyHandlers.ofString());
            var answered = System.nanoTime();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("cancel answered " + answer.statusCode() + ": " + answer.body());
            }
            var servedBefore = rig.tap().log().unmarkedServed();
            var ended = new long[1];
            var done = progress.await(() -> {
                try {
                    if ("cancelled".equals(rig.api().batch(submitted.batchId()).path("status").asText())) {
                        ended[0] = System.nanoTime();
                        return true;
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofMinutes(5), () -> "waiting for cancelled");
            // a batch is cancelled only once every job has ended, so every call made for it has
            // answered and been stamped by the tap by now
            var startedAfter = rig.tap().log().unmarkedServedBetween(answered, System.nanoTime());
            var batch = rig.api().batch(submitted.batchId());
            var figures = Json.object();
            figures.put("jobs", jobs);
            figures.put("accept_s", round(acceptS));
            figures.put("cancel_answer_s", round((answered - asked) / 1e9));
            figures.put("cancelled_after_answer_s", done ? round((ended[0] - answered) / 1e9) : -1);
            figures.put("calls_served_before_answer", servedBefore);
            figures.put("calls_started_after_answer", startedAfter);
            figures.put("succeeded", batch.at("/request_counts/completed").asInt());
            figures.put("cancelled", batch.at("/llmq/request_counts/cancelled").asInt());
            figures.put("released_into_kafka", released(rig, submitted.batchId()));
            figures.put("target_cancelled_within_5s", done && (ended[0] - answered) / 1e9 <= 5);
            figures.put("target_no_call_after_answer", startedAfter == 0);
            progress.line(String.format(Locale.ROOT, "cancelled %.2f s after the answer (answer took %.2f s); %d calls started after it; "
                    + "%,d of %,d jobs ever reached Kafka", (ended[0] - answered) / 1e9, (answered - asked) / 1e9, startedAfter,
                    figures.path("released_into_kafka").asLong(), jobs));
            var settings = Json.object().put("jobs", jobs).put("run_seconds", runFor.toSeconds()).put("latency_ms", latency.toMillis())
                    .put("workers", config.workers());
            return new ScenarioResult(settings, figures);
        }
    }

    private static long released(Rig rig, String batchId) throws Exception {
        var pg = rig.postgres();
        try (var c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var st = c.prepareStatement("SELECT claimed FROM dispatch_queue WHERE batch_id = ?")) {
            st.setString(1, batchId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
