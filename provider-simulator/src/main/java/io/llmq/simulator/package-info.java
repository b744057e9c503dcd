/**
 * A fake LLM provider that speaks the real wire formats over real HTTP and keeps an exact bill.
 *
 * <p>The package root is the public API: {@link io.llmq.simulator.SimulatorConfig},
 * {@link io.llmq.simulator.ProviderSimulator}, {@link io.llmq.simulator.Bill} and
 * {@link io.llmq.simulator.SimulatorMain}. A request flows from a wire-format package
 * ({@code openai}) into the format-neutral {@code engine}, which sizes, writes, delays and bills
 * the completion. Those two packages are implementation; their classes are public only so that
 * the packages can reach each other.
 */
package io.llmq.simulator;
