package io.llmq.worker;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.log.UncaughtErrors;

import java.util.concurrent.CountDownLatch;

/** Runs one worker until SIGTERM, then hands its work back cleanly. Settings from the environment. */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        UncaughtErrors.logThroughSlf4j();
        var env = System.getenv();
        var worker = Worker.start(WorkerConfig.fromEnv(env), Catalogue.load(env), env);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "worker-shutdown"));
        stopped.await();
    }
}
