package io.llmq.submitter.stage;

import io.llmq.schema.Priority;

/** What staging reports to the process's meters: each accepted batch's jobs. */
public interface StageMeters {

    /** A batch's {@code jobs} jobs of {@code priority} were staged for the dispatcher. */
    void staged(Priority priority, int jobs);

    StageMeters NONE = (priority, jobs) -> { };
}
