package io.llmq.worker.outcome;

import io.llmq.schema.db.Transaction;
import io.llmq.schema.message.ResultEvent;
import io.llmq.schema.status.JobStatus;
import io.llmq.worker.cache.ResponseCacheTable;
import io.llmq.worker.outbox.OutboxTable;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Makes outcomes durable: results, ledger rows, batch counters and outbox events of a group of
 * jobs in one transaction. Either all of a job's records exist or none do.
 */
public final class OutcomeStore {
    private final DataSource dataSource;
    private final String resultsTopic;
    private final Clock clock;

    public OutcomeStore(DataSource dataSource, String resultsTopic, Clock clock) {
        this.dataSource = dataSource;
        this.resultsTopic = resultsTopic;
        this.clock = clock;
    }

    /**
     * How a write went: how many outcomes were new (and which), and which batches it completed.
     *
     * @param costByTenantModel what the new ledger rows cost, keyed by {@code [tenant, model]}, as
     *                          the database computed it from the prices in force at each call
     * @param savedByModel      what the new ledger rows of provider batches saved against the synchronous price, per model
     */
    public record Written(int fresh, int duplicates, List<String> completedBatches, List<Outcome> freshOutcomes,
                          Map<List<String>, BigDecimal> costByTenantModel, Map<String, BigDecimal> savedByModel) {
    }

    public Set<String> finished(Collection<String> jobIds) throws SQLException {
        if (jobIds.isEmpty()) {
            return Set.of();
        }
        try (var c = dataSource.getConnection()) {
            return JobResultsTable.finished(c, jobIds);
        }
    }

    public Written write(List<Outcome> outcomes) throws SQLException {
        return Transaction.run(dataSource, c -> record(c, outcomes));
    }

    /** As {@link #write}, inside the caller's transaction (the sweeper's, which also removes the jobs' parked rows). */
    public Written writeIn(Connection c, List<Outcome> outcomes) throws SQLException {
        return record(c, outcomes);
    }

    /**
     * Ends a job whose outcome PostgreSQL refused ({@code sqlState}) as failed with
     * {@link Unstorable#CODE}, with its ledger rows and counted in its batch, as any ending. Its
     * custom id becomes its job id if another job of the batch holds the same one: a duplicate
     * custom id is the refusal this row must not run into again.
     */
    Written writeUnstorable(Outcome refused, String sqlState) throws SQLException {
        var job = refused.job();
        return Transaction.run(dataSource, c -> {
            var customId = JobResultsTable.customIdTaken(c, job.batchId(), Storable.text(job.customId()), job.jobId())
                    ? job.jobId() : job.customId();
            return record(c, List.of(Unstorable.instead(refused, customId, sqlState)));
        });
    }

    private Written record(Connection c, List<Outcome> outcomes) throws SQLException {
        var inserted = JobResultsTable.insertNew(c, outcomes);
        var fresh = outcomes.stream().filter(o -> inserted.containsKey(o.job().jobId())).toList();
        var costs = LedgerTable.append(c, fresh);
        var withdrawn = settleCalls(c, outcomes, fresh);
        ResponseCacheTable.insert(c, cacheEntries(fresh));
        // sorted, so that two workers lock batch rows in the same order and cannot deadlock
        Map<String, BatchesTable.Delta> deltas = new TreeMap<>();
        Map<String, String> tenants = new TreeMap<>();
        List<ResultEvent> events = new ArrayList<>();
        var now = clock.millis();
        for (var o : fresh) {
            var bytes = inserted.get(o.job().jobId());
            var delta = new BatchesTable.Delta(count(o, JobStatus.SUCCEEDED), count(o, JobStatus.FAILED),
                    count(o, JobStatus.CANCELLED), count(o, JobStatus.EXPIRED), o.inputTokens(), o.cachedTokens(),
                    o.outputTokens(), BigDecimal.ZERO, o.succeeded() ? bytes : 0, o.succeeded() ? 0 : bytes);
            deltas.merge(o.job().batchId(), delta, BatchesTable.Delta::plus);
            tenants.put(o.job().batchId(), o.job().tenantId());
            var type = o.succeeded() ? ResultEvent.JOB_COMPLETED : ResultEvent.JOB_FAILED;
            events.add(new ResultEvent(eventId(type, o.job().jobId()), type, o.job().tenantId(), o.job().batchId(),
                    o.job().jobId(), o.job().customId(), o.status().wireName(), now));
        }
        costs.byBatch().forEach((batchId, cost) -> deltas.merge(batchId, BatchesTable.Delta.ofCost(cost), BatchesTable.Delta::plus));
        withdrawn.forEach((batchId, cost) -> deltas.merge(batchId, BatchesTable.Delta.ofCost(cost), BatchesTable.Delta::plus));
        List<String> completed = new ArrayList<>();
        for (var entry : deltas.entrySet()) {
            var ended = BatchesTable.add(c, entry.getKey(), entry.getValue());
            if (ended.isPresent()) {
                completed.add(entry.getKey());
                // batch.completed announces every ending; its status says which (completed, expired, cancelled)
                events.add(new ResultEvent(eventId(ResultEvent.BATCH_COMPLETED, entry.getKey()), ResultEvent.BATCH_COMPLETED,
                        tenants.get(entry.getKey()), entry.getKey(), null, null, ended.get().wireName(), now));
            }
        }
        OutboxTable.append(c, resultsTopic, events);
        return new Written(fresh.size(), outcomes.size() - fresh.size(), completed, fresh, costs.byTenantModel(),
                costs.savedByProviderBatches());
    }

    /**
     * In the caller's transaction (the provider batch runner's, which hands the jobs back): ledger
     * rows for answers the provider billed that are not their jobs' outcomes (an output check sent
     * the job on to synchronous calls), and their cost on the batch. {@code carriers} hold the job and
     * its billed attempts only; nothing else of them is written. A row already written (results read
     * again after a crash) is not written twice, nor its cost added twice.
     */
    public static void billWithoutOutcome(Connection c, List<Outcome> carriers) throws SQLException {
        var costs = LedgerTable.append(c, carriers);
        for (var entry : new TreeMap<>(costs.byBatch()).entrySet()) {
            BatchesTable.add(c, entry.getKey(), BatchesTable.Delta.ofCost(entry.getValue()));
        }
    }

    /**
     * Inside the dispatcher's transaction: {@code jobs} jobs of a batch that were never released end
     * all at once, {@code cancelled} or {@code expired}, as counters only (the result readers list
     * them from the staged pages). If that ends the batch, its {@code batch.completed} event is
     * written as for any other ending. With no jobs, it ends a batch whose jobs all ended already
     * but that was left short of its end (the retention sweeper's repair).
     *
     * @param errorBytes what the jobs' lines add to the batch's error file
     * @return the batch's terminal status if this ended it
     */
    public Optional<String> endUnreleased(Connection c, String batchId, String tenantId, JobStatus status,
                                          int jobs, long errorBytes) throws SQLException {
        var delta = new BatchesTable.Delta(0, 0, status == JobStatus.CANCELLED ? jobs : 0, status == JobStatus.EXPIRED ? jobs : 0,
                0, 0, 0, BigDecimal.ZERO, 0, errorBytes);
        var ended = BatchesTable.add(c, batchId, delta);
        if (ended.isPresent()) {
            OutboxTable.append(c, resultsTopic, List.of(new ResultEvent(eventId(ResultEvent.BATCH_COMPLETED, batchId),
                    ResultEvent.BATCH_COMPLETED, tenantId, batchId, null, null, ended.get().wireName(), clock.millis())));
        }
        return ended.map(s -> s.wireName());
    }

    /**
     * The billed calls of the group are on the ledger now: their rows in {@code call_attempts} go,
     * in this transaction. A fresh call without such a row had been estimated meanwhile (see
     * {@link AttemptJournal}); its estimate is withdrawn.
     *
     * @return what the withdrawals cost (negative), per batch
     */
    private static Map<String, BigDecimal> settleCalls(Connection c, List<Outcome> outcomes, List<Outcome> fresh) throws SQLException {
        var settled = CallAttemptsTable.delete(c, billedCalls(outcomes));
        var late = billedCalls(fresh);
        late.removeAll(settled);
        return LedgerTable.withdrawEstimates(c, late);
    }

    private static Set<String> billedCalls(List<Outcome> outcomes) {
        Set<String> ids = new java.util.HashSet<>();
        for (var o : outcomes) {
            for (var b : o.billed()) {
                if (b.kind() == BilledAttempt.Kind.CALL && b.attemptId() != null) {
                    ids.add(b.attemptId());
                }
            }
        }
        return ids;
    }

    private static int count(Outcome o, JobStatus status) {
        return o.status() == status ? 1 : 0;
    }

    /** Stable per event, so a consumer can de-duplicate a re-published event by its id. */
    static String eventId(String type, String subject) {
        return UUID.nameUUIDFromBytes((type + ":" + subject).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Successful answers to opted-in, deterministic requests not themselves answered from the cache. */
    private static List<ResponseCacheTable.Entry> cacheEntries(List<Outcome> fresh) {
        return fresh.stream().filter(o -> o.cacheKey() != null && o.succeeded() && !o.cached() && o.responseBody() != null)
                .map(o -> new ResponseCacheTable.Entry(o.job().tenantId(), o.cacheKey(), o.model(),
                        o.statusCode() == null ? 200 : o.statusCode(), Storable.json(o.responseBody()), o.job().jobId()))
                .toList();
    }
}
