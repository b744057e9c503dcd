package io.llmq.bench.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.Env;
import io.llmq.schema.Json;

import java.time.Duration;

/**
 * The chaos run's sizes, from {@code LLMQ_CHAOS_*} variables (defaults: the full run).
 *
 * @param jobs            jobs submitted before the first disruption
 * @param batchSize       jobs per batch
 * @param kills           worker processes killed with {@code kill -9} (each replaced by a new one)
 * @param kafkaRestarts   broker restarts ({@code kill -9} of the broker, then a start on the same data)
 * @param postgresRestarts database restarts (likewise; {@code fsync} is on)
 * @param serverErrors    share of provider calls answered with a 500
 * @param burst429        429s in each burst
 * @param burstEvery      time between bursts
 * @param latency         the simulated provider's answer time
 * @param maxInFlight     each worker's in-flight budget: with the latency, it paces the run so that
 *                        the disruptions fall while jobs are in flight
 * @param timeout         how long the run may take before it counts as failed
 */
record ChaosSettings(int jobs, int batchSize, int kills, int kafkaRestarts, int postgresRestarts, double serverErrors,
                     int burst429, Duration burstEvery, Duration latency, int maxInFlight, Duration timeout) {

    static ChaosSettings from(Env env) {
        return new ChaosSettings(env.atLeast("LLMQ_CHAOS_JOBS", 20_000, 1), env.atLeast("LLMQ_CHAOS_BATCH_SIZE", 5_000, 1),
                env.atLeast("LLMQ_CHAOS_KILLS", 3, 0), env.atLeast("LLMQ_CHAOS_KAFKA_RESTARTS", 1, 0),
                env.atLeast("LLMQ_CHAOS_POSTGRES_RESTARTS", 1, 0),
                env.atLeast("LLMQ_CHAOS_5XX_PERCENT", 5, 0) / 100.0, env.atLeast("LLMQ_CHAOS_429_BURST", 50, 0),
                Duration.ofSeconds(env.atLeast("LLMQ_CHAOS_429_EVERY_SECONDS", 10, 1)),
                Duration.ofMillis(env.atLeast("LLMQ_CHAOS_LATENCY_MS", 300, 0)),
                env.atLeast("LLMQ_CHAOS_MAX_IN_FLIGHT", 32, 1),
                Duration.ofSeconds(env.atLeast("LLMQ_CHAOS_TIMEOUT_SECONDS", 900, 10)));
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
        return json;
    }
}
