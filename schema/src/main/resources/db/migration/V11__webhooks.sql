-- Signed webhooks (docs/api.md, "Webhooks"): a tenant's endpoints, and one delivery row per event
-- and endpoint. The delivery rows are the durable queue the workers' delivery loops claim from
-- (FOR UPDATE SKIP LOCKED), and the delivery log the API shows.

CREATE TABLE webhook_endpoints (
    id                    text PRIMARY KEY,                 -- we_…
    tenant_id             text NOT NULL REFERENCES tenants(id),
    url                   text NOT NULL,
    events                text[] NOT NULL,                  -- batch.completed, batch.failed, batch.cancelled, batch.expired
    secret                text NOT NULL,                    -- whsec_…: HMAC needs the key itself, so it is kept, not hashed
    previous_secret       text,                             -- after a rotation, still signing beside the new one ...
    previous_secret_until timestamptz,                      -- ... until then
    enabled               boolean NOT NULL DEFAULT true,
    disabled_reason       text,
    disabled_at           timestamptz,
    consecutive_failures  int NOT NULL DEFAULT 0,           -- failed attempts since the last success
    failing_since         timestamptz,                      -- the first of them; null after a success
    created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id, created_at);

CREATE TABLE webhook_deliveries (
    id               text PRIMARY KEY,                      -- whd_…
    endpoint_id      text NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_id         text NOT NULL,                         -- evt_…: the webhook-id header, the same on every attempt
    event_type       text NOT NULL,
    batch_id         text NOT NULL,
    body             text NOT NULL,                         -- the exact bytes signed and sent, fixed when the event happened
    status           text NOT NULL DEFAULT 'pending',       -- pending | delivered | failed
    attempts         int NOT NULL DEFAULT 0,                -- attempts started
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),    -- while pending; also the lease of an attempt under way
    last_attempt_at  timestamptz,
    last_status_code int,                                   -- the receiver's HTTP status; null when none came
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    ended_at         timestamptz,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_ended ON webhook_deliveries (ended_at) WHERE ended_at IS NOT NULL;

-- A batch's end, whichever process and path makes it (the worker's outcome transaction, the
-- submitter's cancel, the dispatcher ending unreleased jobs, a sweeper, or a batch created
-- failed), becomes one event, delivered to each of the tenant's enabled endpoints that asked for
-- its type. In the same transaction as the status change: the event exists exactly when the end
-- committed. The body is OpenAI's event object, written once so that every retry sends (and
-- signs) the same bytes.
CREATE FUNCTION webhook_batch_ended() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_type  text := 'batch.' || NEW.status;
    v_event text := 'evt_' || replace(gen_random_uuid()::text, '-', '');
    v_body  text;
BEGIN
    v_body := format('{"id":"%s","object":"event","type":"%s","created_at":%s,"data":{"id":%s}}',
                     v_event, v_type, floor(extract(epoch FROM now()))::bigint, to_json(NEW.id)::text);
    INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, batch_id, body)
    SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), e.id, v_event, v_type, NEW.id, v_body
    FROM webhook_endpoints e
    WHERE e.tenant_id = NEW.tenant_id AND e.enabled AND v_type = ANY (e.events);
    RETURN NULL;
END
$$;

CREATE TRIGGER batches_webhook_on_end
    AFTER UPDATE OF status ON batches
    FOR EACH ROW
    WHEN (NEW.status IN ('completed', 'failed', 'cancelled', 'expired') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION webhook_batch_ended();

CREATE TRIGGER batches_webhook_on_create_ended
    AFTER INSERT ON batches
    FOR EACH ROW
    WHEN (NEW.status IN ('completed', 'failed', 'cancelled', 'expired'))
    EXECUTE FUNCTION webhook_batch_ended();
