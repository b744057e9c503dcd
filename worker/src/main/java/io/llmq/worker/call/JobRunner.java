package io.llmq.worker.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.Priority;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.outcome.BilledAttempt;
import io.llmq.worker.outcome.Outcome;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Providers;
import io.llmq.worker.provider.Usage;
import io.llmq.worker.ratelimit.CallGate;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs one job to its terminal outcome: routes its model to a deployment, calls it, retries what is
 * retryable, and returns what must be recorded. Returns empty when the worker is stopping: the job
 * is then left unfinished, its offset is not committed, and another delivery will run it.
 */
public final class JobRunner {
    private final Providers providers;
    private final RetryPolicy retry;
    private final JobGuard guard;
    private final CallGate gate;
    private final CountDownLatch stopping;

    public JobRunner(Providers providers, RetryPolicy retry, JobGuard guard, CallGate gate, CountDownLatch stopping) {
        this.providers = providers;
        this.retry = retry;
        this.guard = guard;
        this.gate = gate;
        this.stopping = stopping;
    }

    public Optional<Outcome> run(JobMessage job) throws InterruptedException {
        var refused = guard.check(job);
        if (refused.isPresent()) {
            return refused;
        }
        var entry = providers.model(job.model());
        if (entry.isEmpty()) {
            return Optional.of(failed(job, null, "model_not_found", "Model '" + job.model() + "' is no longer in the catalogue.", 0, List.of()));
        }
        var model = entry.get();
        var body = job.body().deepCopy();
        body.put("model", model.upstreamModel());
        var client = providers.client(model);
        var estimate = TokenEstimate.of(body, model);
        List<BilledAttempt> billed = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                var again = guard.check(job);
                if (again.isPresent()) {
                    return again;
                }
            }
            var permit = gate.acquire(model.deployment(), estimate, Priority.parse(job.priority()), job.batchId());
            var result = client.call(job.url(), body);
            permit.settle(result instanceof ProviderOutcome.Success s ? s.usage() : Usage.NONE);
            switch (result) {
                case ProviderOutcome.Success s -> {
                    billed.add(new BilledAttempt(attempt, model.deployment(), model.id(), s.usage(), model.price()));
                    return Optional.of(new Outcome(job, true, s.statusCode(), s.requestId(), s.body(), null,
                            model.id(), model.deployment(), attempt, billed));
                }
                case ProviderOutcome.Permanent p -> {
                    return Optional.of(new Outcome(job, false, p.statusCode(), p.requestId(), asJson(p.body()),
                            errorJson(p.code(), p.message()), model.id(), model.deployment(), attempt, billed));
                }
                case ProviderOutcome.Retryable r -> {
                    if (r.statusCode() == 429) {
                        // the provider's bucket is empty: pause the deployment for every replica
                        permit.coolDown(r.retryAfter() != null ? r.retryAfter() : Duration.ofSeconds(1));
                    }
                    if (attempt >= retry.maxAttempts()) {
                        return Optional.of(failed(job, model, "provider_unavailable", "Gave up after " + attempt
                                + " attempts; last: " + r.reason() + ".", attempt, billed));
                    }
                    var delay = retry.delayAfter(attempt, r.retryAfter(), ThreadLocalRandom.current());
                    if (stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                        return Optional.empty();
                    }
                }
            }
        }
    }

    /** A bug met while running a job still ends the job, so its partition is not blocked behind it. */
    public static Outcome unexpected(JobMessage job, Exception e) {
        return failed(job, null, "internal_error", "llmq failed while running this request: " + e, 0, List.of());
    }

    private static Outcome failed(JobMessage job, ModelEntry model, String code, String message, int attempts,
                                  List<BilledAttempt> billed) {
        return new Outcome(job, false, null, null, null, errorJson(code, message), model == null ? job.model() : model.id(),
                model == null ? null : model.deployment(), attempts, billed);
    }

    static String errorJson(String code, String message) {
        ObjectNode error = Json.object();
        error.put("code", code);
        error.put("message", message);
        return Json.toText(error);
    }

    /** Providers sometimes answer errors with HTML; jsonb needs JSON, so such a body is wrapped. */
    private static String asJson(String body) {
        try {
            if (body != null && !Json.MAPPER.readTree(body).isMissingNode()) {
                return body;
            }
        } catch (IOException notJson) {
            // fall through
        }
        var wrapped = Json.object();
        wrapped.putObject("error").put("message", body == null ? "" : body.substring(0, Math.min(body.length(), 2000)));
        return Json.toText(wrapped);
    }
}
