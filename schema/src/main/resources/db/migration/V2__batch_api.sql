-- Issue 3: the batch APIs that existing SDKs speak (OpenAI Files + Batches complete, Anthropic
-- Message Batches), cancellation and expiry, idempotent creates, tenants, keys and the audit log.

-- dialect: which API created the batch and serves it (openai | anthropic); each sees only its own.
-- failed now counts errored jobs only; cancelled and expired jobs have their own counters
-- (OpenAI's request_counts.failed is their sum, Anthropic reports them apart).
-- estimated_tokens: prompt + max output tokens of every job, for the per-tenant enqueued-work limit.
ALTER TABLE batches
    ADD COLUMN dialect           text NOT NULL DEFAULT 'openai',
    ADD COLUMN cancelled         int NOT NULL DEFAULT 0,
    ADD COLUMN expired           int NOT NULL DEFAULT 0,
    ADD COLUMN estimated_tokens  bigint NOT NULL DEFAULT 0,
    ADD COLUMN deleted_at        timestamptz;

-- What a tenant has enqueued and not yet finished is summed over these rows at every batch create.
CREATE INDEX batches_tenant_open ON batches (tenant_id)
    WHERE status IN ('validating', 'in_progress', 'finalizing', 'cancelling');

-- Per-tenant overrides of the enqueued-work limits; null means the deployment's default.
ALTER TABLE tenants
    ADD COLUMN max_pending_jobs    bigint,
    ADD COLUMN max_pending_tokens  bigint;

ALTER TABLE api_keys
    ADD COLUMN name           text,
    ADD COLUMN first_used_at  timestamptz;

-- Idempotency-Key: the first request with a key stores its request hash and, once it has an
-- answer, that answer; a retry with the same key and body gets the same answer back.
-- status_code is null while the first request is still being handled.
CREATE TABLE idempotency_keys (
    tenant_id     text NOT NULL,
    scope         text NOT NULL,
    idem_key      text NOT NULL,
    request_hash  bytea NOT NULL,
    status_code   int,
    response      text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, scope, idem_key)
);

-- Who did what, when, from where: every admin action and the key events worth reviewing.
CREATE TABLE audit_log (
    id           bigserial PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor        text NOT NULL,
    action       text NOT NULL,
    tenant_id    text,
    target       text,
    remote_addr  text,
    details      jsonb
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, at);
