package io.llmq.simulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** Runs the simulator as its own process, configured from {@code LLMQ_SIM_*} environment variables. */
public final class SimulatorMain {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorMain.class);

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig config;
        SimulatorLimits limits;
        try {
            config = SimulatorConfig.fromEnv(System.getenv());
            limits = SimulatorLimits.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.error("cannot start the provider simulator: {}", e.getMessage());
            System.exit(2);
            return;
        }
        var simulator = ProviderSimulator.start(config, limits);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "llmq-simulator-shutdown"));

        LOG.info("llmq provider simulator listening on port {} ({}), latency {}, api key {}",
                simulator.port(), simulator.baseUrl(), config.latency(),
                config.apiKey() == null ? "not checked" : "required");
        LOG.info("limits: {}", limits.unlimited() ? "none" : limits);
        // Request threads are virtual, hence daemon threads: without this wait the JVM would exit when main returns.
        stopped.await();
    }
}
