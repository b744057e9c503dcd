package io.llmq.worker.call;

import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.schema.catalogue.Price;
import io.llmq.worker.check.Verdict;
import io.llmq.worker.outcome.BilledAttempt;
import io.llmq.worker.park.Resume;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Usage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A billed answer that an output check sends back must reach the ledger even when the job parks before its next call. */
class OutputRetryLogTest {
    private final Link link = new Link(new ModelEntry("m", "d", "m", 100, 1000, new Price(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE)),
            (path, body, attemptId) -> {
                throw new AssertionError("not called here");
            });

    private static ProviderOutcome.Success answered() {
        return new ProviderOutcome.Success(200, "req-1", "{}", "m", new Usage(12, 2, 7));
    }

    @Test
    void shouldCarryTheBillAndTheRaisedLimitOfARetriedAnswerThroughAPark() {
        var log = AttemptLog.from(Resume.FIRST, Clock.systemUTC());
        var attempt = log.add(link, answered());
        var billed = BilledAttempt.call(attempt, "job/1/w", "d", "m", new Usage(12, 2, 7), 1_000L);
        log.retriedForOutput(billed, new Verdict.Retry(List.of(), 40, "output_truncated"));

        var resumed = AttemptLog.from(log.toResume(), Clock.systemUTC());

        assertThat(resumed.billedRetries()).containsExactly(billed);
        assertThat(resumed.raisedTokenLimit()).isEqualTo(40);
        assertThat(resumed.outputRetries()).isEqualTo(1);
        assertThat(resumed.spentOn("m")).as("a retried answer spends the attempt budget").isEqualTo(1);
    }

    @Test
    void shouldCarryNoBillForAnswersThatWereNotRetried() {
        var log = AttemptLog.from(Resume.FIRST, Clock.systemUTC());
        log.add(link, answered());

        assertThat(log.billedRetries()).isEmpty();
        assertThat(log.raisedTokenLimit()).isNull();
        assertThat(log.outputRetries()).isZero();
    }
}
