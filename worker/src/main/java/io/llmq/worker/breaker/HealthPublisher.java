package io.llmq.worker.breaker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Publishes this worker's breaker states, calls in flight and in-flight target to
 * {@code provider_health} every few seconds, so the api-submitter (which never calls a provider)
 * can answer {@code GET /v1/providers}.
 */
public final class HealthPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthPublisher.class);

    private final DataSource dataSource;
    private final DeploymentGuards guards;
    private final String worker;
    private final ScheduledExecutorService scheduler;

    public HealthPublisher(DataSource dataSource, DeploymentGuards guards, String worker) {
        this.dataSource = dataSource;
        this.guards = guards;
        this.worker = worker;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("llmq-health-" + worker).factory());
    }

    public void start(Duration every) {
        scheduler.scheduleWithFixedDelay(this::publish, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void publish() {
        try (var c = dataSource.getConnection()) {
            ProviderHealthTable.upsert(c, worker, guards.all(), guards.targets());
        } catch (SQLException | RuntimeException e) {
            log.debug("could not publish provider health: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
