package io.llmq.worker.ratelimit;

import io.llmq.worker.schedule.ClassShares;

import io.llmq.schema.Priority;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.worker.provider.Usage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PriorityGateTest {
    private static final Catalogue CATALOGUE = Catalogue.parse("""
            deployments:
              - name: limited
                provider: openai
                base_url: http://localhost:1/v1
                rpm: 600
                max_concurrent: 4
              - name: open
                provider: openai
                base_url: http://localhost:1/v1
            models:
              - { id: m, deployment: limited, price: { input: 1, output: 1 } }
              - { id: o, deployment: open, price: { input: 1, output: 1 } }
            """, name -> null);

    private final FakePermitStore store = new FakePermitStore();
    private final MovableTicker ticker = new MovableTicker();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final PriorityGate gate = new PriorityGate(CATALOGUE.deployments(), store, ClassShares.defaults(), stopping, ticker);
    private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        gate.close();
        jobs.shutdownNow();
    }

    private Future<CallGate.Permit> ask(Priority p, String batch) {
        return jobs.submit(() -> gate.acquire("limited", () -> 10, p, batch));
    }

    @Test
    void shouldGiveTheNextPermitToAHighJobThatArrivedWhileANormalOneWaited() throws Exception {
        gate.start();
        var normal = ask(Priority.NORMAL, "big");
        await().until(() -> !store.urgentTakes.isEmpty());
        var high = ask(Priority.HIGH, "small");
        await().until(() -> store.urgentTakes.contains(true));
        store.available.set(1);
        var permit = high.get();
        assertThat(normal).isNotDone();
        permit.settle(Usage.NONE);
        store.available.set(1);
        normal.get().settle(Usage.NONE);
        assertThat(store.settled).hasValue(2);
        assertThat(store.openLeases).isEmpty();
    }

    @Test
    void shouldTakeNoPermitWhileTheWorkerHasNoFreeCallSlot() {
        var free = new java.util.concurrent.atomic.AtomicBoolean(false);
        var looks = new java.util.concurrent.atomic.AtomicInteger();
        var lane = new Lane("limited", store, ClassShares.defaults(), Duration.ofSeconds(90), stopping, d -> {
            looks.incrementAndGet();
            return free.get();
        });
        var waiter = new Waiter(Priority.NORMAL, "b", 10, new CompletableFuture<>());
        lane.enqueue(waiter);
        store.available.set(1);
        lane.start();
        try {
            await().until(() -> looks.get() >= 5);
            assertThat(store.urgentTakes).as("no permit taken while every call slot is busy").isEmpty();
            assertThat(waiter.granted()).isNotDone();
            free.set(true);
            await().until(() -> waiter.granted().isDone());
            assertThat(store.urgentTakes).hasSize(1);
        } finally {
            lane.close();
        }
    }

    @Test
    void shouldReleaseAPermitGrantedJustAsItsWaiterGaveUp() {
        var lane = new Lane("limited", store, ClassShares.defaults(), Duration.ofSeconds(90), stopping);
        var waiter = new Waiter(Priority.NORMAL, "b", 10, new CompletableFuture<>());
        lane.enqueue(waiter);
        // the dispatcher completed the grant after the wait timed out but before the waiter left
        waiter.granted().complete(new GlobalPermit(store, "limited", 10, java.util.UUID.randomUUID()));
        PriorityGate.giveUp(lane, waiter);
        assertThat(store.givenBack).as("the unused permit went back, with its request and lease").hasValue(1);
    }

    @Test
    void shouldGiveBackAPermitTheDispatcherTookForAWaiterThatHadLeft() {
        var lane = new Lane("limited", store, ClassShares.defaults(), Duration.ofSeconds(90), stopping);
        var waiter = new Waiter(Priority.NORMAL, "b", 10, new CompletableFuture<>());
        lane.enqueue(waiter);
        waiter.granted().cancel(false); // left, but not yet out of the room when the dispatcher peeked
        store.available.set(1);
        lane.start();
        await().until(() -> store.givenBack.get() == 1);
        assertThat(store.settled).as("a call that was never made is given back, not settled").hasValue(0);
        assertThat(store.openLeases).isEmpty();
        lane.close();
    }

    @Test
    void shouldEndAWaitingJobAndJoinTheDispatcherWhenClosed() throws Exception {
        gate.start();
        var waiting = ask(Priority.NORMAL, "b");
        await().until(() -> !store.urgentTakes.isEmpty());
        gate.close();
        assertThatThrownBy(waiting::get).hasCauseInstanceOf(InterruptedException.class);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("llmq-lane-limited"));
    }

    @Test
    void shouldHoldCallsToAnUnlimitedDeploymentOnlyForTheRetryAfterItsProviderAsked() throws Exception {
        var permit = gate.acquire("open", () -> 1, Priority.NORMAL, "b");
        permit.coolDown(Duration.ofSeconds(2));
        var held = jobs.submit(() -> gate.acquire("open", () -> 1, Priority.NORMAL, "b"));
        // while time stands still the call stays held, however long the test waits
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !held.isDone());
        ticker.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(2)).until(held::isDone);
    }
}
