package io.llmq.bench.chaos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StrikeTest {

    @Test
    void shouldPlanEveryMomentForEachProviderTheRunHasBatchesOf() {
        assertThat(Strike.plan(true, true)).containsExactly(Strike.values());
        assertThat(Strike.plan(true, false)).containsExactly(Strike.OPENAI_UPLOAD_LOST, Strike.OPENAI_CREATE_STORED,
                Strike.OPENAI_DOWNLOAD);
        assertThat(Strike.plan(false, true)).containsExactly(Strike.ANTHROPIC_CREATE_LOST, Strike.ANTHROPIC_CREATE_STORED,
                Strike.ANTHROPIC_DOWNLOAD);
    }

    @Test
    void shouldStrikeALostCreateOnArrivalAndAnAdoptedOneOnlyOnceStored() {
        assertThat(Strike.ANTHROPIC_CREATE_LOST.endpoint()).isEqualTo(Strike.ANTHROPIC_CREATE_STORED.endpoint());
        assertThat(Strike.ANTHROPIC_CREATE_LOST.moment()).isEqualTo(Strike.Moment.ARRIVED);
        assertThat(Strike.ANTHROPIC_CREATE_STORED.moment()).isEqualTo(Strike.Moment.CREATED);
        assertThat(Strike.OPENAI_CREATE_STORED.endpoint()).isEqualTo("POST /v1/batches");
    }
}
