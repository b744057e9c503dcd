package io.llmq.bench.scenario;

import io.llmq.simulator.limits.ServedLog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class SentPerMinuteTest {

    @Test
    void shouldCountRefusedRequestsAsSentInTheBusiestSixtySeconds() {
        var seconds = new ArrayList<ServedLog.Second>();
        for (int i = 0; i < 120; i++) {
            // second 70 is a burst of refused requests; every other second serves 10
            seconds.add(new ServedLog.Second(1000 + i, 10, 100, i == 70 ? 400 : 0));
        }

        assertThat(SentPerMinute.busiest(seconds)).isEqualTo(600 + 400);
    }

    @Test
    void shouldSumEverythingWhenTheRunIsShorterThanAMinute() {
        var seconds = new ArrayList<ServedLog.Second>();
        for (int i = 0; i < 20; i++) {
            seconds.add(new ServedLog.Second(1000 + i, 5, 50, 1));
        }

        assertThat(SentPerMinute.busiest(seconds)).isEqualTo(120);
    }
}
