package io.llmq.bench.chaos;

/**
 * The provider-batch chaos run's catalogue: the simulator as OpenAI and as Anthropic, each with its
 * batch API, and one model on each at its batch price. Every worker's API key is its instance id
 * ({@code LLMQ_WORKER_INSTANCE_ID}, set per process by the rig; the simulator takes any key), so the
 * simulator's batch hook knows which worker sent a call and can kill exactly that one.
 */
final class ProviderBatchCatalogue {
    static final String YAML = """
            deployments:
              - name: simulator
                provider: openai
                base_url: ${BENCH_BASE_URL}/v1
                api_key_env: LLMQ_WORKER_INSTANCE_ID
                timeout_seconds: 60
                batch_api: true
              - name: simulator-anthropic
                provider: anthropic
                base_url: ${BENCH_BASE_URL}/v1
                api_key_env: LLMQ_WORKER_INSTANCE_ID
                timeout_seconds: 60
                batch_api: true
            models:
              - id: gpt-4o-mini
                deployment: simulator
                max_output_tokens: 16384
                context_window: 128000
                price: { input: 0.15, cached_input: 0.075, output: 0.60, batch_discount: true }
              - id: claude-sonnet-4
                deployment: simulator-anthropic
                upstream_model: claude-sonnet-4-20250514
                max_output_tokens: 64000
                context_window: 200000
                price: { input: 3.00, cached_input: 0.30, output: 15.00, batch_discount: true }
            """;

    private ProviderBatchCatalogue() {
    }
}
