/**
 * Fault injection on command, in front of every wire format: which faults are in force
 * ({@link io.llmq.simulator.faults.FaultBook}), the filter that applies them and counts requests per
 * model ({@link io.llmq.simulator.faults.FaultFilter}, {@link io.llmq.simulator.faults.Traffic}) and
 * the {@code /sim/faults} admin endpoint. Not API: tests use {@code ProviderSimulator.inject}.
 */
package io.llmq.simulator.faults;
