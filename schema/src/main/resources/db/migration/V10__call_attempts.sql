-- Issue 14: a ledger with no gap. Every provider call is written here (group-committed) before it
-- is sent, with what it may cost at most; the outcome transaction that writes its ledger row
-- deletes it, and an answered call the provider does not bill is deleted right after its answer.
-- A row left behind by a worker instance that is gone (no heartbeat) is a call whose answer never
-- reached llmq: the attempt sweeper moves it to the ledger as kind 'estimated'. See docs/money.md.
CREATE TABLE call_attempts (
    attempt_id        text PRIMARY KEY,
    instance_id       text NOT NULL,
    tenant_id         text NOT NULL,
    batch_id          text NOT NULL,
    job_id            text NOT NULL,
    attempt           int NOT NULL,
    deployment        text NOT NULL,
    model             text NOT NULL,
    input_tokens      int NOT NULL,
    max_output_tokens int NOT NULL,
    called_at         timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);
-- No index but the key: the table holds only the calls in flight (thousands of rows), each row is
-- written and deleted once, and the sweeper reads it every 15 s; a second index would cost every call.

-- An estimated row stands for a call whose job was run again by another worker from the same
-- attempt number: both rows are kept, so 'estimated' joins 'correction' outside the one-row rule.
-- A call is estimated at most once. Should its answer still arrive (its worker was only silent, not
-- gone), the answer's row is written and a correction row takes the estimate back out.
DROP INDEX ledger_one_row_per_attempt;
CREATE UNIQUE INDEX ledger_one_row_per_attempt ON ledger_entries (job_id, attempt) WHERE kind NOT IN ('correction', 'estimated');
CREATE UNIQUE INDEX ledger_one_estimate_per_attempt_id ON ledger_entries (attempt_id) WHERE kind = 'estimated';
