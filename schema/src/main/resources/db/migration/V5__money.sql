-- Issue 6: prices as versions, a ledger with daily roll-ups, budgets, and the response cache.
-- See docs/money.md.

-- A price version is never changed once written: a new price is a new row with a later
-- effective_from. source says who wrote it: the catalogue file at start-up, or an admin.
ALTER TABLE prices
    ADD COLUMN cache_write_per_mtok  numeric(18, 6) NOT NULL DEFAULT 0,
    ADD COLUMN batch_discount        boolean NOT NULL DEFAULT false,
    ADD COLUMN source                text NOT NULL DEFAULT 'catalogue',
    ADD COLUMN created_at            timestamptz NOT NULL DEFAULT now();

-- kind: call (a billed provider attempt), cache_hit (answered from the response cache, cost 0) or
-- correction (written by an operator; the only kind that may repeat a job's attempt number).
-- called_at: when the call was made; its price is the version in force then.
ALTER TABLE ledger_entries
    ADD COLUMN cache_write_tokens    int NOT NULL DEFAULT 0,
    ADD COLUMN cache_write_per_mtok  numeric(18, 6) NOT NULL DEFAULT 0,
    ADD COLUMN kind                  text NOT NULL DEFAULT 'call',
    ADD COLUMN called_at             timestamptz,
    ADD COLUMN note                  text;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_job_id_attempt_key;
CREATE UNIQUE INDEX ledger_one_row_per_attempt ON ledger_entries (job_id, attempt) WHERE kind <> 'correction';

-- Append-only: a wrong row is answered by a correction row, never edited or removed.
CREATE FUNCTION llmq_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only: write a correction row (kind = ''correction'') instead';
END $$;
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION llmq_ledger_append_only();

-- Per tenant, UTC day and model: what the ledger says, kept in step by a statement trigger, so
-- usage and budget reads touch a few rows instead of every call. calls counts billed provider
-- calls; cache hits are counted apart; corrections add only their tokens and cost.
CREATE TABLE ledger_daily (
    tenant_id           text NOT NULL,
    day                 date NOT NULL,
    model               text NOT NULL,
    calls               bigint NOT NULL,
    cache_hits          bigint NOT NULL,
    input_tokens        bigint NOT NULL,
    cached_tokens       bigint NOT NULL,
    cache_write_tokens  bigint NOT NULL,
    output_tokens       bigint NOT NULL,
    cost                numeric(24, 10) NOT NULL,
    PRIMARY KEY (tenant_id, day, model)
);

-- One upsert per INSERT statement (the worker writes a group's rows in one statement), rows taken
-- in key order so that two workers' transactions lock them in the same order.
CREATE FUNCTION llmq_ledger_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_daily AS d (tenant_id, day, model, calls, cache_hits, input_tokens, cached_tokens,
                                   cache_write_tokens, output_tokens, cost)
    SELECT tenant_id, (created_at AT TIME ZONE 'UTC')::date, model,
           count(*) FILTER (WHERE kind = 'call'), count(*) FILTER (WHERE kind = 'cache_hit'),
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
CREATE TRIGGER ledger_rollup AFTER INSERT ON ledger_entries REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION llmq_ledger_rollup();

INSERT INTO ledger_daily (tenant_id, day, model, calls, cache_hits, input_tokens, cached_tokens, cache_write_tokens,
                          output_tokens, cost)
SELECT tenant_id, (created_at AT TIME ZONE 'UTC')::date, model, count(*), 0, sum(input_tokens), sum(cached_tokens), 0,
       sum(output_tokens), sum(cost)
FROM ledger_entries GROUP BY 1, 2, 3;

-- Spending limits per tenant and period (UTC day, UTC calendar month). Null: no such limit.
CREATE TABLE budgets (
    tenant_id   text NOT NULL REFERENCES tenants(id),
    period      text NOT NULL CHECK (period IN ('day', 'month')),
    hard_usd    numeric(24, 10),
    soft_usd    numeric(24, 10),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, period)
);

-- What one worker has reserved for a tenant's calls in flight (their maximum cost). A worker
-- refreshes its rows every second; the row of a worker that died stops counting at expires_at.
CREATE TABLE budget_holds (
    tenant_id   text NOT NULL,
    worker      text NOT NULL,
    amount      numeric(24, 10) NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, worker)
);

-- Soft limits already announced: one event per tenant, period and period start.
CREATE TABLE budget_alerts (
    tenant_id     text NOT NULL,
    period        text NOT NULL,
    period_start  date NOT NULL,
    limit_usd     numeric(24, 10) NOT NULL,
    spent_usd     numeric(24, 10) NOT NULL,
    at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, period, period_start)
);

-- Jobs parked over budget are found by tenant when the budget is raised.
ALTER TABLE parked_jobs ADD COLUMN tenant_id text;
CREATE INDEX parked_jobs_tenant_reason ON parked_jobs (tenant_id, reason);

-- Why a batch is not moving, while it is not: 'over_budget' with a message for people.
ALTER TABLE batches
    ADD COLUMN held_reason   text,
    ADD COLUMN held_message  text,
    ADD COLUMN held_at       timestamptz;

-- Response cache: opt-in per tenant here, or per batch with metadata llmq_cache: "true".
ALTER TABLE tenants ADD COLUMN response_cache boolean NOT NULL DEFAULT false;

-- Successful answers to deterministic requests, per tenant (a tenant never sees another's answers).
CREATE TABLE response_cache (
    tenant_id      text NOT NULL,
    cache_key      bytea NOT NULL,             -- SHA-256 of the canonical request, see docs/money.md
    model          text NOT NULL,
    status_code    int NOT NULL,
    response       jsonb NOT NULL,
    source_job_id  text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, cache_key)
);

ALTER TABLE job_results ADD COLUMN cached boolean NOT NULL DEFAULT false;
