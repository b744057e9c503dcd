package io.llmq.worker;

import com.zaxxer.hikari.HikariDataSource;
import io.llmq.schema.ops.StandardMeters;
import io.llmq.worker.breaker.HealthPublisher;
import io.llmq.worker.ops.BacklogMonitor;
import io.llmq.worker.ops.UnansweredCallSweeper;
import io.llmq.worker.outbox.OutboxRelay;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.park.ReEnqueuer;
import io.llmq.worker.retention.RetentionSettings;
import io.llmq.worker.retention.RetentionSweeper;
import io.llmq.worker.webhook.DeliveryLoop;
import io.llmq.worker.webhook.WebhookSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The loops that run beside the flow of jobs, each on a thread of its own: the outbox relay
 * (events to {@code llmq.results}), the re-enqueuer (parked jobs back to Kafka), the breaker
 * health publisher, the backlog meters, the webhook deliveries, the retention sweeper and the
 * estimates of gone workers' calls. Started after the flow's parts, closed before the pool.
 */
record SideLoops(OutboxRelay relay, ReEnqueuer reEnqueuer, HealthPublisher health, BacklogMonitor backlog, DeliveryLoop webhooks,
                 RetentionSweeper retention, UnansweredCallSweeper unanswered, Duration healthEvery) {
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(5);

    static SideLoops wire(WorkerConfig config, Map<String, String> env, Clock clock, HikariDataSource dataSource,
                          StandardMeters standardMeters, MeterRegistry registry, CallStage calls, ResilienceSettings resilience,
                          OutcomeStore store) {
        var name = config.name();
        return new SideLoops(
                new OutboxRelay(dataSource, standardMeters.kafka(WorkerKafka.eventProducer(config)), "llmq-outbox-" + name),
                new ReEnqueuer(dataSource, standardMeters.kafka(WorkerKafka.jobProducer(config)), config.topics(),
                        calls.parking(), resilience.reEnqueueEvery(), "llmq-reenqueue-" + name),
                new HealthPublisher(dataSource, calls.guards(), name),
                new BacklogMonitor(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap())),
                        WorkerKafka.backlogReader(config), config.groupId(), config.topics(), dataSource, registry, BACKLOG_EVERY,
                        "llmq-backlog-" + name),
                // the real clock: webhook-timestamp is checked by receivers against theirs
                new DeliveryLoop(dataSource, WebhookSettings.fromEnv(env), registry, Clock.systemUTC(), "llmq-webhooks-" + name),
                new RetentionSweeper(dataSource, store, config.topics().jobsTopic(), RetentionSettings.fromEnv(env), clock,
                        registry, "llmq-retention-" + name),
                new UnansweredCallSweeper(dataSource, env, registry, "llmq-unanswered-" + name),
                resilience.healthEvery());
    }

    void start() {
        unanswered.start();
        relay.start();
        reEnqueuer.start();
        health.start(healthEvery);
        backlog.start();
        webhooks.start();
        retention.start();
    }

    void close() {
        unanswered.close();
        retention.close();
        reEnqueuer.close();
        health.close();
        relay.close();
        backlog.close();
        webhooks.close();
    }
}
