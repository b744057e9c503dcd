/**
 * OpenAI's {@code POST /v1/embeddings}: deterministic unit vectors (the same input and model always
 * give the same vector), {@code usage.prompt_tokens} counted with the simulator's tokenizer, and
 * every answered call on the same bill as completions (as a call with zero completion tokens).
 * Embeddings are answered at once, without the simulated completion latency.
 */
package io.llmq.simulator.embeddings;
