package io.llmq.bench;

/**
 * One benchmark: it builds its own rig, drives load through llmq's public API, and measures from
 * the outside (the provider's side, the results topic, the workers' metrics endpoints).
 */
public interface Scenario {

    String name();

    /** Worker processes unless {@code LLMQ_BENCH_WORKERS} says otherwise. */
    int defaultWorkers();

    /** One line for {@code ./llmq bench} without arguments. */
    String summary();

    /** Runs once; progress lines go to {@code run.progress()}. */
    ScenarioResult run(BenchRun run) throws Exception;
}
