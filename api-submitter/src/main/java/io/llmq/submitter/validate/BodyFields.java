package io.llmq.submitter.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.Endpoints;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which top-level fields of a request body llmq passes on to a provider. A body is forwarded
 * verbatim, so a field nobody checked would reach the provider as sent: the allow-list is the
 * documented OpenAI parameters that only shape the answer. Those that multiply the cost, pick a
 * billing tier or keep data at the provider are refused (with the reason) unless an operator adds
 * them with {@code LLMQ_ALLOWED_BODY_FIELDS}; so is any field this version does not know (a
 * self-hosted server's own parameters, such as vLLM's {@code top_k}, are allowed the same way).
 */
public final class BodyFields {
    public static final String SETTING = "LLMQ_ALLOWED_BODY_FIELDS";
    public static final BodyFields DEFAULT = new BodyFields(Set.of());
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private static final Set<String> CHAT = Set.of("model", "messages", "max_tokens", "max_completion_tokens", "temperature",
            "top_p", "stop", "seed", "response_format", "tools", "tool_choice", "parallel_tool_calls", "presence_penalty",
            "frequency_penalty", "logprobs", "top_logprobs", "logit_bias", "reasoning_effort", "verbosity", "user",
            "safety_identifier", "prompt_cache_key", "stream", "n");
    private static final Set<String> EMBEDDINGS = Set.of("model", "input", "encoding_format", "dimensions", "user");
    private static final Set<String> RESPONSES = Set.of("model", "input", "instructions", "max_output_tokens", "temperature",
            "top_p", "text", "tools", "tool_choice", "parallel_tool_calls", "reasoning", "user", "safety_identifier",
            "prompt_cache_key", "truncation", "stream");
    private static final Set<String> COMPLETIONS = Set.of("model", "prompt", "max_tokens", "temperature", "top_p", "stop",
            "seed", "presence_penalty", "frequency_penalty", "logit_bias", "user", "stream", "n");
    private static final Set<String> MODERATIONS = Set.of("model", "input");
    private static final Map<String, Set<String>> BY_ENDPOINT = Map.of(Endpoints.CHAT_COMPLETIONS, CHAT,
            Endpoints.RESPONSES, RESPONSES, Endpoints.COMPLETIONS, COMPLETIONS, Endpoints.EMBEDDINGS, EMBEDDINGS,
            Endpoints.MODERATIONS, MODERATIONS);
    /** Documented parameters refused by default, and why; phrased to follow "it ". */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("n", "asks for several answers, each billed"),
            Map.entry("service_tier", "picks the provider's billing tier"),
            Map.entry("store", "keeps the request and its answer at the provider"),
            Map.entry("metadata", "is stored at the provider with the request"),
            Map.entry("prediction", "bills the rejected prediction tokens"),
            Map.entry("audio", "asks for audio output, billed at audio prices"),
            Map.entry("modalities", "asks for output other than text, billed at other prices"),
            Map.entry("web_search_options", "makes the provider search the web, billed per search"),
            Map.entry("prompt_cache_retention", "keeps the prompt cached at the provider for up to a day"),
            Map.entry("prompt_cache_options", "sets how long the provider keeps the prompt cached"),
            Map.entry("moderation", "runs the provider's moderation on the request"),
            Map.entry("stream_options", "applies only to streaming, which a batch does not do"),
            Map.entry("functions", "is deprecated by OpenAI (tools replaces it) and not mapped for other providers"),
            Map.entry("function_call", "is deprecated by OpenAI (tool_choice replaces it) and not mapped for other providers"),
            Map.entry("previous_response_id", "continues a conversation stored at the provider; send the whole conversation as input"),
            Map.entry("conversation", "continues a conversation stored at the provider; send the whole conversation as input"),
            Map.entry("background", "runs the request in the provider's background mode, which a batch does not use"),
            Map.entry("include", "asks for output items kept or produced at the provider (encrypted reasoning, tool-run results)"),
            Map.entry("best_of", "asks for several completions, each billed"),
            Map.entry("echo", "returns the prompt in the answer, which only a native completions server can do"),
            Map.entry("suffix", "asks for an insertion, which only a native completions server can do"));

    private final Set<String> allowedByOperator;

    private BodyFields(Set<String> allowedByOperator) {
        this.allowedByOperator = Set.copyOf(allowedByOperator);
    }

    /**
     * @param commaList field names to pass on beyond the default allow-list, e.g. {@code service_tier,store};
     *                  null or blank for none
     */
    public static BodyFields allowing(String commaList) {
        if (commaList == null || commaList.isBlank()) {
            return DEFAULT;
        }
        var names = Arrays.stream(commaList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        for (var name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(SETTING + " must be a comma-separated list of body field names "
                        + "(lower case letters, digits, '_'), got '" + name + "'");
            }
        }
        return new BodyFields(names);
    }

    public Set<String> allowedByOperator() {
        return allowedByOperator;
    }

    LineError check(int lineNo, ObjectNode body, String endpoint) {
        var allowed = BY_ENDPOINT.getOrDefault(endpoint, CHAT);
        for (var name : (Iterable<String>) body::fieldNames) {
            if (allowedByOperator.contains(name) || (allowed.contains(name) && !needsOperator(name, body))) {
                continue;
            }
            var reason = REFUSED.containsKey(name) && allowed != EMBEDDINGS && allowed != MODERATIONS
                    ? "it " + REFUSED.get(name)
                    : "it is not a " + endpoint + " parameter llmq passes on";
            var field = "body." + BatchValidator.shorten(name);
            return new LineError(lineNo, "unsupported_parameter", field, "Line " + lineNo + ": " + field + " is not accepted ("
                    + reason + "). An operator can allow it with " + SETTING + "=" + BatchValidator.shorten(name) + ".");
        }
        return null;
    }

    /** {@code n} is on the allow-list only as the single answer it asks for by default. */
    private static boolean needsOperator(String name, ObjectNode body) {
        if (!name.equals("n")) {
            return false;
        }
        var n = body.get("n");
        return !(n.isNull() || (n.isIntegralNumber() && n.asLong() == 1));
    }
}
