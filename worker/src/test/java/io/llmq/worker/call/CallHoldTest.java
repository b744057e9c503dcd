package io.llmq.worker.call;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.worker.breaker.Admission;
import io.llmq.worker.breaker.DeploymentGuard;
import io.llmq.worker.breaker.DeploymentGuards;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Usage;
import io.llmq.worker.ratelimit.CallGate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallHoldTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CallMeters meters = new CallMeters(registry);
    private final Catalogue catalogue = Catalogue.parse("""
            deployments:
              - name: d
                provider: openai
                base_url: http://localhost:1/v1
                max_concurrent_calls: 1
            models:
              - { id: m, deployment: d, price: { input: 1, output: 1 } }
            """, name -> null);
    private final DeploymentGuard guard = new DeploymentGuards(catalogue).of("d");
    private final Link link = new Link(catalogue.models().iterator().next(), (path, body, attemptId) -> {
        throw new AssertionError("not called here");
    });

    /** What the gate heard from the permit. */
    private static final class Permit implements CallGate.Permit {
        final List<Usage> settled = new ArrayList<>();
        final List<Duration> coolDowns = new ArrayList<>();

        @Override
        public void settle(Usage actual) {
            settled.add(actual);
        }

        @Override
        public void coolDown(Duration wait) {
            coolDowns.add(wait);
        }
    }

    private CallHold hold(Permit permit) throws InterruptedException {
        var admission = guard.admit();
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return new CallHold(permit, ((Admission.Admitted) admission).ticket(), meters);
    }

    @Test
    void shouldSettleTheAnswersUsageFreeTheSlotAndMeterTheCall() throws Exception {
        var permit = new Permit();
        var usage = new Usage(7, 0, 3);
        try (var hold = hold(permit)) {
            assertThat(guard.hasFreeSlot()).isFalse();
            var result = hold.send(link, () -> new ProviderOutcome.Success(200, "r", "{}", "m", usage));
            assertThat(result).isInstanceOf(ProviderOutcome.Success.class);
        }

        assertThat(permit.settled).containsExactly(usage);
        assertThat(permit.coolDowns).isEmpty();
        assertThat(guard.hasFreeSlot()).isTrue();
        assertThat(registry.get("llmq.provider.latency").tag("outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry.get("llmq.provider.tokens").tag("type", "input").counter().count()).isEqualTo(7);
        assertThat(registry.get("llmq.provider.calls.in.flight").gauge().value()).isZero();
        assertThat(registry.get("llmq.ratelimit.permit.age").tag("deployment", "d").timer().count())
                .as("how long the permit aged before the request left").isEqualTo(1);
    }

    @Test
    void shouldPauseTheDeploymentForWhatA429AskedAndSettleNothingUsed() throws Exception {
        var permit = new Permit();
        try (var hold = hold(permit)) {
            hold.send(link, () -> new ProviderOutcome.Retryable(Failure.RATE_LIMITED, 429, "HTTP 429", Duration.ofSeconds(4)));
        }

        assertThat(permit.settled).containsExactly(Usage.NONE);
        assertThat(permit.coolDowns).containsExactly(Duration.ofSeconds(4));
        assertThat(registry.get("llmq.provider.rate.limited").counter().count()).isEqualTo(1);
        assertThat(guard.state()).isEqualTo("closed");
    }

    @Test
    void shouldHandBackThePermitAndTheSlotWhenTheCallNeverWentOut() throws Exception {
        var permit = new Permit();
        try (var ignored = hold(permit)) {
            assertThat(guard.hasFreeSlot()).isFalse();
        }

        assertThat(permit.settled).containsExactly(Usage.NONE);
        assertThat(guard.hasFreeSlot()).isTrue();
        assertThat(registry.find("llmq.provider.latency").timer()).isNull();
    }

    @Test
    void shouldNotCountACallInFlightOnceItsSendWasInterrupted() throws Exception {
        var permit = new Permit();
        try (var hold = hold(permit)) {
            assertThatThrownBy(() -> hold.send(link, () -> {
                throw new InterruptedException("stopping");
            })).isInstanceOf(InterruptedException.class);
        }

        assertThat(registry.get("llmq.provider.calls.in.flight").gauge().value()).isZero();
        assertThat(permit.settled).containsExactly(Usage.NONE);
        assertThat(guard.hasFreeSlot()).isTrue();
    }
}
