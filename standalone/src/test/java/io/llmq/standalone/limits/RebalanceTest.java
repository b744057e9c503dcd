package io.llmq.standalone.limits;

import io.llmq.schema.Priority;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Workers join and leave a live group; after every rebalance each holds partitions of every class. */
class RebalanceTest {
    private Stack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldKeepPartitionsOfEveryClassOnEveryWorkerAcrossRebalances() throws Exception {
        stack = Stack.start(StackConfig.forTests(2, Duration.ofMillis(10)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        var layout = stack.config().topics();
        awaitBalanced(stack.workers(), layout);

        stack.addWorker();
        awaitBalanced(stack.workers(), layout);

        stack.haltWorker(stack.workers().get(0));
        awaitBalanced(stack.workers(), layout);
    }

    private static void awaitBalanced(List<Worker> workers, TopicLayout layout) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            var total = 0;
            for (var worker : workers) {
                var classes = EnumSet.noneOf(Priority.class);
                worker.assignment().forEach(tp -> classes.add(layout.priorityOf(tp.partition())));
                assertThat(classes).as(worker.name() + " holds " + worker.assignment()).containsExactlyInAnyOrder(Priority.values());
                total += worker.assignment().size();
            }
            assertThat(total).isEqualTo(layout.jobsPartitions());
        });
    }
}
