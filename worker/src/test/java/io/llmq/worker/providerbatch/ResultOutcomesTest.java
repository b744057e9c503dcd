package io.llmq.worker.providerbatch;

import io.llmq.schema.Json;
import io.llmq.schema.Priority;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.status.BatchStatus;
import io.llmq.schema.status.JobStatus;
import io.llmq.worker.outcome.BilledAttempt;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Usage;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ResultOutcomesTest {
    private static final Instant CREATED = Instant.parse("2026-12-03T10:00:00Z");
    private static final JobMessage JOB = new JobMessage("batch_1-7", "batch_1", "t", "q-7", 7, "/v1/chat/completions",
            "gpt-4o-mini", Json.object(), "normal", 0, Long.MAX_VALUE);
    private static final ProviderBatchRow ROW = new ProviderBatchRow("llmq-batch_1-0-0", "batch_1", "simulator", new int[] {6},
            "batch_abc", 1, false, CREATED, "t", Priority.NORMAL, BatchStatus.IN_PROGRESS, Long.MAX_VALUE, Long.MAX_VALUE);

    @Test
    void shouldBillAnAnswerOnceAsAProviderBatchRowPricedAsOfTheProviderBatchsCreation() {
        var answer = new ProviderOutcome.Success(200, "req_1", "{\"object\":\"chat.completion\"}", "gpt-4o-mini", new Usage(12, 2, 5));

        var outcome = ResultOutcomes.of(JOB, answer, ROW).orElseThrow();

        assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(outcome.responseBody()).isEqualTo("{\"object\":\"chat.completion\"}");
        assertThat(outcome.deployment()).isEqualTo("simulator");
        assertThat(outcome.billed()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(BilledAttempt.Kind.PROVIDER_BATCH);
            assertThat(b.usage()).isEqualTo(new Usage(12, 2, 5));
            assertThat(b.calledAtMillis()).isEqualTo(CREATED.toEpochMilli());
            assertThat(b.attemptId()).isEqualTo("batch_abc");
            assertThat(b.model()).isEqualTo("gpt-4o-mini");
        });
    }

    @Test
    void shouldFailARefusedRequestWithTheProvidersErrorAndBillNothing() {
        var refused = new ProviderOutcome.Permanent(Failure.INVALID_REQUEST, 400, "req_2", "not json", "invalid_request", "max_tokens too big");

        var outcome = ResultOutcomes.of(JOB, refused, ROW).orElseThrow();

        assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
        assertThat(outcome.billed()).isEmpty();
        assertThat(outcome.errorJson()).contains("invalid_request", "max_tokens too big");
        assertThat(outcome.responseBody()).as("stored as JSON").contains("\"error\"", "not json");
    }

    @Test
    void shouldLeaveARetryableLineWithoutAnOutcomeSoItsJobRunsSynchronously() {
        var expired = new ProviderOutcome.Retryable(Failure.BATCH_EXPIRED, -1, "expired inside the provider batch", null);

        assertThat(ResultOutcomes.of(JOB, expired, ROW)).isEmpty();
    }
}
