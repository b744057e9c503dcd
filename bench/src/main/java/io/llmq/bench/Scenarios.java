package io.llmq.bench;

import io.llmq.bench.chaos.ChaosScenario;
import io.llmq.bench.chaos.ProviderBatchChaosScenario;
import io.llmq.bench.chaos.ScaleScenario;
import io.llmq.bench.console.ConsoleScenario;
import io.llmq.bench.providerbatch.ProviderBatchScenario;
import io.llmq.bench.retention.RetentionScenario;
import io.llmq.bench.scenario.CancelScenario;
import io.llmq.bench.scenario.FairnessScenario;
import io.llmq.bench.scenario.LimitsScenario;
import io.llmq.bench.scenario.PoolScenario;
import io.llmq.bench.scenario.PriorityScenario;
import io.llmq.bench.scenario.RealisticScenario;
import io.llmq.bench.scenario.ThroughputScenario;
import io.llmq.bench.soak.SoakScenario;

import java.util.List;
import java.util.Optional;

/** Every scenario {@code ./llmq bench} knows, by name. */
final class Scenarios {
    static final List<Scenario> ALL = List.of(new LimitsScenario(), new PriorityScenario(), new FairnessScenario(),
            new RealisticScenario(), new ThroughputScenario(), new CancelScenario(), new ChaosScenario(), ChaosScenario.cluster(), new ScaleScenario(),
            new ProviderBatchChaosScenario(),
            new SoakScenario(), new RetentionScenario(), new ConsoleScenario(), new PoolScenario(),
            new ProviderBatchScenario());

    private Scenarios() {
    }

    static Optional<Scenario> named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
