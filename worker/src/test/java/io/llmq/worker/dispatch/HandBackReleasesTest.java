package io.llmq.worker.dispatch;

import io.llmq.schema.Priority;
import io.llmq.schema.status.BatchStatus;
import io.llmq.worker.schedule.QueuedBatch;
import io.llmq.worker.schedule.ReleasePlan;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a provider-routed batch with hand-backs enters the release plan: its waiting jobs as its pending work. */
class HandBackReleasesTest {

    private static QueuedBatch providerRouted(int total, int ended) {
        // handed over whole to provider batches: claimed = dispatched = total; outstanding = claimed - ended
        return new QueuedBatch("refused", "tenant-a", Priority.NORMAL, total, total, total, total - ended, BatchStatus.IN_PROGRESS,
                Long.MAX_VALUE, ended, false);
    }

    @Test
    void shouldGiveARefusedProviderBatchItsFairShareOfTheWindowNotItsWholeSize() {
        var view = HandBackReleases.view(providerRouted(50_000, 0), new HandBacksTable.Queue(50_000, 0, 0));
        var neighbour = new QueuedBatch("sync", "tenant-b", Priority.NORMAL, 10_000, 0, 0, 0, BatchStatus.IN_PROGRESS,
                Long.MAX_VALUE, 0, false);

        var plan = ReleasePlan.of(List.of(view, neighbour), 200, 0.05);

        assertThat(view.pending()).isEqualTo(50_000);
        assertThat(view.outstanding()).isZero();
        assertThat(plan).containsEntry("refused", 100).containsEntry("sync", 100);
    }

    @Test
    void shouldCountReleasedHandBacksAsInFlightAndJobsInOpenProviderBatchesAsNeither() {
        // 10,000 jobs: 4,000 still in an open provider batch, 5,000 answered there, 1,000 handed back of which
        // 300 still wait, 500 were released and ended, 200 are out
        var view = HandBackReleases.view(providerRouted(10_000, 5_500), new HandBacksTable.Queue(300, 0, 4_000));

        assertThat(view.pending()).isEqualTo(300);
        assertThat(view.outstanding()).isEqualTo(200);
        assertThat(view.releasable()).isTrue();
    }

    @Test
    void shouldHaveNothingToReleaseWhileEveryJobIsInAProviderBatch() {
        var view = HandBackReleases.view(providerRouted(10_000, 0), new HandBacksTable.Queue(0, 0, 10_000));

        assertThat(view.releasable()).isFalse();
        assertThat(view.outstanding()).isZero();
    }
}
