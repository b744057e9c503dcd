package io.llmq.bench.chaos;

import io.llmq.bench.report.Progress;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.WorkerProcess;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Carries out disruptions on a running rig and waits until the disrupted part is back. */
final class Disruptor {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Rig rig;
    private final Progress progress;
    private final Set<String> killedInstances;
    private int kills;

    /** @param killedInstances receives the instance id of every worker killed */
    Disruptor(Rig rig, Progress progress, Set<String> killedInstances) {
        this.rig = rig;
        this.progress = progress;
        this.killedInstances = killedInstances;
    }

    void perform(Disruption disruption) throws InterruptedException {
        var began = System.nanoTime();
        switch (disruption) {
            case KILL_WORKER -> killWorker();
            case RESTART_KAFKA -> {
                rig.kafka().kill();
                rig.kafka().start();
            }
            case RESTART_POSTGRES -> {
                rig.postgres().kill();
                rig.postgres().start();
            }
        }
        progress.line(String.format(Locale.ROOT, "%s: back after %.1f s", disruption.description(), (System.nanoTime() - began) / 1e9));
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
