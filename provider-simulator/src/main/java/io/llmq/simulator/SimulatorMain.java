package io.llmq.simulator;

import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** Runs the simulator as its own process, configured from {@code LLMQ_SIM_*} environment variables. */
public final class SimulatorMain {

    /**
     * Not named {@code logback.xml}: the standalone module puts this jar on its classpath next to
     * its own {@code logback.xml}, and logback would warn about two of those and use whichever came first.
     */
    static final String LOGBACK_CONFIG = "io/llmq/simulator/simulator-logback.xml";

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Must happen before the first logger is created; an operator's own -Dlogback.configurationFile wins.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        var log = LoggerFactory.getLogger(SimulatorMain.class);

        SimulatorConfig config;
        try {
            config = SimulatorConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            log.error("cannot start the provider simulator: {}", e.getMessage());
            System.exit(2);
            return;
        }
        var simulator = ProviderSimulator.start(config);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "llmq-simulator-shutdown"));

        log.info("llmq provider simulator listening on port {} ({}), latency {} ms + up to {} ms jitter, api key {}",
                simulator.port(), simulator.baseUrl(), config.latency().toMillis(), config.latencyJitter().toMillis(),
                config.apiKey() == null ? "not checked" : "required");
        // Request threads are virtual, hence daemon threads: without this wait the JVM would exit when main returns.
        stopped.await();
    }
}
