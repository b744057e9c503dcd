-- Live progress (GET /v1/batches/{id}/events) reads a batch's results by finishing time:
-- the jobs that ended since the last look, and the rate over the last seconds.
CREATE INDEX job_results_batch_finished ON job_results (batch_id, finished_at);

-- Browser sessions of the web page: a login form takes a tenant API key once and answers with a
-- random session token in an HttpOnly cookie; only the token's SHA-256 is stored. The session
-- dies with its key (revocation) or at expires_at, and is valid on every submitter replica.
CREATE TABLE web_sessions (
    token_hash  bytea PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenants(id),
    key_id      text NOT NULL REFERENCES api_keys(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
