package io.llmq.schema.topic;

import io.llmq.schema.Priority;
import io.llmq.schema.Settings;

import java.util.Map;

/**
 * Where jobs and events live in Kafka. {@code llmq.jobs} is one topic whose partitions are cut into
 * contiguous ranges, one per priority class, most urgent first: with the defaults, partitions 0-3
 * are {@code high}, 4-11 {@code normal}, 12-15 {@code low}. Both services build this from the same
 * settings, so the submitter writes where the worker reads.
 *
 * @param replicationFactor  replicas of each partition when the topics are created
 * @param minInsyncReplicas  the topics' {@code min.insync.replicas} when they are created: how many
 *                           replicas must have a record before an {@code acks=all} producer (every
 *                           llmq producer) is told it is written; 0 leaves it to the broker's default
 */
public record TopicLayout(String jobsTopic, String resultsTopic, int highPartitions, int normalPartitions,
                          int lowPartitions, int resultsPartitions, short replicationFactor, int minInsyncReplicas) {

    public static final String DEFAULT_JOBS_TOPIC = "llmq.jobs";
    public static final String DEFAULT_RESULTS_TOPIC = "llmq.results";

    public TopicLayout {
        requirePositive("high partitions", highPartitions);
        requirePositive("normal partitions", normalPartitions);
        requirePositive("low partitions", lowPartitions);
        requirePositive("results partitions", resultsPartitions);
        requirePositive("replication factor", replicationFactor);
        if (minInsyncReplicas < 0 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("min.insync.replicas must be between 0 (the broker's default) and the "
                    + "replication factor " + replicationFactor + ", got " + minInsyncReplicas);
        }
    }

    /** A layout whose topics take the broker's default {@code min.insync.replicas}. */
    public TopicLayout(String jobsTopic, String resultsTopic, int highPartitions, int normalPartitions,
                       int lowPartitions, int resultsPartitions, short replicationFactor) {
        this(jobsTopic, resultsTopic, highPartitions, normalPartitions, lowPartitions, resultsPartitions, replicationFactor, 0);
    }

    public static TopicLayout defaults() {
        return new TopicLayout(DEFAULT_JOBS_TOPIC, DEFAULT_RESULTS_TOPIC, 4, 8, 4, 8, (short) 1, 0);
    }

    /**
     * The layout from {@code LLMQ_JOBS_PARTITIONS_HIGH|NORMAL|LOW}, {@code LLMQ_RESULTS_PARTITIONS},
     * {@code LLMQ_KAFKA_REPLICATION_FACTOR} and {@code LLMQ_KAFKA_MIN_ISR} (defaults 4, 8, 4, 8, 1,
     * and the broker's own min ISR). Every submitter and worker must be given the same values: they
     * are how both find a class's partitions.
     */
    public static TopicLayout fromEnv(Map<String, String> env) {
        var d = defaults();
        var replicas = (short) Math.min(Short.MAX_VALUE, atLeastOne(env, "LLMQ_KAFKA_REPLICATION_FACTOR", d.replicationFactor()));
        var minIsr = Settings.intValue(env, "LLMQ_KAFKA_MIN_ISR", d.minInsyncReplicas());
        if (minIsr < 0 || minIsr > replicas) {
            throw new IllegalArgumentException("LLMQ_KAFKA_MIN_ISR must be between 0 (the broker's default) and "
                    + "LLMQ_KAFKA_REPLICATION_FACTOR (" + replicas + "), got " + minIsr);
        }
        return new TopicLayout(d.jobsTopic(), d.resultsTopic(),
                atLeastOne(env, "LLMQ_JOBS_PARTITIONS_HIGH", d.highPartitions()),
                atLeastOne(env, "LLMQ_JOBS_PARTITIONS_NORMAL", d.normalPartitions()),
                atLeastOne(env, "LLMQ_JOBS_PARTITIONS_LOW", d.lowPartitions()),
                atLeastOne(env, "LLMQ_RESULTS_PARTITIONS", d.resultsPartitions()), replicas, minIsr);
    }

    private static int atLeastOne(Map<String, String> env, String name, int fallback) {
        var value = Settings.intValue(env, name, fallback);
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        return value;
    }

    public int jobsPartitions() {
        return highPartitions + normalPartitions + lowPartitions;
    }

    /** First partition of a class's range. */
    public int firstPartition(Priority priority) {
        return switch (priority) {
            case HIGH -> 0;
            case NORMAL -> highPartitions;
            case LOW -> highPartitions + normalPartitions;
        };
    }

    public int partitionCount(Priority priority) {
        return switch (priority) {
            case HIGH -> highPartitions;
            case NORMAL -> normalPartitions;
            case LOW -> lowPartitions;
        };
    }

    /**
     * The partition of one job: inside its class's range, spread by job id. Always the same for the
     * same job, so a job produced twice (a dispatcher that died before Kafka acknowledged it, a
     * parked job coming back) lands in one partition, owned by one worker at a time, whose
     * redelivery rules then run it once.
     */
    public int partitionFor(Priority priority, String jobId) {
        return firstPartition(priority) + Math.floorMod(jobId.hashCode(), partitionCount(priority));
    }

    /** The class a partition of {@code llmq.jobs} belongs to. */
    public Priority priorityOf(int partition) {
        if (partition < 0 || partition >= jobsPartitions()) {
            throw new IllegalArgumentException("partition " + partition + " is not in " + jobsTopic
                    + " (0.." + (jobsPartitions() - 1) + ")");
        }
        if (partition < highPartitions) {
            return Priority.HIGH;
        }
        return partition < highPartitions + normalPartitions ? Priority.NORMAL : Priority.LOW;
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }
}
