package io.llmq.worker.providerbatch;

import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.db.Transaction;
import io.llmq.schema.dispatch.StagedPages;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.route.BatchDeployments;
import io.llmq.worker.dispatch.ProviderRoutedQueue;
import io.llmq.worker.provider.batch.ProviderBatchApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Turns the staged jobs of a {@code provider_batch} batch into provider batch rows, one per chunk
 * ({@link Chunks}), in the transaction that marks the jobs handed over: the rows exist before any
 * provider is asked, and a batch is planned once (the hand-over is a compare-and-set on the claim).
 * A job whose model has no deployment with a batch API any more (the catalogue changed since the
 * batch was accepted) is planned on its model's first deployment, which has no adapter: the runner
 * sends those jobs to synchronous calls.
 */
final class Planner {
    private static final Logger log = LoggerFactory.getLogger(Planner.class);
    private static final ProviderBatchApi.Limits UNLIMITED = new ProviderBatchApi.Limits(Integer.MAX_VALUE, Long.MAX_VALUE);

    private final DataSource dataSource;
    private final Supplier<Catalogue> catalogue;
    private final BatchApis apis;
    private final String jobsTopic;
    private final String instanceId;

    Planner(DataSource dataSource, Supplier<Catalogue> catalogue, BatchApis apis, String jobsTopic, String instanceId) {
        this.dataSource = dataSource;
        this.catalogue = catalogue;
        this.apis = apis;
        this.jobsTopic = jobsTopic;
        this.instanceId = instanceId;
    }

    /** Plans every waiting batch; returns how many provider batches it wrote. */
    int planWaiting() throws SQLException {
        List<ProviderRoutedQueue.Waiting> waiting;
        try (var c = dataSource.getConnection()) {
            waiting = ProviderRoutedQueue.waiting(c, jobsTopic);
        }
        var rows = 0;
        for (var batch : waiting) {
            rows += plan(batch);
        }
        return rows;
    }

    private int plan(ProviderRoutedQueue.Waiting batch) throws SQLException {
        return Transaction.run(dataSource, c -> {
            List<Chunks.Job> jobs = new ArrayList<>(batch.total() - batch.claimed());
            var seq = new int[] {batch.claimed()};
            try {
                StagedPages.walk(c, batch.batchId(), batch.claimed(), staged -> {
                    var job = Json.fromBytes(staged.message(), JobMessage.class);
                    jobs.add(new Chunks.Job(seq[0]++, deploymentOf(job.model()), staged.message().length));
                    return true;
                });
            } catch (IOException e) {
                throw new UncheckedIOException("batch " + batch.batchId() + ": a staged page cannot be read", e);
            }
            if (jobs.size() != batch.total() - batch.claimed()) {
                log.error("provider batches {}: batch {} has {} staged jobs from seq {}, expected {}; not planning it", instanceId,
                        batch.batchId(), jobs.size(), batch.claimed(), batch.total() - batch.claimed());
                return 0;
            }
            var chunks = Chunks.split(jobs, d -> apis.of(d).map(ProviderBatchApi::limits).orElse(UNLIMITED));
            if (!ProviderRoutedQueue.hand(c, batch)) {
                return 0;
            }
            List<ProviderBatchesTable.NewRow> rows = new ArrayList<>();
            for (var chunk : chunks) {
                rows.add(new ProviderBatchesTable.NewRow(key(batch.batchId(), batch.claimed(), rows.size()), batch.batchId(),
                        chunk.deployment(), chunk.seqs()));
            }
            ProviderBatchesTable.insert(c, jobsTopic, rows);
            log.info("provider batches {}: batch {} ({} jobs) planned as {} provider batches", instanceId, batch.batchId(), jobs.size(),
                    rows.size());
            return rows.size();
        });
    }

    private String deploymentOf(String model) {
        return BatchDeployments.of(catalogue.get(), model).map(d -> d.name())
                .orElseGet(() -> catalogue.get().model(model).map(m -> m.deployment()).orElse("unknown"));
    }

    /** Stable and unique: the llmq batch, the first seq this plan started from, the chunk's number. */
    static String key(String batchId, int fromSeq, int chunk) {
        return "llmq-" + batchId + "-" + fromSeq + "-" + chunk;
    }
}
