-- llmq backbone schema. Ids are text (OpenAI-style prefixed ids); money is NUMERIC, never float.

CREATE TABLE tenants (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Only a SHA-256 of the key is kept; the key itself is shown once when it is issued.
CREATE TABLE api_keys (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenants(id),
    key_hash    bytea NOT NULL UNIQUE,
    key_prefix  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Price per million tokens, versioned by effective_from: a call is charged at the row in force
-- when it was made, and a ledger row copies the unit prices it used.
CREATE TABLE prices (
    provider                  text NOT NULL,
    model                     text NOT NULL,
    effective_from            timestamptz NOT NULL,
    input_per_mtok            numeric(18, 6) NOT NULL,
    cached_input_per_mtok     numeric(18, 6) NOT NULL,
    output_per_mtok           numeric(18, 6) NOT NULL,
    PRIMARY KEY (model, effective_from)
);

CREATE TABLE files (
    id          text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenants(id),
    purpose     text NOT NULL,
    filename    text NOT NULL,
    bytes       bigint NOT NULL,
    -- batch_output / batch_error files are views over job_results, not stored bytes
    batch_id    text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX files_tenant ON files (tenant_id, created_at DESC);

-- Uploaded bytes in chunks, so that neither upload nor download holds a whole file in memory.
CREATE TABLE file_chunks (
    file_id     text NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    seq         int NOT NULL,
    data        bytea NOT NULL,
    PRIMARY KEY (file_id, seq)
);

CREATE TABLE batches (
    id                 text PRIMARY KEY,
    tenant_id          text NOT NULL REFERENCES tenants(id),
    endpoint           text NOT NULL,
    input_file_id      text NOT NULL,
    completion_window  text NOT NULL,
    priority           text NOT NULL,
    status             text NOT NULL,
    metadata           jsonb,
    total              int NOT NULL,
    completed          int NOT NULL DEFAULT 0,
    failed             int NOT NULL DEFAULT 0,
    input_tokens       bigint NOT NULL DEFAULT 0,
    cached_tokens      bigint NOT NULL DEFAULT 0,
    output_tokens      bigint NOT NULL DEFAULT 0,
    cost               numeric(24, 10) NOT NULL DEFAULT 0,
    model              text,
    output_file_id     text,
    error_file_id      text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    in_progress_at     timestamptz,
    finalizing_at      timestamptz,
    completed_at       timestamptz,
    failed_at          timestamptz,
    expires_at         timestamptz NOT NULL,
    expired_at         timestamptz,
    cancelling_at      timestamptz,
    cancelled_at       timestamptz
);
CREATE INDEX batches_tenant ON batches (tenant_id, created_at DESC);

-- One row per job outcome: the primary key is what makes a redelivered job's second outcome a no-op.
-- No foreign key to batches on purpose: a job whose batch row is somehow missing must not turn
-- into a poison record that fails every outcome transaction it shares.
CREATE TABLE job_results (
    job_id         text PRIMARY KEY,
    batch_id       text NOT NULL,
    tenant_id      text NOT NULL,
    custom_id      text NOT NULL,
    line           int NOT NULL,
    status         text NOT NULL,          -- succeeded | failed
    status_code    int,
    request_id     text,
    response       jsonb,
    error          jsonb,
    model          text,
    deployment     text,
    attempts       int NOT NULL,
    input_tokens   int NOT NULL DEFAULT 0,
    output_tokens  int NOT NULL DEFAULT 0,
    finished_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (batch_id, custom_id)
);
CREATE INDEX job_results_batch ON job_results (batch_id, status, line);

-- Append-only: one row per provider attempt that the provider billed.
CREATE TABLE ledger_entries (
    id                   bigserial PRIMARY KEY,
    tenant_id            text NOT NULL,
    batch_id             text NOT NULL,
    job_id               text NOT NULL,
    attempt              int NOT NULL,
    deployment           text NOT NULL,
    model                text NOT NULL,
    input_tokens         int NOT NULL,
    cached_tokens        int NOT NULL,
    output_tokens        int NOT NULL,
    input_per_mtok       numeric(18, 6) NOT NULL,
    cached_input_per_mtok numeric(18, 6) NOT NULL,
    output_per_mtok      numeric(18, 6) NOT NULL,
    cost                 numeric(24, 10) NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (job_id, attempt)
);
CREATE INDEX ledger_tenant_time ON ledger_entries (tenant_id, created_at);

-- Transactional outbox: written in the same transaction as the outcome, relayed to Kafka later.
CREATE TABLE outbox (
    id            bigserial PRIMARY KEY,
    event_id      uuid NOT NULL UNIQUE,
    topic         text NOT NULL,
    event_key     text NOT NULL,
    payload       jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
