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
 * stops taking {@code normal} and {@code low} records. {@code high} partitions have a budget of
 * their own (the same number of {@code high} jobs, and a quarter more bytes), so urgent work
 * reaches the limiter, where it goes first, however many lower jobs wait there: with a budget sized
 * by Little's law a full worker has few slots, and a shared one let 100 urgent jobs in two at a
 * time. Paused lower partitions reopen only once some slack is back (hysteresis), so they do not
 * flap. There is no cap per partition: what reaches a partition is the dispatcher's fair release,
 * so a lone batch may fill the whole budget.
 */
public final class Backpressure {

    /** What to change now. */
    public record Decision(List<TopicPartition> pause, List<TopicPartition> resume) {
    }

    /**
     * The worker's load now, against its budget.
     *
     * @param jobs       jobs that may still call a provider
     * @param urgentJobs of those, the {@code high} ones
     */
    public record Load(int jobs, int urgentJobs, long bytes, int jobBudget, long byteBudget) {
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
            var isPaused = paused.contains(tp);
            boolean open;
            if (isUrgent) {
                open = load.urgentJobs() < load.jobBudget() && load.bytes() < load.byteBudget() + load.byteBudget() / 4;
            } else if (isPaused) {
                open = load.jobs() < load.jobBudget() - headroom / 2 && load.bytes() < load.byteBudget() - load.byteBudget() / 8;
            } else {
                open = load.jobs() < load.jobBudget() && load.bytes() < load.byteBudget();
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
