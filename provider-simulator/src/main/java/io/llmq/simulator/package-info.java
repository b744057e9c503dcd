/**
 * A fake LLM provider that speaks the real wire formats over real HTTP and keeps an exact bill.
 *
 * <p>The package root is the public API: {@link io.llmq.simulator.SimulatorConfig},
 * {@link io.llmq.simulator.ProviderSimulator}, {@link io.llmq.simulator.Bill},
 * {@link io.llmq.simulator.Fault} and {@link io.llmq.simulator.SimulatorMain}. A request passes the
 * {@code faults} filter (which may fail it on command), then flows from a wire-format package
 * ({@code openai}, {@code anthropic}, {@code gemini}) into the format-neutral {@code engine}, which
 * sizes, writes, delays and bills the completion. Those packages are implementation; their classes
 * are public only so that the packages can reach each other.
 */
package io.llmq.simulator;
