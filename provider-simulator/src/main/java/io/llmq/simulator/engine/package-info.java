/**
 * The format-neutral heart of the simulator: a {@link io.llmq.simulator.engine.Prompt} goes in,
 * a {@link io.llmq.simulator.engine.Completion} comes out, sized by the tokenizer, delayed by the
 * configured latency and recorded in the {@link io.llmq.simulator.engine.BillBook}.
 *
 * <p>Not API. Wire formats (OpenAI today; Anthropic and Gemini later) translate their own JSON into
 * a {@code Prompt} and render the {@link io.llmq.simulator.engine.Outcome} back. Per-model rate
 * limits and fault injection belong in {@link io.llmq.simulator.engine.CompletionEngine#complete},
 * ahead of the latency, as further {@code Outcome} cases (a 429 with its reset times, an injected
 * failure) that each wire format renders in its own shape, headers included.
 */
package io.llmq.simulator.engine;
