package io.llmq.schema.catalogue;

import java.time.Duration;
import java.util.Set;

/**
 * One place a model is served: a provider API at a base URL with its own key and limits.
 *
 * @param provider  wire format spoken there: {@code openai} (any OpenAI-compatible server),
 *                  {@code anthropic} (Messages API) or {@code gemini} (generateContent)
 * @param apiKeyEnv name of the environment variable that holds the key; null for keyless servers
 * @param apiKeyFile a file that holds the key (a mounted secret), read by each worker when it makes the
 *                  deployment's client; at most one of the two is given
 * @param limits    requests/tokens per minute and concurrent calls, held across all workers
 * @param nativeEndpoints the batch endpoints an {@code openai} server answers itself; a chat model's
 *                  Responses or Completions request to one that lacks them is translated to Chat
 *                  Completions and back. Null means {@link #DEFAULT_NATIVE_ENDPOINTS}. The Anthropic and
 *                  Gemini adapters translate every endpoint they serve from chat, so theirs is chat only.
 * @param enabled   false takes the deployment out of every model's pool without deleting its lines;
 *                  a model needs at least one enabled deployment
 * @param batchApi  the provider's own batch API (OpenAI Batch, Anthropic Message Batches, Gemini batch
 *                  mode) is served at {@code baseUrl}, so batches may be routed through it at its price
 */
public record Deployment(String name, String provider, String baseUrl, String apiKeyEnv, Duration timeout,
                         DeploymentLimits limits, Set<String> nativeEndpoints, boolean enabled, boolean batchApi,
                         String apiKeyFile) {
    public static final java.util.List<String> PROVIDERS = java.util.List.of("openai", "anthropic", "gemini");
    /**
     * What every OpenAI-compatible server (vLLM, Ollama, llama.cpp, LM Studio) has in common;
     * Responses and legacy Completions are listed per deployment where the server has them.
     */
    public static final Set<String> DEFAULT_NATIVE_ENDPOINTS = Set.of(Endpoints.CHAT_COMPLETIONS, Endpoints.EMBEDDINGS,
            Endpoints.MODERATIONS);

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
        if (apiKeyEnv != null && apiKeyFile != null) {
            throw new IllegalArgumentException("deployment " + name + ": give api_key_env or api_key_file, not both");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
        limits = limits == null ? DeploymentLimits.NONE : limits;
        nativeEndpoints = nativeEndpoints(name, provider, nativeEndpoints);
    }

    /** A deployment whose key, if any, is in an environment variable. */
    public Deployment(String name, String provider, String baseUrl, String apiKeyEnv, Duration timeout, DeploymentLimits limits,
                      Set<String> nativeEndpoints, boolean enabled, boolean batchApi) {
        this(name, provider, baseUrl, apiKeyEnv, timeout, limits, nativeEndpoints, enabled, batchApi, null);
    }

    /** A deployment without a provider batch API. */
    public Deployment(String name, String provider, String baseUrl, String apiKeyEnv, Duration timeout, DeploymentLimits limits,
                      Set<String> nativeEndpoints, boolean enabled) {
        this(name, provider, baseUrl, apiKeyEnv, timeout, limits, nativeEndpoints, enabled, false);
    }

    /** An enabled deployment. */
    public Deployment(String name, String provider, String baseUrl, String apiKeyEnv, Duration timeout, DeploymentLimits limits,
                      Set<String> nativeEndpoints) {
        this(name, provider, baseUrl, apiKeyEnv, timeout, limits, nativeEndpoints, true);
    }

    /** The deployment as every one was before native endpoints were configurable. */
    public Deployment(String name, String provider, String baseUrl, String apiKeyEnv, Duration timeout, DeploymentLimits limits) {
        this(name, provider, baseUrl, apiKeyEnv, timeout, limits, null);
    }

    private static Set<String> nativeEndpoints(String name, String provider, Set<String> listed) {
        if (!provider.equals("openai")) {
            if (listed != null) {
                throw new IllegalArgumentException("deployment " + name + ": native_endpoints applies only to provider openai; the "
                        + provider + " adapter translates every request from chat completions");
            }
            return Set.of(Endpoints.CHAT_COMPLETIONS);
        }
        if (listed == null) {
            return DEFAULT_NATIVE_ENDPOINTS;
        }
        for (var endpoint : listed) {
            if (!Endpoints.ALL.contains(endpoint)) {
                throw new IllegalArgumentException("deployment " + name + ": native_endpoints entries must be among " + Endpoints.ALL
                        + ", got '" + endpoint + "'");
            }
        }
        return Set.copyOf(listed);
    }

    /** Whether the deployment's server answers {@code endpoint} itself, in OpenAI's format. */
    public boolean servesNatively(String endpoint) {
        return nativeEndpoints.contains(endpoint);
    }
}
