-- A 429 must stop a deployment for as long as the provider asked, not longer.
--
-- A pause (RateLimitStore.pause) empties the buckets from the moment of the 429: the provider's
-- own bucket is empty then, and it refills during the pause as ours does. Before this version the
-- class reserves were then required in full again: a normal call needed 1 request plus 10% of the
-- bucket, a low one 25%, refilled from zero. Every 429 therefore stopped every lower-class call of
-- the fleet for reserve x burst_ms (plus its tokens' refill), however short the Retry-After, and a
-- call let through after that refill met the next 429 and emptied the bucket again: 40 answers of
-- 429 with a Retry-After of 5 ms stopped a 3,000 RPM deployment for more than 4 s.
--
-- Now the reserves grow back with the refill after a pause: for one burst_ms after paused_until
-- a class must leave only reserve x (what has refilled since the pause ended). A lower class is
-- slowed while the reserve rebuilds, never stopped; outside that window nothing changes.
CREATE OR REPLACE FUNCTION llmq_take_permit(p_deployment text, p_tokens double precision, p_reserve double precision,
                                            p_lease uuid, p_lease_seconds double precision,
                                            p_urgent boolean, p_min_share double precision)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    b          rate_buckets%ROWTYPE;
    now_ts     timestamptz := clock_timestamp();
    elapsed    double precision;
    since      double precision;
    regrown    double precision := 1;
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
    IF b.paused_until IS NOT NULL THEN
        -- the fraction of one burst that has refilled since the last pause ended
        since := greatest(0, extract(epoch FROM (now_ts - b.paused_until)));
        regrown := least(1, since * 1000.0 / greatest(1, b.burst_ms));
    END IF;
    req_cap := greatest(1, b.rpm * b.burst_ms / 60000.0);
    tok_cap := greatest(1, b.tpm * b.burst_ms / 60000.0);
    rl := least(req_cap, b.req_level + elapsed * b.rpm / 60.0);
    tl := least(tok_cap, b.tok_level + elapsed * b.tpm / 60.0);
    need_r := 1 + p_reserve * regrown * req_cap;
    -- a call bigger than the bucket may pass when the bucket is (nearly) full, else it never could
    need_t := least(p_tokens, tok_cap * (1 - p_reserve)) + p_reserve * regrown * tok_cap;
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

-- The calls in flight each worker's sizing (InFlightTargets, Little's law) aims at for the fleet, per deployment;
-- what it holds is the existing in_flight.
ALTER TABLE provider_health ADD COLUMN concurrency_target int;
