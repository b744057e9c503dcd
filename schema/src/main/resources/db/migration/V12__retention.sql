-- Issue 17: expiry and retention. Files expire (OpenAI's expires_after / output_expires_after),
-- file objects report the bytes their download has, and a sweeper in the worker removes what has
-- expired and ends batches that no worker reaches. See docs/operations.md, "Retention".

-- When the file stops being served (null: kept until deleted). The sweeper then deletes its chunks
-- and marks it deleted, as DELETE /v1/files does.
ALTER TABLE files ADD COLUMN expires_at timestamptz;
CREATE INDEX files_expiry ON files (expires_at) WHERE deleted_at IS NULL AND expires_at IS NOT NULL;
-- Output and error files deleted or expired whose job_results the sweeper has not yet removed
-- (results_removed_at: when it did), so each sweep looks only at those.
ALTER TABLE files ADD COLUMN results_removed_at timestamptz;
CREATE INDEX files_results_gone ON files (deleted_at)
    WHERE batch_id IS NOT NULL AND deleted_at IS NOT NULL AND results_removed_at IS NULL;
CREATE INDEX files_batch ON files (batch_id) WHERE batch_id IS NOT NULL;

-- output_expires_after: seconds after their creation that the batch's output and error files
-- expire (null: never). output_bytes / error_bytes: the length of the two files' content as
-- downloaded, summed as result rows are written, so the file objects can say it without a read.
-- errors: OpenAI's batch errors object, for a batch that failed as a whole.
ALTER TABLE batches
    ADD COLUMN output_expires_after  int,
    ADD COLUMN output_bytes          bigint NOT NULL DEFAULT 0,
    ADD COLUMN error_bytes           bigint NOT NULL DEFAULT 0,
    ADD COLUMN errors                jsonb;
CREATE INDEX batches_validating ON batches (created_at) WHERE status = 'validating';
CREATE INDEX batches_unreached ON batches (expires_at) WHERE status IN ('in_progress', 'cancelling');

-- The sweeper's range scans over the other kinds it removes.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
CREATE INDEX budget_holds_expiry ON budget_holds (expires_at);
