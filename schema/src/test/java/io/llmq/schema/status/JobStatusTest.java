package io.llmq.schema.status;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import static io.llmq.schema.status.JobEvent.*;
import static io.llmq.schema.status.JobStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStatusTest {

    private static final Map<JobStatus, Map<JobEvent, JobStatus>> LEGAL = new EnumMap<>(Map.of(
            QUEUED, Map.of(ATTEMPT_STARTED, RUNNING, JobEvent.FAILED, JobStatus.FAILED, BATCH_CANCELLED, CANCELLED,
                    WINDOW_PASSED, EXPIRED),
            RUNNING, Map.of(ATTEMPT_STARTED, RUNNING, ANSWERED, SUCCEEDED, JobEvent.FAILED, JobStatus.FAILED,
                    BATCH_CANCELLED, CANCELLED, WINDOW_PASSED, EXPIRED),
            SUCCEEDED, Map.of(),
            JobStatus.FAILED, Map.of(),
            CANCELLED, Map.of(),
            EXPIRED, Map.of()));

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void shouldAllowExactlyTheListedTransitionsFromEveryStatus(JobStatus from) {
        for (var event : JobEvent.values()) {
            assertThat(from.next(event)).as("%s + %s", from, event).isEqualTo(Optional.ofNullable(LEGAL.get(from).get(event)));
        }
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void shouldBeTerminalExactlyWhenNothingMovesIt(JobStatus status) {
        assertThat(status.isTerminal()).isEqualTo(LEGAL.get(status).isEmpty());
        assertThat(JobStatus.parse(status.wireName())).isEqualTo(status);
    }

    @org.junit.jupiter.api.Test
    void shouldNeverSucceedWithoutAnAttempt() {
        // every status a queued job can reach by any sequence of events that has no attempt in it
        var reached = EnumSet.of(QUEUED);
        var frontier = new ArrayDeque<JobStatus>(reached);
        while (!frontier.isEmpty()) {
            var from = frontier.poll();
            for (var event : JobEvent.values()) {
                if (event != ATTEMPT_STARTED) {
                    from.next(event).filter(reached::add).ifPresent(frontier::add);
                }
            }
        }
        assertThat(reached).doesNotContain(SUCCEEDED, RUNNING).contains(JobStatus.FAILED, CANCELLED, EXPIRED);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"QUEUED", "RUNNING"})
    void shouldCancelAJobThatHasNotEnded(JobStatus status) {
        assertThat(status.next(BATCH_CANCELLED)).contains(CANCELLED);
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseAnUnknownWireName() {
        assertThatThrownBy(() -> JobStatus.parse("done")).hasMessageContaining("done");
    }
}
