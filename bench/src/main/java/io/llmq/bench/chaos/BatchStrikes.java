package io.llmq.bench.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.report.Progress;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.WorkerProcess;
import io.llmq.schema.Json;
import io.llmq.simulator.batch.BatchCall;
import io.llmq.simulator.batch.BatchHook;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The simulator's batch hook for the provider-batch chaos run: when a call reaches the moment of a
 * planned {@link Strike}, it kills the worker that sent it ({@code kill -9}; every worker's API key is
 * its instance id, and only the runner's leader calls the batch APIs), then starts a replacement, as an
 * orchestrator would. Each strike lands once. A download is held at {@code pauseAtLine} for
 * {@code pause} first, so the reader has written the outcomes of the lines it got before it dies.
 */
final class BatchStrikes implements BatchHook {
    private final Rig rig;
    private final Progress progress;
    private final ProviderBatchChaosSettings settings;
    private final Set<String> killedInstances;
    private final Set<Strike> pending;
    private final ProviderBatchTables tables;
    private final SimulatorBatches simulatorBatches;
    private final long began = System.nanoTime();
    private final List<ObjectNode> landed = new ArrayList<>();
    private final Map<String, Integer> downloads = new ConcurrentHashMap<>();
    private int kills;
    /** Counted down when the run is over: a download held for its pause lets go at once. */
    private final CountDownLatch over = new CountDownLatch(1);

    BatchStrikes(Rig rig, Progress progress, ProviderBatchChaosSettings settings, List<Strike> plan, Set<String> killedInstances) {
        this.rig = rig;
        this.progress = progress;
        this.settings = settings;
        this.killedInstances = killedInstances;
        this.pending = EnumSet.noneOf(Strike.class);
        pending.addAll(plan);
        this.tables = new ProviderBatchTables(rig.postgres());
        this.simulatorBatches = new SimulatorBatches(rig.simulator().baseUrl());
    }

    @Override
    public boolean arrived(BatchCall call) {
        // a create struck on arrival is lost with its sender: it never reached the provider
        return strike(Strike.Moment.ARRIVED, call, null) == null;
    }

    @Override
    public void created(BatchCall call, String batchId) {
        strike(Strike.Moment.CREATED, call, batchId);
    }

    /**
     * Only a collect's download is struck. Anthropic's results are also read by a {@code find} (its first line,
     * for a row waiting to be adopted), and the server may write on past that line into the socket's buffers
     * after the reader stopped; so whether a download may be struck is decided as it starts.
     */
    @Override
    public IntConsumer downloading(BatchCall call, String results) {
        downloads.merge(results, 1, Integer::sum);
        try {
            if (tables.awaitingAdoption() > 0 && call.endpoint().equals(Strike.ANTHROPIC_DOWNLOAD.endpoint())) {
                return line -> { };
            }
        } catch (SQLException e) {
            return line -> { };
        }
        return line -> {
            if (line == settings.pauseAtLine()) {
                strike(Strike.Moment.LINE, call, results);
            }
        };
    }

    /** The run is over: no strike lands from now on, and a held download lets go. */
    void stop() {
        over.countDown();
    }

    /** How often each result file (OpenAI) or batch's results (Anthropic) was downloaded from its first line. */
    Map<String, Integer> downloads() {
        return Map.copyOf(downloads);
    }

    /** The strikes that landed, in order: what, on whom, when, and for a download what was written before the kill. */
    synchronized List<ObjectNode> landed() {
        return List.copyOf(landed);
    }

    synchronized Set<Strike> pending() {
        return EnumSet.copyOf(pending);
    }

    /** Kills the caller if the moment is a pending strike's; returns the strike's record, or null if none landed. */
    private synchronized ObjectNode strike(Strike.Moment moment, BatchCall call, String about) {
        var strike = pending.stream().filter(s -> s.moment() == moment && s.endpoint().equals(call.endpoint())).findFirst();
        var victim = rig.workers().stream().filter(w -> w.isAlive() && w.instanceId().equals(call.clientKey())).findFirst();
        if (strike.isEmpty() || victim.isEmpty()) {
            return null;
        }
        try {
            if (moment == Strike.Moment.LINE && over.await(settings.pause().toMillis(), TimeUnit.MILLISECONDS)) {
                return null; // the run ended while the download was held: nothing left to strike
            }
            return kill(strike.get(), victim.get(), about);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException | SQLException e) {
            progress.line("warning: strike " + strike.get() + " not carried out: " + e);
            return null;
        }
    }

    private ObjectNode kill(Strike strike, WorkerProcess victim, String about) throws InterruptedException, IOException, SQLException {
        victim.kill();
        pending.remove(strike);
        killedInstances.add(victim.instanceId());
        var record = Json.object().put("strike", strike.name()).put("worker", victim.name()).put("instance", victim.instanceId())
                .put("at_s", Math.round((System.nanoTime() - began) / 1e8) / 10.0);
        if (about != null) {
            record.put(strike.moment() == Strike.Moment.LINE ? "results" : "provider_batch_id", about);
        }
        if (strike.moment() == Strike.Moment.LINE) {
            var providerId = strike.anthropic() ? about : simulatorBatches.openAiBatchOfFile(about);
            record.put("provider_batch_id", providerId);
            record.put("results_written_before_kill", providerId == null ? -1 : tables.resultsOfBatchServedBy(providerId));
        }
        landed.add(record);
        var replacement = rig.addWorker(victim.name() + "-r" + ++kills);
        progress.line(String.format(Locale.ROOT, "%s: killed %s with SIGKILL%s; started %s", strike.description(), victim.name(),
                about == null ? "" : " (" + about + ")", replacement.name()));
        return record;
    }
}
