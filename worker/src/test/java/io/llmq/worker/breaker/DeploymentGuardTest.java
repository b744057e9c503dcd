package io.llmq.worker.breaker;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Usage;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeploymentGuardTest {
    private static final ProviderOutcome FAILED = new ProviderOutcome.Retryable(Failure.SERVER_ERROR, 500, "HTTP 500", null);
    private static final ProviderOutcome LIMITED = new ProviderOutcome.Retryable(Failure.RATE_LIMITED, 429, "HTTP 429", null);
    private static final ProviderOutcome BAD_REQUEST =
            new ProviderOutcome.Permanent(Failure.INVALID_REQUEST, 400, null, "{}", "invalid_request_error", "bad");
    private static final ProviderOutcome OK = new ProviderOutcome.Success(200, null, "{}", "m", new Usage(1, 0, 1));

    private static DeploymentGuard guard(String breaker) {
        var catalogue = Catalogue.parse("""
                deployments:
                  - name: d
                    provider: openai
                    base_url: http://localhost:1/v1
                    max_concurrent_calls: 8
                    breaker: %s
                models:
                  - { id: m, deployment: d, price: { input: 1, output: 1 } }
                """.formatted(breaker), name -> null);
        return new DeploymentGuards(catalogue).of("d");
    }

    private static void call(DeploymentGuard guard, ProviderOutcome outcome) throws InterruptedException {
        var admission = guard.admit();
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        ((Admission.Admitted) admission).ticket().record(outcome);
    }

    @Test
    void shouldOpenOnceTheMinimumCallsFailAndThenRefuseWithoutACall() throws Exception {
        var guard = guard("{ window: 10, minimum_calls: 4, failure_rate: 50, open_seconds: 30 }");
        for (int i = 0; i < 4; i++) {
            call(guard, FAILED);
        }

        assertThat(guard.state()).isEqualTo("open");
        assertThat(guard.admit()).isEqualTo(new Admission.Refused("d", Duration.ofSeconds(30)));
    }

    @Test
    void shouldNotCountRateLimitsOrBadRequestsAgainstTheDeployment() throws Exception {
        var guard = guard("{ window: 10, minimum_calls: 4, failure_rate: 50 }");
        for (int i = 0; i < 20; i++) {
            call(guard, i % 2 == 0 ? LIMITED : BAD_REQUEST);
        }

        assertThat(guard.state()).isEqualTo("closed");
    }

    @Test
    void shouldLetOnlyTheProbesThroughWhenHalfOpenAndCloseWhenTheySucceed() throws Exception {
        var guard = guard("{ window: 10, minimum_calls: 2, failure_rate: 50, open_seconds: 0.2, half_open_calls: 2 }");
        call(guard, FAILED);
        call(guard, FAILED);
        assertThat(guard.isOpen()).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> guard.admit() instanceof Admission.Admitted a && release(a));
        var probe1 = (Admission.Admitted) guard.admit();
        var probe2 = (Admission.Admitted) guard.admit();
        assertThat(guard.state()).isEqualTo("half_open");
        assertThat(guard.admit()).as("both probes are out").isInstanceOf(Admission.Refused.class);

        probe1.ticket().record(OK);
        probe2.ticket().record(OK);
        assertThat(guard.state()).isEqualTo("closed");
    }

    @Test
    void shouldCloseWhenItsProbesMeetOnlyRateLimits() throws Exception {
        var guard = guard("{ window: 10, minimum_calls: 2, failure_rate: 50, open_seconds: 0.2, half_open_calls: 2 }");
        call(guard, FAILED);
        call(guard, FAILED);
        await().atMost(Duration.ofSeconds(5)).until(() -> guard.admit() instanceof Admission.Admitted a && release(a));
        var probe1 = (Admission.Admitted) guard.admit();
        var probe2 = (Admission.Admitted) guard.admit();
        assertThat(guard.state()).isEqualTo("half_open");

        // a deployment that answers 429 is alive; the limiter, not the breaker, deals with its rate
        probe1.ticket().record(LIMITED);
        probe2.ticket().record(LIMITED);

        assertThat(guard.state()).isEqualTo("closed");
    }

    @Test
    void shouldReopenWhenAProbeFails() throws Exception {
        var guard = guard("{ window: 10, minimum_calls: 2, failure_rate: 50, open_seconds: 0.2, half_open_calls: 1 }");
        call(guard, FAILED);
        call(guard, FAILED);

        await().atMost(Duration.ofSeconds(5)).until(() -> guard.admit() instanceof Admission.Admitted);
        assertThat(guard.state()).isEqualTo("half_open");
        // the probe admitted by the await above is still out; it fails
        guard.breaker().onError(0, java.util.concurrent.TimeUnit.NANOSECONDS, new UnhealthyAnswer(Failure.TIMEOUT));

        assertThat(guard.state()).isEqualTo("open");
    }

    @Test
    void shouldFreeTheSlotOfACallThatNeverWentOut() throws Exception {
        var guard = guard("{ window: 10 }");
        var admitted = (Admission.Admitted) guard.admit();
        assertThat(guard.inFlight()).isEqualTo(1);

        admitted.ticket().abandon();

        assertThat(guard.inFlight()).isZero();
    }

    @Test
    void shouldShowEachDeploymentsBreakerStateAndBulkheadInTheMetrics() {
        var catalogue = Catalogue.parse("""
                deployments:
                  - { name: d, provider: openai, base_url: "http://localhost:1/v1" }
                models:
                  - { id: m, deployment: d, price: { input: 1, output: 1 } }
                """, name -> null);
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

        new DeploymentGuards(catalogue).bindTo(registry);

        assertThat(registry.find("resilience4j.circuitbreaker.state").tag("name", "d").tag("state", "closed").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.find("resilience4j.bulkhead.available.concurrent.calls").tag("name", "d").gauge()).isNotNull();
    }

    /** A probe admitted only to find the half-open moment is given back, so the test controls the probes itself. */
    private static boolean release(Admission.Admitted admitted) {
        admitted.ticket().abandon();
        return true;
    }

    @Test
    void shouldJudgeServerErrorsAgainstEveryAnswerRateLimitsIncluded() throws Exception {
        var guard = guard("{ window: 20, minimum_calls: 10, failure_rate: 50 }");
        for (int i = 0; i < 40; i++) {
            // one 500 in four answers: a 25 % failure rate, whatever share of the others are 429s
            call(guard, i % 4 == 3 ? FAILED : LIMITED);
        }

        assertThat(guard.state()).isEqualTo("closed");
    }

    @Test
    void shouldAnswerBusyAtOnceWhenACallHoldingARatePermitFindsNoFreeSlot() throws Exception {
        var guard = guard("{ window: 10 }");
        var held = new java.util.ArrayList<DeploymentGuard.Ticket>();
        for (int i = 0; i < 8; i++) {
            held.add(((Admission.Admitted) guard.admitNow()).ticket());
        }

        var began = System.nanoTime();
        assertThat(guard.admitNow()).isEqualTo(new Admission.Busy("d"));
        // admit() would have waited for a slot (BreakerSettings.BULKHEAD_WAIT) before answering busy
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(BreakerSettings.BULKHEAD_WAIT);

        held.get(0).record(OK);
        assertThat(guard.admitNow()).isInstanceOf(Admission.Admitted.class);
    }
}
