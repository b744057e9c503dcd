package io.llmq.schema.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.Map;

import static io.llmq.schema.status.BatchEvent.*;
import static io.llmq.schema.status.BatchStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

class BatchStatusTest {

    /** Every legal transition; any pair not listed must be refused. */
    private static final Map<BatchStatus, Map<BatchEvent, BatchStatus>> LEGAL = new EnumMap<>(Map.of(
            VALIDATING, Map.of(ENQUEUED, IN_PROGRESS, JOB_ENDED, IN_PROGRESS, ENQUEUE_FAILED, FAILED, CANCEL_REQUESTED, CANCELLING),
            IN_PROGRESS, Map.of(ENQUEUED, IN_PROGRESS, JOB_ENDED, IN_PROGRESS, ALL_JOBS_ENDED, FINALIZING, CANCEL_REQUESTED, CANCELLING),
            FINALIZING, Map.of(FINALIZED, COMPLETED, FINALIZED_WITH_EXPIRED_JOBS, EXPIRED),
            CANCELLING, Map.of(ENQUEUED, CANCELLING, JOB_ENDED, CANCELLING, CANCEL_REQUESTED, CANCELLING,
                    ALL_JOBS_ENDED, CANCELLED, ENQUEUE_FAILED, CANCELLED),
            CANCELLED, Map.of(CANCEL_REQUESTED, CANCELLED),
            COMPLETED, Map.of(),
            FAILED, Map.of(),
            EXPIRED, Map.of()));

    @ParameterizedTest
    @EnumSource(BatchStatus.class)
    void shouldAllowExactlyTheListedTransitionsFromEveryStatus(BatchStatus from) {
        for (var event : BatchEvent.values()) {
            var expected = LEGAL.get(from).get(event);
            assertThat(from.next(event)).as("%s + %s", from, event).isEqualTo(java.util.Optional.ofNullable(expected));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BatchStatus.class, names = {"COMPLETED", "FAILED", "EXPIRED"})
    void shouldRefuseToCancelABatchThatEndedOtherwise(BatchStatus ended) {
        assertThat(ended.next(CANCEL_REQUESTED)).isEmpty();
        assertThat(ended.isTerminal()).isTrue();
    }

    @Test
    void shouldEndCancelledOnceTheLastJobOfACancellingBatchEnds() {
        var status = IN_PROGRESS.next(CANCEL_REQUESTED).orElseThrow();
        status = status.next(JOB_ENDED).orElseThrow();
        assertThat(status).isEqualTo(CANCELLING);
        assertThat(status.next(ALL_JOBS_ENDED)).contains(CANCELLED);
    }

    @Test
    void shouldEndExpiredWhenAnyJobExpired() {
        var finalizing = IN_PROGRESS.next(ALL_JOBS_ENDED).orElseThrow();
        assertThat(finalizing.next(FINALIZED_WITH_EXPIRED_JOBS)).contains(EXPIRED);
        assertThat(finalizing.next(FINALIZED)).contains(COMPLETED);
    }

    @Test
    void shouldLetAWorkersFirstOutcomePromoteABatchStillValidating() {
        assertThat(VALIDATING.next(JOB_ENDED)).contains(IN_PROGRESS);
        assertThat(IN_PROGRESS.next(ENQUEUED)).contains(IN_PROGRESS);
    }

    @ParameterizedTest
    @EnumSource(BatchStatus.class)
    void shouldRoundTripItsWireNameAndNameATimestampColumn(BatchStatus status) {
        assertThat(BatchStatus.parse(status.wireName())).isEqualTo(status);
        assertThat(status.timestampColumn()).endsWith("_at");
        assertThat(status.isTerminal()).isEqualTo(LEGAL.get(status).values().stream().allMatch(status::equals));
    }
}
