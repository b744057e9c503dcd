package io.llmq.worker.schedule;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which partitions may hand out more records: the worker's bounded buffer, by pause and resume,
 * as a pure decision. Above its budget (jobs in flight, and bytes of their payloads) a worker
 * stops taking {@code normal} and {@code low} records; {@code high} partitions keep flowing for a
 * quarter more, so urgent work still reaches the limiter behind a full worker. Paused lower
 * partitions reopen only once some slack is back (hysteresis), so they do not flap. There is no
 * cap per partition: what reaches a partition is the dispatcher's fair release, so a lone batch
 * may fill the whole budget.
 */
public final class Backpressure {

    /** What to change now. */
    public record Decision(List<TopicPartition> pause, List<TopicPartition> resume) {
    }

    /** The worker's load now, against its budget. */
    public record Load(int jobs, long bytes, int jobBudget, long byteBudget) {
    }

    private Backpressure() {
    }

    public static Decision decide(Collection<TopicPartition> assigned, Set<TopicPartition> paused, Predicate<TopicPartition> urgent,
                           Load load) {
        var headroom = Math.max(1, load.jobBudget() / 4);
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (var tp : assigned) {
            var isUrgent = urgent.test(tp);
            var jobLimit = isUrgent ? load.jobBudget() + headroom : load.jobBudget();
            var byteLimit = isUrgent ? load.byteBudget() + load.byteBudget() / 4 : load.byteBudget();
            var isPaused = paused.contains(tp);
            boolean open;
            if (isPaused && !isUrgent) {
                open = load.jobs() < jobLimit - headroom / 2 && load.bytes() < byteLimit - byteLimit / 8;
            } else {
                open = load.jobs() < jobLimit && load.bytes() < byteLimit;
            }
            if (isPaused && open) {
                resume.add(tp);
            } else if (!isPaused && !open) {
                pause.add(tp);
            }
        }
        return new Decision(pause, resume);
    }
}
