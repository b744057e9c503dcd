-- Issue 11: a dispatch stage in front of the workers. An accepted batch's jobs are staged here, in
-- pages, instead of all going to llmq.jobs at once; one dispatcher (in a worker process, leader by
-- advisory lock) releases them into llmq.jobs in priority and fair-share order, keeping only a few
-- seconds of work in the topic. See docs/scheduling.md.

-- One row per accepted batch. Jobs are released in seq order (0-based, the order of the input):
--   [0, dispatched)        acknowledged by Kafka
--   [dispatched, claimed)  claimed by a dispatcher that may have died before Kafka acknowledged
--                          them: the next leader produces them again (same partition per job, so
--                          the consumer's redelivery rules make a duplicate harmless)
--   [claimed, total)       still only here; on cancel or expiry they end in bulk, never produced
CREATE TABLE dispatch_queue (
    batch_id       text PRIMARY KEY,
    -- the jobs topic the batch is released into: deployments that share a database (the test
    -- suite's stacks, or a staging llmq beside production) each dispatch only their own
    jobs_topic     text NOT NULL,
    tenant_id      text NOT NULL,
    priority       text NOT NULL,
    total          int NOT NULL,
    claimed        int NOT NULL DEFAULT 0,
    dispatched     int NOT NULL DEFAULT 0,
    -- null while jobs remain to release; 'done' when all were released, 'cancelled' or 'expired'
    -- when the rest [claimed, total) ended without ever reaching Kafka
    closed_reason  text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (0 <= dispatched AND dispatched <= claimed AND claimed <= total)
);
CREATE INDEX dispatch_queue_open ON dispatch_queue (jobs_topic, created_at) WHERE closed_reason IS NULL OR dispatched < claimed;

-- The staged jobs themselves: each page holds the job messages of seq [first_seq, first_seq + jobs),
-- deflated (schema's JobPages codec). Deleted when the batch's dispatch closes.
CREATE TABLE dispatch_pages (
    batch_id   text NOT NULL,
    first_seq  int NOT NULL,
    jobs       int NOT NULL,
    data       bytea NOT NULL,
    PRIMARY KEY (batch_id, first_seq)
);

-- Every worker says, once a second, how many jobs it wants in flight; the dispatcher sizes the
-- work it keeps released (in Kafka or in a worker) from the sum of the live workers' budgets.
CREATE TABLE worker_heartbeats (
    instance_id  text PRIMARY KEY,
    jobs_topic   text NOT NULL,
    budget       int NOT NULL,
    in_flight    int NOT NULL,
    beat_at      timestamptz NOT NULL DEFAULT now()
);

-- The dispatcher does not count parked jobs as released work (a budget stop parks many).
CREATE INDEX parked_jobs_batch ON parked_jobs (batch_id);
