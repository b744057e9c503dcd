package io.llmq.worker.schedule;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FairShareTest {

    @Test
    void shouldSplitEvenlyBetweenClaimantsThatWantMoreThanTheirShare() {
        var shares = FairShare.divide(100, Map.of("a", 1_000_000L, "b", 5_000L));
        assertThat(shares).containsEntry("a", 50L).containsEntry("b", 50L);
    }

    @Test
    void shouldGiveWhatASmallClaimantLeavesToTheOthers() {
        Map<String, Long> demands = new LinkedHashMap<>();
        demands.put("big", 1_000L);
        demands.put("small", 10L);
        demands.put("mid", 1_000L);
        var shares = FairShare.divide(100, demands);
        assertThat(shares).containsEntry("small", 10L).containsEntry("big", 45L).containsEntry("mid", 45L);
    }

    @Test
    void shouldGiveEveryoneAllTheyWantWhenThereIsEnough() {
        var shares = FairShare.divide(1_000, Map.of("a", 3L, "b", 7L));
        assertThat(shares).containsEntry("a", 3L).containsEntry("b", 7L);
    }

    @Test
    void shouldHandOutTheRemainderOfRoundingWithoutExceedingTheCapacity() {
        var shares = FairShare.divide(10, Map.of("a", 100L, "b", 100L, "c", 100L));
        assertThat(shares.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
        assertThat(shares.values()).allSatisfy(v -> assertThat(v).isBetween(3L, 4L));
    }

    @Test
    void shouldGiveNothingOfNothing() {
        assertThat(FairShare.divide(0, Map.of("a", 5L))).containsEntry("a", 0L);
        assertThat(FairShare.divide(-3, Map.of("a", 5L))).containsEntry("a", 0L);
    }
}
