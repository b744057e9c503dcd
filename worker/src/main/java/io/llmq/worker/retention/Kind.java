package io.llmq.worker.retention;

/** What one sweep removes or ends, each counted apart ({@code llmq_retention_rows_total{kind}}). */
public enum Kind {
    /** Files past their expires_at, marked deleted as DELETE /v1/files does. */
    FILES("files"),
    /** The stored bytes of those files. */
    FILE_CHUNKS("file_chunks"),
    /** Results of batches whose output and error files are gone. */
    JOB_RESULTS("job_results"),
    /** Staged pages of those batches' never-released jobs (their error lines). */
    DISPATCH_PAGES("dispatch_pages"),
    /** The provider batch rows of those batches (issue 12's route), ended ones only. */
    PROVIDER_BATCHES("provider_batches"),
    WEB_SESSIONS("web_sessions"),
    BUDGET_HOLDS("budget_holds"),
    IDEMPOTENCY_KEYS("idempotency_keys"),
    /** Batch headers stuck in validating, now failed. */
    STUCK_VALIDATING("stuck_validating"),
    /** Parked jobs of cancelled or expired batches, ended as the workers' guard ends them. */
    UNREACHED_JOBS("unreached_jobs"),
    /** Batches whose jobs had all ended but that had not, now ended. */
    UNENDED_BATCHES("unended_batches");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
