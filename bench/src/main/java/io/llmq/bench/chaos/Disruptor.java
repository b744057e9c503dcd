package io.llmq.bench.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.report.Progress;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.WorkerProcess;
import io.llmq.standalone.engine.EmbeddedKafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Carries out disruptions on a running rig and waits until the disrupted part is back (for a broker
 * lost for good: until the cluster has moved its partitions).
 */
final class Disruptor {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Rig rig;
    private final Progress progress;
    private final Set<String> killedInstances;
    private final LongSupplier announced;
    private final List<ObjectNode> brokerLosses = new ArrayList<>();
    private int kills;
    private int brokerRestarts;

    /**
     * @param killedInstances receives the instance id of every worker killed
     * @param announced       jobs announced so far, to time the pipeline's recovery from a broker loss
     */
    Disruptor(Rig rig, Progress progress, Set<String> killedInstances, LongSupplier announced) {
        this.rig = rig;
        this.progress = progress;
        this.killedInstances = killedInstances;
        this.announced = announced;
    }

    /** The figures of every broker lost so far ({@link BrokerLoss#perform}). */
    List<ObjectNode> brokerLosses() {
        return List.copyOf(brokerLosses);
    }

    void perform(Disruption disruption) throws InterruptedException {
        var began = System.nanoTime();
        switch (disruption) {
            case KILL_WORKER -> killWorker();
            case RESTART_KAFKA -> restartBroker();
            case LOSE_BROKER -> brokerLosses.add(BrokerLoss.perform(rig, progress, announced));
            case RESTART_POSTGRES -> {
                rig.postgres().kill();
                rig.postgres().start();
            }
        }
        progress.line(String.format(Locale.ROOT, "%s: back after %.1f s", disruption.description(), (System.nanoTime() - began) / 1e9));
    }

    /** The single broker, or on a cluster the live nodes in turn; the others serve meanwhile. */
    private void restartBroker() {
        var cluster = rig.kafkaCluster();
        EmbeddedKafka broker;
        if (cluster == null) {
            broker = rig.kafka();
        } else {
            var live = cluster.nodes().stream().filter(EmbeddedKafka::isRunning).toList();
            broker = live.get(brokerRestarts++ % live.size());
            progress.line("restarting Kafka broker " + broker.nodeId() + " of " + cluster.size());
        }
        broker.kill();
        broker.start();
    }

    /** Kills the live workers in turn, each replaced by a new process (a new instance), as an orchestrator would. */
    private void killWorker() throws InterruptedException {
        var live = rig.workers().stream().filter(WorkerProcess::isAlive).toList();
        var victim = live.get(kills % live.size());
        kills++;
        killedInstances.add(victim.instanceId());
        victim.kill();
        progress.line("killed " + victim + " with SIGKILL");
        var replacement = rig.addWorker(victim.name() + "-r" + kills);
        var up = progress.await(replacement::healthy, START_TIMEOUT, () -> "waiting for " + replacement.name() + " to start");
        if (!up) {
            throw new IllegalStateException("replacement worker did not start within " + START_TIMEOUT + ": " + replacement);
        }
    }
}
