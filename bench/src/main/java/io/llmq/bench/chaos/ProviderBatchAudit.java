package io.llmq.bench.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The provider-batch run's own checks, on top of {@link Audit}'s: every planned kill landed; a download
 * cut by a kill met outcomes half written and was read again; the provider holds exactly one batch per
 * llmq key, each recorded by llmq and ended there; the bill's batch lines and the ledger's
 * {@code provider_batch} rows match one to one; the lines that failed inside their batch ran as
 * synchronous calls.
 */
final class ProviderBatchAudit {

    private ProviderBatchAudit() {
    }

    static void check(BatchStrikes strikes, List<Strike> plan, ProviderBatchTables tables, SimulatorBatches simulator,
                      Reconciliation r, ProviderBatchChaosSettings settings, Checks checks, ObjectNode figures)
            throws SQLException, IOException, InterruptedException {
        var landed = strikes.landed();
        var list = figures.putArray("strikes");
        landed.forEach(list::add);
        checks.check("every planned kill of the runner's leader landed", strikes.pending().isEmpty(),
                landed.size() + " of " + plan.size() + "; not landed: " + strikes.pending());
        downloads(strikes, landed, settings, checks, figures);
        providerBatches(tables, simulator, checks, figures);

        var lines = r.batchLines();
        figures.put("bill_batch_lines", lines.billed());
        figures.put("bill_batch_tokens", lines.billedTokens());
        figures.put("ledger_batch_rows", lines.rows());
        figures.put("ledger_batch_tokens", lines.rowTokens());
        checks.check("provider-batch ledger rows match the bill's batch lines one to one (provider batch id, job)", lines.oneToOne(),
                String.format(Locale.ROOT, "bill %,d lines / %,d tokens; ledger %,d rows / %,d tokens; matched %,d", lines.billed(),
                        lines.billedTokens(), lines.rows(), lines.rowTokens(), lines.matched()));
        var syncRows = r.ledgerRows() - lines.rows();
        figures.put("sync_ledger_rows", syncRows);
        checks.check("lines failed inside their provider batch ran as synchronous calls", settings.failureShare() == 0 || syncRows > 0,
                String.format(Locale.ROOT, "%,d ledger rows of synchronous calls (answers and estimates)", syncRows));
    }

    private static void downloads(BatchStrikes strikes, List<ObjectNode> landed, ProviderBatchChaosSettings settings, Checks checks,
                                  ObjectNode figures) {
        var counts = strikes.downloads();
        var cut = landed.stream().filter(s -> s.has("results")).toList();
        var readAgain = cut.stream().filter(s -> counts.getOrDefault(s.path("results").asText(), 0) >= 2).count();
        var midway = cut.stream().filter(s -> s.path("results_written_before_kill").asLong() > 0
                && s.path("results_written_before_kill").asLong() < settings.jobsPerBatch()).count();
        figures.put("downloads_cut", cut.size());
        figures.put("downloads_cut_read_again", readAgain);
        checks.check("each result download cut by a kill was read again by the next leader", readAgain == cut.size(),
                readAgain + " of " + cut.size() + " (downloads per result: " + counts + ")");
        checks.check("each download kill met the batch's outcomes part-written", midway == cut.size(),
                cut.stream().map(s -> s.path("results_written_before_kill").asLong() + " of " + settings.jobsPerBatch())
                        .collect(Collectors.joining(", ")) + " results written when the reader died");
    }

    /** One provider batch per llmq key at the provider, each recorded by llmq, and every row ended. */
    private static void providerBatches(ProviderBatchTables tables, SimulatorBatches simulator, Checks checks, ObjectNode figures)
            throws SQLException, IOException, InterruptedException {
        var rows = tables.rows();
        var held = new java.util.ArrayList<>(simulator.openAi());
        held.addAll(simulator.anthropic());
        Map<String, Integer> perKey = new HashMap<>();
        held.forEach(b -> perKey.merge(String.valueOf(b.key()), 1, Integer::sum));
        var twice = perKey.values().stream().filter(n -> n > 1).count();
        Set<String> atProvider = new HashSet<>();
        held.forEach(b -> atProvider.add(b.id()));
        Set<String> recorded = rows.stream().map(ProviderBatchTables.Row::providerId).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        var retried = rows.stream().filter(row -> row.createAttempts() > 1).count();
        var notEnded = rows.stream().filter(row -> !row.status().equals("ended")).map(ProviderBatchTables.Row::key).toList();
        figures.put("provider_batches_at_provider", held.size());
        figures.put("provider_batches_recorded", recorded.size());
        figures.put("provider_batch_rows", rows.size());
        figures.put("rows_with_a_second_create_attempt", retried);
        figures.put("jobs_handed_back", rows.stream().mapToLong(ProviderBatchTables.Row::released).sum());
        checks.check("one provider batch per llmq key at the provider, each recorded by llmq", twice == 0 && atProvider.equals(recorded)
                        && recorded.size() == rows.size(),
                String.format(Locale.ROOT, "%d batches at the provider for %d keys (%d keys with two or more); %d rows, %d with a "
                        + "provider id, %d of them created after a second attempt; at the provider but not recorded: %s",
                        held.size(), perKey.size(), twice, rows.size(), recorded.size(), retried,
                        atProvider.stream().filter(id -> !recorded.contains(id)).toList()));
        checks.check("every provider batch row ended", notEnded.isEmpty(), rows.size() - notEnded.size() + " of " + rows.size()
                + " ended" + (notEnded.isEmpty() ? "" : "; open: " + notEnded));
    }
}
