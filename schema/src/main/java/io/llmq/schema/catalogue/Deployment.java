package io.llmq.schema.catalogue;

import java.time.Duration;

/**
 * One place a model is served: a provider API at a base URL with its own key and limits.
 *
 * @param provider  wire format spoken there: {@code openai} (any OpenAI-compatible server),
 *                  {@code anthropic} (Messages API) or {@code gemini} (generateContent)
 * @param apiKeyEnv name of the environment variable that holds the key; null for keyless servers
 * @param limits    requests/tokens per minute and concurrent calls, held across all workers
 */
public record Deployment(String name, String provider, String baseUrl, String apiKeyEnv, Duration timeout,
                         DeploymentLimits limits) {
    public static final java.util.List<String> PROVIDERS = java.util.List.of("openai", "anthropic", "gemini");

    public Deployment {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("deployment.name is required");
        }
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("deployment " + name + ": base_url must be an http(s) URL, got '" + baseUrl + "'");
        }
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("deployment " + name + ": provider must be one of " + PROVIDERS + ", got '" + provider + "'");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
        limits = limits == null ? DeploymentLimits.NONE : limits;
    }
}
