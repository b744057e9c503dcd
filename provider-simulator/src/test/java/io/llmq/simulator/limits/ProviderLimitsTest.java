package io.llmq.simulator.limits;

import io.llmq.simulator.SimulatorLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderLimitsTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong millis = new AtomicLong(1_000_000);

    @Test
    void shouldAdmitTheBurstThenRefuseWithTheWaitUntilTheNextRequestRefills() {
        var log = new ServedLog(millis::get);
        // 600 RPM = 10 per second; a 1 s burst holds 10 requests
        var limits = new ProviderLimits(SimulatorLimits.of(600, 0), log, nanos::get);
        for (int i = 0; i < 10; i++) {
            assertThat(limits.admit(10, 10, 15).admitted()).isTrue();
            limits.leave();
        }
        var refused = limits.admit(10, 10, 15);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(100));
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(limits.admit(10, 10, 15).admitted()).isTrue();
        assertThat(log.seconds().get(0).rateLimited()).isEqualTo(1);
    }

    @Test
    void shouldAdmitOnPromptPlusMaxTokensButChargeWhatWasUsed() {
        // 6,000 TPM = 100 tokens per second; the bucket holds 100
        var limits = new ProviderLimits(SimulatorLimits.of(0, 6000), new ServedLog(millis::get), nanos::get);
        assertThat(limits.admit(20, 60, 30).admitted()).isTrue();
        // 70 left: a call that may use 20 + 60 = 80 must wait for 10 tokens = 100 ms
        var refused = limits.admit(20, 60, 30);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(100));
        assertThat(limits.admit(20, 40, 30).admitted()).isTrue();
    }

    @Test
    void shouldRefuseBeyondTheConcurrencyLimitUntilACallLeaves() {
        var limits = new ProviderLimits(SimulatorLimits.none().withMaxConcurrent(1), new ServedLog(millis::get), nanos::get);
        assertThat(limits.admit(1, 1, 1).admitted()).isTrue();
        assertThat(limits.admit(1, 1, 1).admitted()).isFalse();
        limits.leave();
        assertThat(limits.admit(1, 1, 1).admitted()).isTrue();
    }

    @Test
    void shouldFindTheBusiestSixtySecondsOfTraffic() {
        var log = new ServedLog(millis::get);
        for (int second = 0; second < 120; second++) {
            log.served(second < 60 ? 10 : 20);
            millis.addAndGet(1000);
        }
        assertThat(log.busiestMinute()).containsExactly(60, 1200);
    }
}
