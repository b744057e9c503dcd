package io.llmq.standalone;

import io.llmq.schema.webhook.WebhookTargets;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.demo.Demo;
import io.llmq.standalone.engine.EmbeddedKafka;
import io.llmq.standalone.engine.EmbeddedPostgresEngine;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code standalone}: the whole stack on an embedded Kafka broker and PostgreSQL, serving until
 * SIGTERM. {@code demo}: the same, plus the bundled batch submitted and watched, then exit 0 only
 * if every request succeeded.
 */
public final class StandaloneMain {

    private StandaloneMain() {
    }

    public static void main(String[] args) throws Exception {
        var mode = args.length == 0 ? "standalone" : args[0];
        if (!mode.equals("standalone") && !mode.equals("demo")) {
            System.err.println("usage: StandaloneMain standalone|demo");
            System.exit(2);
        }
        System.exit(run(mode, System.getenv()));
    }

    private static int run(String mode, Map<String, String> env) throws Exception {
        var config = StackConfig.fromEnv(env);
        var dataDir = config.dataDir() != null ? config.dataDir() : Files.createTempDirectory("llmq-");
        var started = System.nanoTime();
        System.out.println("Starting llmq: PostgreSQL, Kafka (KRaft), provider-simulator, api-submitter, "
                + config.workers() + " workers; data in " + dataDir);
        var postgres = EmbeddedPostgresEngine.start(dataDir.resolve("postgres"), false);
        var kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
        Stack stack;
        try {
            // one machine: a webhook receiver is usually on it too, so private targets are allowed unless the environment says no
            stack = Stack.start(config, kafka, postgres, Map.of(WebhookTargets.ALLOW_PRIVATE_SETTING,
                    env.getOrDefault(WebhookTargets.ALLOW_PRIVATE_SETTING, "true")));
        } catch (Exception e) {
            kafka.close();
            postgres.close();
            throw e;
        }
        Runnable shutdown = () -> {
            stack.close();
            kafka.close();
            postgres.close();
        };
        System.out.printf("llmq is up in %.1f s: API %s  (simulator %s)%n", (System.nanoTime() - started) / 1e9,
                stack.baseUrl(), stack.simulator().baseUrl());
        System.out.println((config.keyGenerated() ? "Generated API key (set LLMQ_API_KEY to choose your own): " : "API key: ")
                + stack.apiKey());
        if (mode.equals("demo")) {
            try {
                var demo = new Demo(new ApiClient(stack.baseUrl(), stack.apiKey()), System.out,
                        "1".equals(env.get("LLMQ_TTY")), stack::inFlight, stack.simulator()::bill);
                var ok = demo.run(dataDir.resolve("results"), Duration.ofMinutes(10));
                System.out.println(ok ? "Demo finished: every request succeeded." : "Demo FAILED: see above.");
                return ok ? 0 : 1;
            } finally {
                shutdown.run();
            }
        }
        System.out.println("Serving until Ctrl-C / SIGTERM.");
        // Closing happens in the hook itself: once hooks return, the JVM halts, whatever main is doing.
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "standalone-shutdown"));
        new CountDownLatch(1).await();
        return 0;
    }
}
