package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.provider.ProviderOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Prompt and completion text in the logs: off unless {@code LLMQ_LOG_PAYLOADS=true}, a debugging
 * aid for one's own test data. Prompts are the tenants' data and often personal, so by default no
 * log line carries a request body or a provider's answer. API keys are never in either: they
 * travel in headers, which are not logged.
 */
public record PayloadLog(boolean enabled) {
    private static final Logger log = LoggerFactory.getLogger("io.llmq.payloads");
    public static final PayloadLog OFF = new PayloadLog(false);

    public static PayloadLog fromEnv(Map<String, String> env) {
        var value = env.getOrDefault("LLMQ_LOG_PAYLOADS", "false").trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("LLMQ_LOG_PAYLOADS must be true or false, got '" + value + "'");
        }
        return new PayloadLog(Boolean.parseBoolean(value));
    }

    public void call(JobMessage job, ObjectNode request, ProviderOutcome result) {
        if (!enabled) {
            return;
        }
        var answer = switch (result) {
            case ProviderOutcome.Success s -> s.body();
            case ProviderOutcome.Permanent p -> p.body();
            case ProviderOutcome.Retryable r -> r.reason();
        };
        log.info("job {} request {} answer {}", job.jobId(), request, answer);
    }
}
