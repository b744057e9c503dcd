package io.llmq.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static io.llmq.simulator.ChatRequest.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ProviderSimulatorTest {

    @Test
    void shouldBindAnEphemeralPortAndReportItInTheBaseUrl() {
        try (var simulator = ProviderSimulator.start(SimulatorConfig.defaults())) {
            assertThat(simulator.port()).isPositive();
            assertThat(simulator.baseUrl()).isEqualTo("http://localhost:" + simulator.port());
        }
    }

    @Test
    void shouldStopListeningWhenClosedAndTolerateASecondClose() {
        var simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        var port = simulator.port();

        simulator.close();
        simulator.close();

        assertThatThrownBy(() -> {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void shouldFailToStartOnAPortInUse() {
        try (var first = ProviderSimulator.start(SimulatorConfig.defaults())) {
            assertThatThrownBy(() -> ProviderSimulator.start(SimulatorConfig.defaults().withPort(first.port())))
                    .isInstanceOf(RuntimeException.class);
            assertThat(first.bill()).isEqualTo(Bill.EMPTY);
        }
    }

    @Test
    void shouldEndCallsCutOffByCloseAtOnceAndLeaveThemOffTheBill() {
        var simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLatency(Duration.ofMinutes(10)));
        try (var client = new SimulatorClient(simulator)) {
            var call = client.chatAsync(chat("Never finished.").json());
            await().atMost(Duration.ofSeconds(10)).until(() -> simulator.callsInFlight() == 1);

            simulator.close();

            // The waiting call wakes now instead of sleeping ten minutes and billing itself afterwards.
            await().atMost(Duration.ofSeconds(10)).until(() -> simulator.callsInFlight() == 0);
            try {
                assertThat(call.join().status()).isEqualTo(503);
            } catch (CompletionException connectionClosedFirst) {
                assertThat(connectionClosedFirst).hasRootCauseInstanceOf(IOException.class);
            }
            assertThat(simulator.bill()).isEqualTo(Bill.EMPTY);
        }
    }
}
