-- The id each provider call was sent with (X-Llmq-Attempt: job / attempt / worker instance), so that a
-- provider's itemised bill can be reconciled against the ledger call by call. Null on rows written
-- before it existed.
ALTER TABLE ledger_entries ADD COLUMN attempt_id text;
