-- Issue 17: POST /v1/batches/{id}/retry makes a new batch of a terminal batch's failed and expired
-- lines. The child names its parent here, and a parent has at most one (live) child: a repeated or
-- concurrent retry meets this index and answers with the first child instead of making a second.
-- A child whose jobs could not be staged gives its parent up again (BatchService), so that a
-- retry that never ran does not block the next one.
ALTER TABLE batches ADD COLUMN parent_batch_id text;
CREATE UNIQUE INDEX batches_one_retry_per_parent ON batches (parent_batch_id)
    WHERE parent_batch_id IS NOT NULL AND deleted_at IS NULL;
