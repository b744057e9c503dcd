package io.llmq.worker.webhook;

import io.llmq.schema.db.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Writes how one attempt went, with its endpoint's failure count, in one transaction: a 2xx ends
 * the delivery and resets the count; anything else schedules the next attempt
 * ({@link RetrySchedule}) or gives up, and an endpoint whose every attempt has failed for
 * {@link WebhookSettings#disableAfter()} is switched off, its pending deliveries ended.
 */
final class DeliveryRecorder {
    private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);

    /** An endpoint this attempt switched off. */
    private record Disabled(String reason, int endedDeliveries) {
    }

    private final DataSource dataSource;
    private final Duration disableAfter;
    private final WebhookMeters meters;

    DeliveryRecorder(DataSource dataSource, Duration disableAfter, WebhookMeters meters) {
        this.dataSource = dataSource;
        this.disableAfter = disableAfter;
        this.meters = meters;
    }

    void record(Claimed delivery, WebhookSender.Attempt attempt, Duration took) throws SQLException {
        switch (attempt) {
            case WebhookSender.Attempt.Answered(var status) when status >= 200 && status < 300 -> {
                Transaction.run(dataSource, c -> {
                    DeliveriesTable.delivered(c, delivery.id(), status);
                    EndpointsTable.succeeded(c, delivery.endpointId());
                    return null;
                });
                meters.attempt("delivered", took);
                meters.delivered(delivery.eventAge().plus(took));
            }
            case WebhookSender.Attempt.Answered(var status) -> {
                meters.attempt("http_error", took);
                failed(delivery, status, "HTTP " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
            }
            case WebhookSender.Attempt.NoAnswer(var reason) -> {
                meters.attempt("no_answer", took);
                failed(delivery, null, reason);
            }
        }
    }

    private void failed(Claimed delivery, Integer status, String error) throws SQLException {
        var retry = RetrySchedule.delayAfter(delivery.attempt(), delivery.eventAge());
        var disabled = Transaction.run(dataSource, c -> {
            if (retry.isPresent()) {
                DeliveriesTable.retryIn(c, delivery.id(), status, error, retry.get());
            } else {
                DeliveriesTable.gaveUp(c, delivery.id(), status, error);
            }
            var failing = EndpointsTable.failed(c, delivery.endpointId());
            if (failing == null || failing.failingFor().compareTo(disableAfter) < 0) {
                return null;
            }
            var reason = "every delivery attempt failed for " + failing.failingFor().toHours() + " h ("
                    + failing.consecutiveFailures() + " in a row; the last: " + error + ")";
            if (!EndpointsTable.disable(c, delivery.endpointId(), reason)) {
                return null;
            }
            return new Disabled(reason, DeliveriesTable.failPending(c, delivery.endpointId(), "endpoint disabled: " + reason));
        });
        if (retry.isEmpty()) {
            meters.failed(1);
            log.info("webhook {} of event {} to endpoint {} given up after {} attempts over {} h: {}", delivery.id(),
                    delivery.eventId(), delivery.endpointId(), delivery.attempt(), delivery.eventAge().toHours(), error);
        }
        if (disabled != null) {
            meters.disabled();
            meters.failed(disabled.endedDeliveries());
            log.warn("webhook endpoint {} of tenant {} ({}) disabled: {}; {} pending deliveries ended failed. "
                            + "Once the receiver works again, the tenant re-enables it with POST /v1/webhook_endpoints/{}/enable",
                    delivery.endpointId(), delivery.tenantId(), delivery.url(), disabled.reason(), disabled.endedDeliveries(),
                    delivery.endpointId());
        }
    }
}
