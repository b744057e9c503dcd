package io.llmq.worker.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CooldownsTest {
    private final FakePermitStore store = new FakePermitStore();
    private final MovableTicker ticker = new MovableTicker();
    private final Cooldowns cooldowns = new Cooldowns(store, ticker);

    @Test
    void shouldKeepAPauseExactlyAsLongAsAsked() {
        cooldowns.pausedLocally("d", Duration.ofMillis(1500));
        assertThat(cooldowns.pausedFor("d")).isEqualTo(Duration.ofMillis(1500));
        ticker.advance(Duration.ofMillis(1499));
        assertThat(cooldowns.pausedFor("d")).isEqualTo(Duration.ofMillis(1));
        ticker.advance(Duration.ofMillis(1));
        assertThat(cooldowns.pausedFor("d")).isZero();
    }

    @Test
    void shouldNotLetManyShortPausesAddUp() {
        for (int i = 0; i < 40; i++) {
            cooldowns.pausedLocally("d", Duration.ofMillis(5));
        }
        assertThat(cooldowns.pausedFor("d")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void shouldTakeAnotherReplicasPauseFromTheSharedTableAndKeepItWhileTheTableIsUnreachable() {
        store.cooldowns.put("d", 800L);
        cooldowns.refresh();
        assertThat(cooldowns.pausedFor("d")).isEqualTo(Duration.ofMillis(800));
        store.failing = true;
        ticker.advance(Duration.ofMillis(300));
        cooldowns.refresh();
        assertThat(cooldowns.pausedFor("d")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldStopAndJoinItsRefresherWhenClosed() {
        cooldowns.start();
        cooldowns.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("llmq-cooldowns"));
    }
}
