-- Issue 5: jobs waiting out a long back-off off Kafka, and every worker's view of provider health.

-- A job whose next attempt is far away (open circuit breaker, long Retry-After) waits here instead
-- of holding its Kafka record. Every worker's re-enqueuer produces due rows back to llmq.jobs and
-- deletes them in one transaction (FOR UPDATE SKIP LOCKED), so a crash re-produces rather than loses.
CREATE TABLE parked_jobs (
    job_id           text PRIMARY KEY,
    batch_id         text NOT NULL,
    priority         text NOT NULL,
    job              jsonb NOT NULL,            -- the full JobMessage
    next_attempt_at  timestamptz NOT NULL,
    attempts         int NOT NULL,              -- provider calls made so far (the budget spent)
    history          jsonb NOT NULL DEFAULT '[]',
    reason           text NOT NULL,             -- breaker_open | retry_after
    deployment       text,
    parked_by        text,
    parked_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parked_jobs_due ON parked_jobs (next_attempt_at);

-- One row per (deployment, worker), upserted every few seconds by each worker; the api-submitter,
-- which never calls providers, serves GET /v1/providers from it.
CREATE TABLE provider_health (
    deployment      text NOT NULL,
    worker          text NOT NULL,
    provider        text NOT NULL,
    breaker_state   text NOT NULL,             -- closed | open | half_open | ...
    failure_rate    real,                      -- percent of the breaker's window; null until enough calls
    slow_call_rate  real,
    window_calls    int NOT NULL,
    window_failed   int NOT NULL,
    not_permitted   bigint NOT NULL,           -- calls refused by the open breaker since the worker started
    latency_ms      real,                      -- moving average of recent calls
    in_flight       int NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (deployment, worker)
);
