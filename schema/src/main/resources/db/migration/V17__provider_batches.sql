-- Issue 12: a batch may run through a provider's own batch API (OpenAI Batch, Anthropic Message
-- Batches, Gemini batch mode) at the provider's batch price. See docs/providers.md, "Routing and
-- provider batches".

-- The route a batch takes: 'sync' (the dispatcher releases its jobs into llmq.jobs) or
-- 'provider_batch' (the provider batch runner in the workers hands them to provider batches).
ALTER TABLE batches ADD COLUMN route text NOT NULL DEFAULT 'sync';
ALTER TABLE dispatch_queue ADD COLUMN route text NOT NULL DEFAULT 'sync';

-- One provider batch: a chunk of one llmq batch's staged jobs sent to one deployment. The row is
-- written, under its key, before the provider is asked to create it; the provider's id is recorded
-- as soon as the create answers. A runner that finds a row without a provider id asks the provider
-- (find by key, no earlier than created_at) before it creates anything, so a provider batch is
-- created once and never lost.
--   status: creating (no provider id yet), in_progress (the provider has it), ended (every result
--           is recorded, or the jobs without one went back to llmq.jobs), failed (the provider refused it
--           whole; its jobs went back to llmq.jobs)
CREATE TABLE provider_batches (
    key               text PRIMARY KEY,
    batch_id          text NOT NULL,
    jobs_topic        text NOT NULL,
    deployment        text NOT NULL,
    job_seqs          int[] NOT NULL,
    status            text NOT NULL DEFAULT 'creating',
    provider_id       text,
    provider_status   text,
    create_attempts   int NOT NULL DEFAULT 0,
    cancel_requested  boolean NOT NULL DEFAULT false,
    total             int NOT NULL,
    succeeded         int NOT NULL DEFAULT 0,
    failed            int NOT NULL DEFAULT 0,
    -- jobs handed back to llmq.jobs (failed, expired or cancelled lines) when the batch ended
    released          int NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX provider_batches_batch ON provider_batches (batch_id);
CREATE INDEX provider_batches_open ON provider_batches (jobs_topic, created_at) WHERE status IN ('creating', 'in_progress');

-- A provider batch's answers are ledger rows of kind 'provider_batch', at the batch price of their
-- price version (half the unit prices when batch_discount is true). They are billed calls: the
-- daily roll-up counts them as calls.
CREATE OR REPLACE FUNCTION llmq_ledger_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_daily AS d (tenant_id, day, model, calls, cache_hits, input_tokens, cached_tokens,
                                   cache_write_tokens, output_tokens, cost)
    SELECT tenant_id, (created_at AT TIME ZONE 'UTC')::date, model,
           count(*) FILTER (WHERE kind IN ('call', 'provider_batch')), count(*) FILTER (WHERE kind = 'cache_hit'),
           sum(input_tokens), sum(cached_tokens), sum(cache_write_tokens), sum(output_tokens), sum(cost)
    FROM new_rows
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, day, model) DO UPDATE SET
        calls = d.calls + excluded.calls, cache_hits = d.cache_hits + excluded.cache_hits,
        input_tokens = d.input_tokens + excluded.input_tokens, cached_tokens = d.cached_tokens + excluded.cached_tokens,
        cache_write_tokens = d.cache_write_tokens + excluded.cache_write_tokens,
        output_tokens = d.output_tokens + excluded.output_tokens, cost = d.cost + excluded.cost;
    RETURN NULL;
END $$;
