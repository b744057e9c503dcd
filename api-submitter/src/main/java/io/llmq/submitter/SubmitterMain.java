package io.llmq.submitter;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.log.UncaughtErrors;

import java.util.concurrent.CountDownLatch;

/** Runs the api-submitter until SIGTERM. Settings come from the environment (see the README). */
public final class SubmitterMain {

    private SubmitterMain() {
    }

    public static void main(String[] args) throws Exception {
        UncaughtErrors.logThroughSlf4j();
        var env = System.getenv();
        var submitter = Submitter.start(SubmitterConfig.fromEnv(env), Catalogue.load(env));
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            submitter.close();
            stopped.countDown();
        }, "submitter-shutdown"));
        stopped.await();
    }
}
