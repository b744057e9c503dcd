package io.llmq.bench.scenario;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FairShareTest {

    @Test
    void shouldGiveTheSmallTenantHalfTheMeasuredRate() {
        // 2,000 jobs/s for the system: a fair scheduler gives B 1,000/s, so B's 5,000 take 5 s
        var share = new FairShare(10, 15_000, 5_000);

        assertThat(share.systemJobsPerSecond()).isEqualTo(2_000);
        assertThat(share.fairSeconds(5_000)).isCloseTo(5.0, within(1e-9));
        assertThat(share.smallShare()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void shouldShowAFifoQueueAsAZeroShareAndAnInfiniteFairTimeWhenNothingFinished() {
        assertThat(new FairShare(10, 20_000, 0).smallShare()).isZero();
        assertThat(new FairShare(10, 0, 0).fairSeconds(20)).isInfinite();
    }

    @Test
    void shouldRefuseAnEmptyWindow() {
        assertThatThrownBy(() -> new FairShare(0, 1, 1)).hasMessageContaining("positive");
    }
}
