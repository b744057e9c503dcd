package io.llmq.worker.consume;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionProgressTest {

    @Test
    void shouldCommitOnlyUpToTheFirstOffsetWhoseOutcomeIsNotDurable() {
        var p = new PartitionProgress();
        p.started(10);
        p.started(11);
        p.started(12);
        assertThat(p.committable()).isEqualTo(10);
        p.finished(11);
        p.finished(12);
        assertThat(p.committable()).as("10 is still running: a crash must redeliver it").isEqualTo(10);
        p.finished(10);
        assertThat(p.committable()).isEqualTo(13);
        assertThat(p.inFlight()).isZero();
    }

    @Test
    void shouldNotOfferTheSameOffsetTwiceOnceCommitted() {
        var p = new PartitionProgress();
        p.started(0);
        p.finished(0);
        assertThat(p.committable()).isEqualTo(1);
        p.markCommitted(1);
        assertThat(p.committable()).isEqualTo(-1);
        p.started(1);
        assertThat(p.committable()).isEqualTo(-1);
        p.finished(1);
        assertThat(p.committable()).isEqualTo(2);
    }

    @Test
    void shouldOfferNothingBeforeAnyRecordArrived() {
        assertThat(new PartitionProgress().committable()).isEqualTo(-1);
    }
}
