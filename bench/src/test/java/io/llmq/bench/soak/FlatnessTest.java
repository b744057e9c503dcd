package io.llmq.bench.soak;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlatnessTest {
    private static final Flatness HEAP = new Flatness(1.25, 16);
    private static final Flatness THREADS = new Flatness(1, 5);

    @Test
    void shouldCompareTheMeanOfTheLastQuarterWithTheMeanOfTheFirst() {
        var verdict = HEAP.judge(List.of(100.0, 110.0, 90.0, 95.0, 105.0, 100.0, 120.0, 130.0));

        assertThat(verdict.samples()).isEqualTo(8);
        assertThat(verdict.firstQuarterMean()).isEqualTo(105.0);
        assertThat(verdict.lastQuarterMean()).isEqualTo(125.0);
        assertThat(verdict.limit()).isEqualTo(105 * 1.25 + 16);
        assertThat(verdict.flat()).isTrue();
    }

    @Test
    void shouldCallAHeapThatKeepsGrowingNotFlat() {
        var verdict = HEAP.judge(List.of(100.0, 120.0, 140.0, 160.0, 180.0, 200.0, 220.0, 240.0));

        assertThat(verdict.lastQuarterMean()).isEqualTo(230.0);
        assertThat(verdict.ratio()).isGreaterThan(2);
        assertThat(verdict.flat()).isFalse();
    }

    @Test
    void shouldAllowSmallCountsTheAbsoluteSlackButNoMore() {
        assertThat(THREADS.judge(List.of(40.0, 40.0, 41.0, 45.0)).flat()).isTrue();
        assertThat(THREADS.judge(List.of(40.0, 40.0, 41.0, 46.0)).flat()).isFalse();
    }

    @Test
    void shouldLeaveOutSamplesThatCouldNotBeRead() {
        var verdict = THREADS.judge(List.of(-1.0, 40.0, 41.0, -1.0, 42.0, 43.0, 44.0, 60.0, -1.0));

        assertThat(verdict.samples()).isEqualTo(6);
        assertThat(verdict.firstQuarterMean()).isEqualTo(40.0);
        assertThat(verdict.lastQuarterMean()).isEqualTo(60.0);
        assertThat(verdict.flat()).isFalse();
    }

    @Test
    void shouldNotCallAFigureFlatWhenNothingWasRead() {
        var verdict = THREADS.judge(List.of(-1.0, -1.0));

        assertThat(verdict.samples()).isZero();
        assertThat(verdict.flat()).isFalse();
    }

    @Test
    void shouldCompareSingleSamplesWhenTheRunIsShorterThanFourSamples() {
        var verdict = THREADS.judge(List.of(40.0, 90.0, 44.0));

        assertThat(verdict.firstQuarterMean()).isEqualTo(40.0);
        assertThat(verdict.lastQuarterMean()).isEqualTo(44.0);
        assertThat(verdict.flat()).isTrue();
    }

    @Test
    void shouldRefuseARuleThatWouldAllowShrinkingOnly() {
        assertThatThrownBy(() -> new Flatness(0.9, 0)).hasMessageContaining("ratio >= 1");
    }
}
