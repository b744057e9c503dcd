package io.llmq.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/** One thing the chaos run does to the system while jobs are in flight. */
enum Disruption {
    KILL_WORKER("kill -9 a worker"),
    RESTART_KAFKA("kill -9 a Kafka broker and start it again"),
    RESTART_POSTGRES("kill -9 PostgreSQL and start it again"),
    LOSE_BROKER("kill -9 a Kafka broker for good");

    private final String description;

    Disruption(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /**
     * The run's disruptions in the order they happen: the engine disruptions fall between worker
     * kills, so that each kill meets a system that has just recovered from something else. Brokers
     * are lost first, so that the rest of the run, restarts included, runs on the smaller cluster.
     */
    static List<Disruption> plan(int kills, int kafkaRestarts, int postgresRestarts, int brokerLosses) {
        List<Disruption> engines = new ArrayList<>();
        for (int i = 0; i < brokerLosses; i++) {
            engines.add(LOSE_BROKER);
        }
        for (int i = 0; i < Math.max(kafkaRestarts, postgresRestarts); i++) {
            if (i < kafkaRestarts) {
                engines.add(RESTART_KAFKA);
            }
            if (i < postgresRestarts) {
                engines.add(RESTART_POSTGRES);
            }
        }
        List<Disruption> plan = new ArrayList<>();
        int k = 0;
        int e = 0;
        while (k < kills || e < engines.size()) {
            if (k < kills) {
                plan.add(KILL_WORKER);
                k++;
            }
            if (e < engines.size()) {
                plan.add(engines.get(e++));
            }
        }
        return plan;
    }

    /**
     * How many jobs each wave of the run submits: one wave before the first disruption and one
     * just before each disruption, so that every disruption meets jobs in flight however long the
     * one before it took to recover (a slow restart must not let the run end first).
     */
    static int[] waves(int jobs, int disruptions) {
        var sizes = new int[disruptions + 1];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = jobs / sizes.length + (i < jobs % sizes.length ? 1 : 0);
        }
        return sizes;
    }
}
