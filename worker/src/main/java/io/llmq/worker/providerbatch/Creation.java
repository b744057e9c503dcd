package io.llmq.worker.providerbatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.db.Transaction;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.budget.Reservation;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.provider.batch.ProviderBatchApi;
import io.llmq.worker.provider.batch.ProviderBatchRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Creates a planned provider batch exactly once. The row (with its key) is durable before the
 * create is sent, and its attempt is counted first: a row that was attempted before (its runner
 * died between sending the create and recording the answer) is looked for at the provider by its key
 * ({@code find}, no earlier than the row's creation) and adopted if found, so a provider batch is
 * neither created twice nor lost. A chunk whose maximum cost does not fit its tenant's hard budget
 * ({@link ChunkBudget}) is not created: its jobs go to synchronous calls.
 */
final class Creation {
    private static final Logger log = LoggerFactory.getLogger(Creation.class);

    private final DataSource dataSource;
    private final Supplier<Catalogue> catalogue;
    private final Collector collector;
    private final ChunkBudget budget;
    private final String instanceId;

    Creation(DataSource dataSource, Supplier<Catalogue> catalogue, Collector collector, ChunkBudget budget, String instanceId) {
        this.dataSource = dataSource;
        this.catalogue = catalogue;
        this.collector = collector;
        this.budget = budget;
        this.instanceId = instanceId;
    }

    /**
     * @return the provider's id, or empty when nothing was created: the llmq batch stopped first (its
     *         jobs went back to {@code llmq.jobs}, where the guard ends them)
     */
    Optional<String> create(ProviderBatchRow row, ProviderBatchApi api, long nowMillis)
            throws IOException, InterruptedException, SQLException {
        if (row.createAttempts() > 0) {
            var found = api.find(row.key(), row.createdAt());
            if (found.isPresent()) {
                record(row, found.get());
                log.info("provider batches {}: adopted {} of batch {}, created under {} by a runner that stopped before it "
                        + "recorded it", instanceId, found.get(), row.batchId(), row.key());
                return found;
            }
        }
        if (row.stopping(nowMillis)) {
            collector.handBackAll(row, ProviderBatchRow.ENDED, "its batch stopped before the provider batch was created");
            return Optional.empty();
        }
        List<JobMessage> sent = new ArrayList<>(row.jobSeqs().length);
        var requests = requests(row, api, sent);
        if (requests.isEmpty()) {
            collector.handBackAll(row, ProviderBatchRow.ENDED, "the provider's batch API refused every request of it");
            return Optional.empty();
        }
        var reservation = budget.beforeCreate(row, sent);
        if (reservation instanceof Reservation.Denied denied) {
            // not created: synchronous calls, where the per-call gate parks each job over_budget until the budget allows it
            collector.handBackAll(row, ProviderBatchRow.ENDED, "its maximum cost does not fit its tenant's hard budget: "
                    + denied.message(row.tenantId()));
            return Optional.empty();
        }
        if (reservation instanceof Reservation.Unavailable unavailable) {
            throw new SQLException("provider batches: the budget of tenant " + row.tenantId() + " cannot be read: " + unavailable.reason());
        }
        Transaction.run(dataSource, c -> {
            ProviderBatchesTable.createAttempted(c, row.key());
            return null;
        });
        var id = api.create(row.key(), requests);
        record(row, id);
        log.info("provider batches {}: created {} at {} for {} jobs of batch {}", instanceId, id, row.deployment(), requests.size(),
                row.batchId());
        return Optional.of(id);
    }

    private void record(ProviderBatchRow row, String providerId) throws SQLException {
        Transaction.run(dataSource, c -> {
            ProviderBatchesTable.created(c, row.key(), providerId);
            return null;
        });
    }

    /**
     * The row's jobs as provider requests: OpenAI-format bodies naming the upstream model, each under
     * its job id. A request the provider's batch format cannot carry ({@link ProviderBatchApi#refusal})
     * ends with that refusal now, as a single call would, and is left out; the jobs sent go to {@code sent}.
     */
    private List<ProviderBatchRequest> requests(ProviderBatchRow row, ProviderBatchApi api, List<JobMessage> sent)
            throws SQLException, InterruptedException {
        List<ProviderBatchRequest> requests = new ArrayList<>(row.jobSeqs().length);
        List<Outcome> refused = new ArrayList<>();
        for (var entry : collector.stagedJobs(row).entrySet()) {
            var job = Json.fromBytes(entry.getValue().message(), JobMessage.class);
            ObjectNode body = job.body().deepCopy();
            body.put("model", catalogue.get().model(job.model()).map(m -> m.upstreamModel()).orElse(job.model()));
            var request = new ProviderBatchRequest(entry.getKey(), job.url(), body);
            var refusal = api.refusal(request).flatMap(outcome -> ResultOutcomes.of(job, outcome, row));
            if (refusal.isPresent()) {
                refused.add(refusal.get());
            } else {
                requests.add(request);
                sent.add(job);
            }
        }
        if (!collector.record(refused)) {
            throw new SQLException("provider batches: the refused requests of " + row.key() + " could not be written yet");
        }
        return requests;
    }
}
