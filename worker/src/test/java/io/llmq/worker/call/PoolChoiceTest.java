package io.llmq.worker.call;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.worker.breaker.Admission;
import io.llmq.worker.breaker.DeploymentGuards;
import io.llmq.worker.call.PoolChoice.Headroom;
import io.llmq.worker.call.PoolChoice.Room;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.ratelimit.CallGate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class PoolChoiceTest {
    private final Catalogue catalogue = Catalogue.parse("""
            deployments:
              - { name: a, provider: openai, base_url: "http://a.example/v1", rpm: 600,
                  breaker: { failure_rate: 50, window: 2, minimum_calls: 2, open_seconds: 30 } }
              - { name: b, provider: openai, base_url: "http://b.example/v1", rpm: 600 }
            models:
              - id: m
                deployments: [{ name: a, weight: 3 }, { name: b, weight: 1 }]
                price: { input: 1, output: 1 }
              - { id: solo, deployment: b, price: { input: 1, output: 1 } }
            """, name -> null);
    private final DeploymentGuards guards = new DeploymentGuards(catalogue);
    private final Map<String, Duration> paused = new HashMap<>();
    private final Map<String, Integer> queued = new HashMap<>();
    private final Set<String> spent = new java.util.HashSet<>();
    private final CallGate gate = new CallGate() {
        @Override
        public Permit acquire(String deployment, java.util.function.IntSupplier tokens, io.llmq.schema.Priority p, String key) {
            throw new AssertionError("the choice takes no permit");
        }

        @Override
        public Duration pausedFor(String deployment) {
            return paused.getOrDefault(deployment, Duration.ZERO);
        }

        @Override
        public int waiting(String deployment) {
            return queued.getOrDefault(deployment, 0);
        }
    };

    /** A random source that always draws {@code value}: the choice is then a function of the rooms. */
    private static RandomGenerator drawing(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new AssertionError("only nextDouble is used");
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private String pick(String model, double draw) {
        var pool = new Pool(catalogue.model(model).orElseThrow(), catalogue.model(model).orElseThrow().pool().stream()
                .map(m -> new Pool.Member(new Link(catalogue.model(model).orElseThrow(), m.deployment(), null), m.weight(),
                        catalogue.deployment(m.deployment()).limits())).toList());
        return pick(pool, draw, Set.of()).deployment();
    }

    private Link pick(Pool pool, double draw, Set<String> refused) {
        return new PoolChoice(gate, guards, spent::contains, () -> drawing(draw)).pick(pool, refused);
    }

    @Test
    void shouldSplitByWeightWhileBothHaveHeadroom() {
        assertThat(pick("m", 0.0)).isEqualTo("a");
        assertThat(pick("m", 0.74)).isEqualTo("a");
        assertThat(pick("m", 0.76)).isEqualTo("b");
        assertThat(pick("m", 0.999)).isEqualTo("b");
    }

    @Test
    void shouldSendNothingToADeploymentCoolingDownAfterA429() {
        paused.put("a", Duration.ofSeconds(5));

        assertThat(pick("m", 0.0)).isEqualTo("b");
        assertThat(pick("m", 0.5)).isEqualTo("b");
    }

    @Test
    void shouldSendNothingToADeploymentBehindAnOpenBreaker() throws InterruptedException {
        var a = guards.of("a");
        for (int i = 0; i < 2; i++) {
            ((Admission.Admitted) a.admit()).ticket().record(new ProviderOutcome.Retryable(Failure.SERVER_ERROR, 500, "boom", null));
        }
        assertThat(a.isOpen()).isTrue();

        assertThat(pick("m", 0.0)).isEqualTo("b");
        // both out of room: the one that only waits beats the one that refuses
        paused.put("b", Duration.ofSeconds(5));
        assertThat(pick("m", 0.0)).isEqualTo("b");
    }

    @Test
    void shouldSendNothingToADeploymentWhoseDailyQuotaIsSpentWhileTheOtherHasRoom() {
        spent.add("a");

        assertThat(pick("m", 0.0)).isEqualTo("b");
        assertThat(pick("m", 0.74)).isEqualTo("b");
        // the other only waits (paused): still better than a wait for the day's reset
        paused.put("b", Duration.ofSeconds(5));
        assertThat(pick("m", 0.0)).isEqualTo("b");
        // spent everywhere: one of them is still picked, so that the call finds out and the job parks
        spent.add("b");
        assertThat(pick("m", 0.0)).isIn("a", "b");
    }

    @Test
    void shouldGiveTheShareOfADeploymentWithCallsQueuedAtItsLimitsToTheOther() {
        queued.put("a", PoolChoice.BEHIND_AT);

        assertThat(pick("m", 0.0)).isEqualTo("b");
    }

    @Test
    void shouldJoinTheShorterQueuePerAllowedRequestWhenAllAreBehind() {
        queued.put("a", 10);
        queued.put("b", 12);
        assertThat(pick("m", 0.99)).isEqualTo("a");

        queued.put("a", 13);
        assertThat(pick("m", 0.0)).isEqualTo("b");
    }

    @Test
    void shouldAlwaysCallTheOnlyDeploymentOfASingleDeploymentModel() {
        paused.put("b", Duration.ofSeconds(5));

        assertThat(pick("solo", 0.9)).isEqualTo("b");
    }

    @Test
    void shouldTryTheOthersOfThePoolAfterOneRefusedAndEndWhenAllHave() {
        var model = catalogue.model("m").orElseThrow();
        var pool = new Pool(model, model.pool().stream().map(m -> new Pool.Member(new Link(model, m.deployment(), null), m.weight(),
                catalogue.deployment(m.deployment()).limits())).toList());

        assertThat(pick(pool, 0.0, Set.of("a")).deployment()).isEqualTo("b");
        assertThat(pick(pool, 0.0, Set.of("a", "b"))).isNull();
    }

    @Test
    void shouldLeaveADisabledDeploymentOutOfThePool() {
        var disabled = Catalogue.parse("""
                deployments:
                  - { name: a, provider: openai, base_url: "http://a.example/v1", enabled: false }
                  - { name: b, provider: openai, base_url: "http://b.example/v1" }
                models:
                  - { id: m, deployments: [a, b], price: { input: 1, output: 1 } }
                """, name -> null);
        try (var providers = new io.llmq.worker.provider.Providers(disabled, Map.of())) {
            var pool = Pool.of(disabled.model("m").orElseThrow(), providers);

            assertThat(pool.members()).extracting(m -> m.link().deployment()).containsExactly("b");
            assertThat(pool.members().get(0).link().client()).isNotNull();
        }
    }

    @Test
    void shouldShareUniformlyAmongStandbysWhenOnlyWeightZeroOnesHaveRoom() {
        var rooms = List.of(new Room(1, Headroom.OPEN, 0), new Room(0, Headroom.FREE, 0), new Room(0, Headroom.FREE, 0));

        assertThat(PoolChoice.choose(rooms, 0.2)).isEqualTo(1);
        assertThat(PoolChoice.choose(rooms, 0.7)).isEqualTo(2);
    }
}
