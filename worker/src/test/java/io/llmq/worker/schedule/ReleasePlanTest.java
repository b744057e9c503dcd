package io.llmq.worker.schedule;

import io.llmq.schema.Priority;
import io.llmq.schema.status.BatchStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReleasePlanTest {
    private static final double LOW_MIN = 0.05;

    private static QueuedBatch batch(String id, String tenant, Priority priority, int total, int claimed, int outstanding) {
        return new QueuedBatch(id, tenant, priority, total, claimed, claimed, outstanding, BatchStatus.IN_PROGRESS, Long.MAX_VALUE, 0, false);
    }

    @Test
    void shouldGiveALoneBatchTheWholeWindow() {
        var plan = ReleasePlan.of(List.of(batch("a", "t1", Priority.NORMAL, 1_000_000, 0, 0)), 512, LOW_MIN);
        assertThat(plan).containsExactly(java.util.Map.entry("a", 512));
    }

    @Test
    void shouldTopUpWhatEndedSoTheWindowStaysFull() {
        var plan = ReleasePlan.of(List.of(batch("a", "t1", Priority.NORMAL, 1_000_000, 5_000, 400)), 512, LOW_MIN);
        assertThat(plan).containsEntry("a", 112);
    }

    @Test
    void shouldGiveANewTenantItsHalfAtOnceWhileTheBigTenantHoldsTheWholeWindow() {
        var big = batch("a", "tenant-a", Priority.NORMAL, 1_000_000, 300_000, 512);
        var small = batch("b", "tenant-b", Priority.NORMAL, 5_000, 0, 0);
        var plan = ReleasePlan.of(List.of(big, small), 512, LOW_MIN);
        assertThat(plan).as("the big tenant is over its half; the newcomer gets its half now").containsExactly(java.util.Map.entry("b", 256));
    }

    @Test
    void shouldShareATenantsPartBetweenItsBatches() {
        var a1 = batch("a1", "tenant-a", Priority.NORMAL, 100_000, 0, 0);
        var a2 = batch("a2", "tenant-a", Priority.NORMAL, 100_000, 0, 0);
        var b = batch("b", "tenant-b", Priority.NORMAL, 100_000, 0, 0);
        var plan = ReleasePlan.of(List.of(a1, a2, b), 400, LOW_MIN);
        assertThat(plan).containsEntry("a1", 100).containsEntry("a2", 100).containsEntry("b", 200);
    }

    @Test
    void shouldReleaseNothingOfABatchHeldOverBudgetAndGiveItsShareToTheOthers() {
        var held = new QueuedBatch("a", "tenant-a", Priority.NORMAL, 1_000_000, 256, 256, 0, BatchStatus.IN_PROGRESS,
                Long.MAX_VALUE, 0, true);
        var other = batch("b", "tenant-b", Priority.NORMAL, 100_000, 0, 0);
        assertThat(ReleasePlan.of(List.of(held, other), 512, LOW_MIN)).containsExactly(java.util.Map.entry("b", 512));
        assertThat(ReleasePlan.of(List.of(held), 512, LOW_MIN)).isEmpty();
    }

    @Test
    void shouldReleaseNoMoreThanABatchHasLeft() {
        var plan = ReleasePlan.of(List.of(batch("a", "t1", Priority.NORMAL, 20, 0, 0)), 512, LOW_MIN);
        assertThat(plan).containsEntry("a", 20);
    }

    @Test
    void shouldReleaseHighWorkBehindAFullNormalWindow() {
        var normal = batch("n", "t1", Priority.NORMAL, 1_000_000, 10_000, 512);
        var high = batch("h", "t2", Priority.HIGH, 100, 0, 0);
        var plan = ReleasePlan.of(List.of(normal, high), 512, LOW_MIN);
        assertThat(plan).containsExactly(java.util.Map.entry("h", 100));
    }

    @Test
    void shouldKeepLowsMinimumShareWhileNormalWantsEverything() {
        var normal = batch("n", "t1", Priority.NORMAL, 1_000_000, 0, 0);
        var low = batch("l", "t2", Priority.LOW, 1_000_000, 0, 0);
        var plan = ReleasePlan.of(List.of(normal, low), 1_000, LOW_MIN);
        assertThat(plan).containsEntry("l", 50).containsEntry("n", 950);
    }

    @Test
    void shouldGiveLowTheWholeWindowWhenNormalHasNothing() {
        var low = batch("l", "t2", Priority.LOW, 1_000_000, 0, 0);
        assertThat(ReleasePlan.of(List.of(low), 1_000, LOW_MIN)).containsEntry("l", 1_000);
    }

    @Test
    void shouldCountWorkOfFullyReleasedBatchesAgainstTheWindow() {
        var released = batch("done", "t1", Priority.NORMAL, 300, 300, 300);
        var next = batch("next", "t1", Priority.NORMAL, 10_000, 0, 0);
        var plan = ReleasePlan.of(List.of(released, next), 512, LOW_MIN);
        assertThat(plan).containsExactly(java.util.Map.entry("next", 212));
    }

    @Test
    void shouldReleaseNothingWhenTheWindowIsFull() {
        var plan = ReleasePlan.of(List.of(batch("a", "t1", Priority.NORMAL, 1_000_000, 1_000, 600)), 512, LOW_MIN);
        assertThat(plan).isEmpty();
    }
}
