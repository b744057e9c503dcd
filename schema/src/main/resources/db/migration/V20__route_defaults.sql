-- Issue 12: a batch that does not name metadata.llmq_route takes its tenant's default route for its
-- class, else the stack's (LLMQ_DEFAULT_ROUTE_HIGH / _NORMAL / _LOW). NULL: the stack's default.
-- Only 'sync' and 'auto' may be defaults: 'provider_batch' refuses batches that cannot take it, and a
-- batch that asked for nothing must never be refused for its route. See docs/providers.md.
ALTER TABLE tenants ADD COLUMN default_route_high text CHECK (default_route_high IN ('sync', 'auto'));
ALTER TABLE tenants ADD COLUMN default_route_normal text CHECK (default_route_normal IN ('sync', 'auto'));
ALTER TABLE tenants ADD COLUMN default_route_low text CHECK (default_route_low IN ('sync', 'auto'));
