package io.llmq.worker.call;

import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.schema.catalogue.Price;
import io.llmq.worker.park.Resume;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptLogTest {
    private static final ProviderOutcome FAILED = new ProviderOutcome.Retryable(Failure.SERVER_ERROR, 500, "HTTP 500", null);
    private static final ProviderOutcome LIMITED = new ProviderOutcome.Retryable(Failure.RATE_LIMITED, 429, "HTTP 429", null);
    private final RetryPolicy retry = new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 4);
    private final Link link = link("m");
    private final Link fallback = link("f");

    private static Link link(String model) {
        var price = new Price(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE);
        return new Link(new ModelEntry(model, "d", model, 100, 1000, price), (path, body, attemptId) -> {
            throw new AssertionError("not called here");
        });
    }

    @Test
    void shouldSpendTheAttemptBudgetOnFailuresAndNotOn429s() {
        var log = AttemptLog.from(Resume.FIRST, Clock.systemUTC());
        log.add(link, FAILED);
        log.add(link, LIMITED);
        log.add(link, LIMITED);
        log.add(link, FAILED);

        assertThat(log.spentOn("m")).isEqualTo(2);
        assertThat(log.budgetLeft("m", retry)).isTrue();
        log.add(link, FAILED);
        assertThat(log.budgetLeft("m", retry)).as("three failures spend the budget of three").isFalse();
        assertThat(log.budgetLeft("f", retry)).as("each model of the chain has its own").isTrue();
        assertThat(log.count()).as("every call is in the log, 429s too").isEqualTo(5);
    }

    @Test
    void shouldStopAfterThe429BudgetToo() {
        var log = AttemptLog.from(Resume.FIRST, Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            log.add(fallback, LIMITED);
        }
        assertThat(log.budgetLeft("f", retry)).isTrue();

        log.add(fallback, LIMITED);
        assertThat(log.spentOn("f")).isZero();
        assertThat(log.budgetLeft("f", retry)).as("four 429s spend the 429 budget of four").isFalse();
    }

    @Test
    void shouldKeepCountingAcrossDeliveries() {
        var first = AttemptLog.from(Resume.FIRST, Clock.systemUTC());
        first.add(link, FAILED);
        first.add(link, LIMITED);

        var resumed = AttemptLog.from(first.toResume(), Clock.systemUTC());
        assertThat(resumed.spentOn("m")).isEqualTo(1);
        assertThat(resumed.count()).isEqualTo(2);
    }
}
