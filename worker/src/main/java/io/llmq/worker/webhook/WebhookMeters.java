package io.llmq.worker.webhook;

import io.llmq.worker.meter.MeterCache;
import io.llmq.worker.meter.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;

/** The delivery loop's meters (docs/operations.md): attempts and their time, deliveries ended, time to delivery, endpoints disabled. */
final class WebhookMeters {
    private final MeterCache<String, Timer> attempts;
    private final MeterCache<String, Counter> ended;
    private final Timer delay;
    private final Counter disabled;

    WebhookMeters(MeterRegistry registry) {
        attempts = new MeterCache<>(outcome -> Meters.timer(registry, "llmq.webhook.attempt",
                "Webhook delivery attempts by outcome (delivered, http_error, no_answer) and how long each took",
                Meters.CALL_BUCKETS, Tags.of("outcome", outcome)));
        ended = new MeterCache<>(status -> Meters.counter(registry, "llmq.webhook.deliveries",
                "Webhook deliveries ended, delivered or failed (given up, or their endpoint disabled)", List.of(status), "status"));
        delay = Meters.timer(registry, "llmq.webhook.delivery.delay", "From a batch's end (the event) to its webhook's delivery",
                Meters.WAIT_BUCKETS, Tags.empty());
        disabled = Counter.builder("llmq.webhook.endpoints.disabled")
                .description("Webhook endpoints switched off after failing every delivery for LLMQ_WEBHOOK_DISABLE_AFTER_HOURS")
                .register(registry);
        for (var outcome : List.of("delivered", "http_error", "no_answer")) {
            attempts.get(outcome);
        }
        ended.get("delivered");
        ended.get("failed");
    }

    void attempt(String outcome, Duration took) {
        attempts.get(outcome).record(took);
    }

    void delivered(Duration sinceEvent) {
        ended.get("delivered").increment();
        delay.record(sinceEvent);
    }

    void failed(int deliveries) {
        ended.get("failed").increment(deliveries);
    }

    void disabled() {
        disabled.increment();
    }
}
