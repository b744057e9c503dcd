/**
 * How long the simulator takes to answer: a {@link io.llmq.simulator.latency.LatencyModel}, fixed
 * (the default) or realistic (time to first token, per-token time, a log-normal spread and rare
 * stalls), read from the environment by {@link io.llmq.simulator.latency.LatencyEnv}. Public so
 * that launchers and the bench can choose one; the engine only asks it for the next delay.
 */
package io.llmq.simulator.latency;
