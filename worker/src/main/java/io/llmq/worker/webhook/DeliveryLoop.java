package io.llmq.worker.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Delivers webhooks from {@code webhook_deliveries}, in every worker: claims due deliveries
 * ({@link DeliveriesTable#claim}, shared between replicas by {@code SKIP LOCKED}), sends each on
 * a virtual thread, at most {@link WebhookSettings#concurrency()} at once, and records how it went.
 * Polls every {@value #IDLE_WAIT_MS} ms when nothing is due, so a webhook leaves that long after its
 * batch ended at most. Once an hour it also removes deliveries that ended longer ago than the log keeps.
 */
public final class DeliveryLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    static final long IDLE_WAIT_MS = 200;
    private static final int CLAIM_AT_MOST = 32;
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final int PRUNE_AT_MOST = 10_000;

    private final DataSource dataSource;
    private final WebhookSettings settings;
    private final WebhookSender sender;
    private final DeliveryRecorder recorder;
    private final Clock clock;
    private final Semaphore slots;
    private final ExecutorService attempts;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private Instant nextPrune = Instant.MIN;

    public DeliveryLoop(DataSource dataSource, WebhookSettings settings, MeterRegistry registry, Clock clock, String name) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.sender = new WebhookSender(settings, name + "-deadlines");
        this.recorder = new DeliveryRecorder(dataSource, settings.disableAfter(), new WebhookMeters(registry));
        this.clock = clock;
        this.slots = new Semaphore(settings.concurrency());
        this.attempts = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
        this.thread = Thread.ofPlatform().name(name).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (stop.getCount() > 0) {
                int claimed;
                try {
                    claimed = claimAndSend();
                    prune();
                } catch (Exception e) {
                    log.warn("webhook delivery loop failed, retrying in {} ms: {}", IDLE_WAIT_MS * 10, e.toString());
                    claimed = 0;
                    if (stop.await(IDLE_WAIT_MS * 10, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
                if (claimed == 0 && stop.await(IDLE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Claims as many due deliveries as there are free slots; returns how many. */
    private int claimAndSend() throws Exception {
        int free = slots.availablePermits();
        if (free == 0) {
            return 0;
        }
        var due = DeliveriesTable.claim(dataSource, Math.min(free, CLAIM_AT_MOST), settings.lease());
        for (var delivery : due) {
            slots.acquire();
            attempts.execute(() -> {
                try {
                    send(delivery);
                } finally {
                    slots.release();
                }
            });
        }
        return due.size();
    }

    private void send(Claimed delivery) {
        try {
            var timestamp = clock.instant().getEpochSecond();
            var signature = Signature.header(delivery.secrets(), delivery.eventId(), timestamp, delivery.body());
            var started = System.nanoTime();
            var attempt = sender.post(delivery.url(), delivery.eventId(), timestamp, signature, delivery.body());
            recorder.record(delivery, attempt, Duration.ofNanos(System.nanoTime() - started));
        } catch (Exception e) {
            // the lease runs out and another attempt follows: at least once, never lost
            log.warn("webhook {} to endpoint {}: attempt {} not recorded, retried after its lease: {}", delivery.id(),
                    delivery.endpointId(), delivery.attempt(), e.toString());
        }
    }

    private void prune() throws Exception {
        var now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        var removed = DeliveriesTable.prune(dataSource, settings.keepLog(), PRUNE_AT_MOST);
        if (removed > 0) {
            log.info("removed {} webhook deliveries ended more than {} days ago", removed, settings.keepLog().toDays());
        }
    }

    /** Stops claiming, lets attempts under way finish (each is bounded by the attempt timeout), closes the client. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(15));
            attempts.shutdown();
            if (!attempts.awaitTermination(settings.attemptTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                attempts.shutdownNow();
            }
        } catch (InterruptedException e) {
            attempts.shutdownNow();
            Thread.currentThread().interrupt();
        }
        sender.close();
    }
}
