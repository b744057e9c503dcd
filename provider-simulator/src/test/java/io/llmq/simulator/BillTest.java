package io.llmq.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;

import static io.llmq.simulator.ChatRequest.chat;
import static org.assertj.core.api.Assertions.assertThat;

class BillTest {

    private ProviderSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void start() {
        // Jitter spreads the answers out so that bill updates really do interleave.
        simulator = ProviderSimulator.start(SimulatorConfig.defaults()
                .withLatency(Duration.ofMillis(20))
                .withLatencyJitter(Duration.ofMillis(30)));
        client = new SimulatorClient(simulator);
    }

    @AfterEach
    void stop() {
        client.close();
        simulator.close();
    }

    @Test
    void shouldBillExactlyTheUsageItReturnedOver200ConcurrentCalls() {
        var calls = new ArrayList<CompletableFuture<SimulatorClient.Answer>>();
        for (int i = 0; i < 200; i++) {
            var request = chat().system("You label items.").user("Label item " + i + " of the batch.");
            calls.add(client.chatAsync((i % 3 == 0 ? request.maxTokens(4 + i % 7) : request).json()));
        }
        var broken = new ArrayList<CompletableFuture<SimulatorClient.Answer>>();
        for (int i = 0; i < 20; i++) {
            broken.add(client.chatAsync("{\"model\":\"gpt-4o-mini\",\"messages\":" + i + "}"));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        CompletableFuture.allOf(broken.toArray(CompletableFuture[]::new)).join();

        long promptTokens = 0;
        long completionTokens = 0;
        for (var call : calls) {
            var answer = call.join();
            assertThat(answer.status()).isEqualTo(200);
            promptTokens += answer.json().at("/usage/prompt_tokens").longValue();
            completionTokens += answer.json().at("/usage/completion_tokens").longValue();
        }
        assertThat(broken).allSatisfy(call -> assertThat(call.join().status()).isEqualTo(400));
        var expected = new Bill(200, promptTokens, completionTokens, 20);
        assertThat(simulator.bill()).isEqualTo(expected);

        var overHttp = client.get("/sim/bill").json();
        assertThat(overHttp.get("calls").longValue()).isEqualTo(200);
        assertThat(overHttp.get("prompt_tokens").longValue()).isEqualTo(promptTokens);
        assertThat(overHttp.get("completion_tokens").longValue()).isEqualTo(completionTokens);
        assertThat(overHttp.get("rejected").longValue()).isEqualTo(20);
    }

    @Test
    void shouldShowACallOnTheBillByTheTimeItsAnswerArrives() {
        var answer = client.chat(chat("One call.").json());

        assertThat(simulator.bill().calls()).isEqualTo(1);
        assertThat(simulator.bill().totalTokens()).isEqualTo(answer.json().at("/usage/total_tokens").longValue());
    }

    @Test
    void shouldZeroTheBillOnResetAndReturnWhatItHeld() {
        client.chat(chat("first").json());
        client.chat(chat("second").json());
        client.chat("{}");
        var before = simulator.bill();

        var reset = client.post("/sim/reset", "");

        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().get("calls").longValue()).isEqualTo(before.calls()).isEqualTo(2);
        assertThat(reset.json().get("rejected").longValue()).isEqualTo(1);
        assertThat(simulator.bill()).isEqualTo(Bill.EMPTY);
        var after = client.get("/sim/bill").json();
        assertThat(after.get("calls").longValue()).isZero();
        assertThat(after.get("prompt_tokens").longValue()).isZero();
        assertThat(after.get("completion_tokens").longValue()).isZero();
        assertThat(after.get("rejected").longValue()).isZero();
    }

    @Test
    void shouldNotBillTheControlEndpoints() {
        client.get("/health");
        client.get("/sim/bill");
        client.get("/sim/unknown");

        assertThat(simulator.bill()).isEqualTo(Bill.EMPTY);
    }
}
