package io.llmq.worker.ratelimit;

import io.llmq.worker.schedule.ClassShares;

import io.llmq.schema.Priority;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingRoomTest {
    private final WaitingRoom room = new WaitingRoom(new ClassShares(0.1, 0.2, 0.10, 0.05));

    private Waiter waiter(Priority p, String batch) {
        var w = new Waiter(p, batch, 10, new CompletableFuture<>());
        room.add(w);
        return w;
    }

    private List<Waiter> drain(int n) {
        List<Waiter> order = new ArrayList<>();
        for (int i = 0; i < n && !room.isEmpty(); i++) {
            var next = room.peek();
            room.granted(next);
            order.add(next);
        }
        return order;
    }

    @Test
    void shouldStartAWaitingHighJobBeforeEveryWaitingNormalOrLowJob() {
        var low = waiter(Priority.LOW, "b1");
        var normal = waiter(Priority.NORMAL, "b2");
        var high = waiter(Priority.HIGH, "b3");
        assertThat(drain(3)).containsExactly(high, normal, low);
    }

    @Test
    void shouldGiveALowerClassItsMinimumShareWhileUrgentWorkKeepsWaiting() {
        for (int i = 0; i < 1000; i++) {
            waiter(Priority.HIGH, "h");
        }
        for (int i = 0; i < 1000; i++) {
            waiter(Priority.NORMAL, "n");
        }
        var first500 = drain(500);
        var normals = first500.stream().filter(w -> w.priority() == Priority.NORMAL).count();
        assertThat(normals).as("10% minimum share of 500 grants").isBetween(48L, 52L);
    }

    @Test
    void shouldLetBatchesOfOneClassTakeTurns() {
        var big = new ArrayList<Waiter>();
        for (int i = 0; i < 100; i++) {
            big.add(waiter(Priority.NORMAL, "huge-batch"));
        }
        var small1 = waiter(Priority.NORMAL, "small-batch");
        var small2 = waiter(Priority.NORMAL, "small-batch");
        var order = drain(5);
        assertThat(order).containsSubsequence(big.get(0), small1, big.get(1), small2);
    }

    @Test
    void shouldForgetAWaiterThatGaveUp() {
        var w = waiter(Priority.HIGH, "b");
        room.remove(w);
        assertThat(room.isEmpty()).isTrue();
        assertThat(room.peek()).isNull();
    }
}
