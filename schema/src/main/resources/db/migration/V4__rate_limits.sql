-- Global rate limits per provider deployment, shared by every worker replica.
-- One row per limited deployment: a requests bucket and a tokens bucket that refill continuously
-- at limit/60 per second and hold at most burst_ms worth of refill. Levels may go negative (debt)
-- when a call used more than it reserved. paused_until is the shared cooldown after a 429.
CREATE TABLE rate_buckets (
    deployment      text PRIMARY KEY,
    rpm             int NOT NULL,
    tpm             bigint NOT NULL,
    max_concurrent  int NOT NULL,
    burst_ms        int NOT NULL,
    req_level       double precision NOT NULL,
    tok_level       double precision NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    paused_until    timestamptz,
    -- while high-priority calls are waiting somewhere (any replica), lower classes get only their
    -- minimum share of the grants: priority holds across replicas, not only inside one
    urgent_until    timestamptz,
    urgent_grants   bigint NOT NULL DEFAULT 0,
    lower_grants    bigint NOT NULL DEFAULT 0
);

-- Calls in flight, for max_concurrent. A lease of a crashed worker expires on its own.
CREATE TABLE call_leases (
    id          uuid PRIMARY KEY,
    deployment  text NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX call_leases_deployment ON call_leases (deployment, expires_at);

-- Takes one request and p_tokens tokens from p_deployment's buckets, atomically, and a concurrency
-- lease p_lease if the deployment has max_concurrent. The caller's class must leave p_reserve (a
-- fraction of each bucket's capacity) untouched: lower priorities may not drain the last part.
-- Returns 0 when granted, else the milliseconds to wait before asking again. Time is the
-- database's, so every replica sees the same clock.
CREATE FUNCTION llmq_take_permit(p_deployment text, p_tokens double precision, p_reserve double precision,
                                 p_lease uuid, p_lease_seconds double precision,
                                 p_urgent boolean, p_min_share double precision)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    b          rate_buckets%ROWTYPE;
    now_ts     timestamptz := clock_timestamp();
    elapsed    double precision;
    req_cap    double precision;
    tok_cap    double precision;
    rl         double precision;
    tl         double precision;
    need_r     double precision;
    need_t     double precision;
    wait_ms    double precision := 0;
    in_flight  bigint;
BEGIN
    SELECT * INTO b FROM rate_buckets WHERE deployment = p_deployment FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    IF b.paused_until IS NOT NULL AND b.paused_until > now_ts THEN
        RETURN greatest(1, ceil(extract(epoch FROM (b.paused_until - now_ts)) * 1000));
    END IF;
    IF p_urgent THEN
        IF b.urgent_until IS NULL OR b.urgent_until < now_ts THEN
            b.urgent_grants := 0;
            b.lower_grants := 0;
        END IF;
        UPDATE rate_buckets SET urgent_until = now_ts + interval '500 milliseconds',
                                urgent_grants = b.urgent_grants, lower_grants = b.lower_grants
        WHERE deployment = p_deployment;
    ELSIF b.urgent_until IS NOT NULL AND b.urgent_until >= now_ts
          AND b.lower_grants >= p_min_share * (b.urgent_grants + b.lower_grants + 1) THEN
        RETURN 20;
    END IF;
    elapsed := greatest(0, extract(epoch FROM (now_ts - b.updated_at)));
    req_cap := greatest(1, b.rpm * b.burst_ms / 60000.0);
    tok_cap := greatest(1, b.tpm * b.burst_ms / 60000.0);
    rl := least(req_cap, b.req_level + elapsed * b.rpm / 60.0);
    tl := least(tok_cap, b.tok_level + elapsed * b.tpm / 60.0);
    need_r := 1 + p_reserve * req_cap;
    -- a call bigger than the bucket may pass when the bucket is (nearly) full, else it never could
    need_t := least(p_tokens, tok_cap * (1 - p_reserve)) + p_reserve * tok_cap;
    IF b.rpm > 0 AND rl < need_r THEN
        wait_ms := greatest(wait_ms, (need_r - rl) / (b.rpm / 60000.0));
    END IF;
    IF b.tpm > 0 AND tl < need_t THEN
        wait_ms := greatest(wait_ms, (need_t - tl) / (b.tpm / 60000.0));
    END IF;
    IF wait_ms = 0 AND b.max_concurrent > 0 THEN
        SELECT count(*) INTO in_flight FROM call_leases WHERE deployment = p_deployment AND expires_at > now_ts;
        IF in_flight >= b.max_concurrent THEN
            wait_ms := 20;
        ELSE
            INSERT INTO call_leases (id, deployment, expires_at)
            VALUES (p_lease, p_deployment, now_ts + make_interval(secs => p_lease_seconds));
        END IF;
    END IF;
    IF wait_ms > 0 THEN
        UPDATE rate_buckets SET req_level = rl, tok_level = tl, updated_at = now_ts WHERE deployment = p_deployment;
        RETURN greatest(1, ceil(wait_ms));
    END IF;
    UPDATE rate_buckets SET req_level = rl - 1, tok_level = tl - p_tokens, updated_at = now_ts,
           urgent_grants = urgent_grants + CASE WHEN p_urgent THEN 1 ELSE 0 END,
           lower_grants = lower_grants + CASE WHEN p_urgent THEN 0 ELSE 1 END
    WHERE deployment = p_deployment;
    RETURN 0;
END $$;

-- Shared cooldowns of every deployment, limited or not: a 429 or a provider's rate-limit headers
-- pause the deployment for all replicas until paused_until.
CREATE TABLE deployment_cooldowns (
    deployment    text PRIMARY KEY,
    paused_until  timestamptz NOT NULL,
    reason        text NOT NULL
);
