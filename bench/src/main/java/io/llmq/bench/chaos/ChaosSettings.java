package io.llmq.bench.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.Env;
import io.llmq.schema.Json;

import java.time.Duration;

/**
 * The chaos run's sizes, from {@code LLMQ_CHAOS_*} variables; the defaults are the variant's
 * ({@link #FULL}: the full run on one broker; {@link #CLUSTER}: a broker lost for good).
 *
 * @param jobs            jobs submitted before the first disruption
 * @param batchSize       jobs per batch
 * @param kills           worker processes killed with {@code kill -9} (each replaced by a new one)
 * @param kafkaRestarts   broker restarts ({@code kill -9} of a broker, then a start on the same data)
 * @param postgresRestarts database restarts (likewise; {@code fsync} is on)
 * @param serverErrors    share of provider calls answered with a 500
 * @param burst429        429s in each burst
 * @param burstEvery      time between bursts
 * @param latency         the simulated provider's answer time
 * @param maxInFlight     each worker's in-flight budget: with the latency, it paces the run so that
 *                        the disruptions fall while jobs are in flight
 * @param timeout         how long the run may take before it counts as failed
 * @param brokers         Kafka brokers: 1, or a cluster (3: topics replicated 3 times, min ISR 2)
 * @param brokerLosses    brokers killed with {@code kill -9} and never started again; at most a
 *                        minority of the cluster, or the controller quorum would be gone
 */
record ChaosSettings(int jobs, int batchSize, int kills, int kafkaRestarts, int postgresRestarts, double serverErrors,
                     int burst429, Duration burstEvery, Duration latency, int maxInFlight, Duration timeout,
                     int brokers, int brokerLosses) {

    static final ChaosSettings FULL = new ChaosSettings(20_000, 5_000, 3, 1, 1, 0.05, 50, Duration.ofSeconds(10),
            Duration.ofMillis(300), 32, Duration.ofSeconds(900), 1, 0);
    static final ChaosSettings CLUSTER = new ChaosSettings(6_000, 2_000, 1, 0, 0, 0.05, 50, Duration.ofSeconds(10),
            Duration.ofMillis(300), 32, Duration.ofSeconds(600), 3, 1);

    ChaosSettings {
        if (brokerLosses > (brokers - 1) / 2) {
            throw new IllegalArgumentException("LLMQ_CHAOS_BROKER_LOSSES must leave a majority of the " + brokers
                    + " brokers (LLMQ_CHAOS_BROKERS) alive, at most " + (brokers - 1) / 2 + ", got " + brokerLosses);
        }
    }

    static ChaosSettings from(Env env, ChaosSettings d) {
        return new ChaosSettings(env.atLeast("LLMQ_CHAOS_JOBS", d.jobs(), 1), env.atLeast("LLMQ_CHAOS_BATCH_SIZE", d.batchSize(), 1),
                env.atLeast("LLMQ_CHAOS_KILLS", d.kills(), 0), env.atLeast("LLMQ_CHAOS_KAFKA_RESTARTS", d.kafkaRestarts(), 0),
                env.atLeast("LLMQ_CHAOS_POSTGRES_RESTARTS", d.postgresRestarts(), 0),
                env.atLeast("LLMQ_CHAOS_5XX_PERCENT", (int) Math.round(d.serverErrors() * 100), 0) / 100.0,
                env.atLeast("LLMQ_CHAOS_429_BURST", d.burst429(), 0),
                Duration.ofSeconds(env.atLeast("LLMQ_CHAOS_429_EVERY_SECONDS", (int) d.burstEvery().toSeconds(), 1)),
                Duration.ofMillis(env.atLeast("LLMQ_CHAOS_LATENCY_MS", (int) d.latency().toMillis(), 0)),
                env.atLeast("LLMQ_CHAOS_MAX_IN_FLIGHT", d.maxInFlight(), 1),
                Duration.ofSeconds(env.atLeast("LLMQ_CHAOS_TIMEOUT_SECONDS", (int) d.timeout().toSeconds(), 10)),
                env.atLeast("LLMQ_CHAOS_BROKERS", d.brokers(), 1), env.atLeast("LLMQ_CHAOS_BROKER_LOSSES", d.brokerLosses(), 0));
    }

    ObjectNode toJson() {
        var json = Json.object();
        json.put("jobs", jobs);
        json.put("batch_size", batchSize);
        json.put("kills", kills);
        json.put("kafka_restarts", kafkaRestarts);
        json.put("postgres_restarts", postgresRestarts);
        json.put("server_error_share", serverErrors);
        json.put("burst_429", burst429);
        json.put("burst_every_s", burstEvery.toSeconds());
        json.put("latency_ms", latency.toMillis());
        json.put("max_in_flight", maxInFlight);
        json.put("timeout_s", timeout.toSeconds());
        json.put("brokers", brokers);
        json.put("broker_losses", brokerLosses);
        return json;
    }
}
