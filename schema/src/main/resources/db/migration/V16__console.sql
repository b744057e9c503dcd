-- Issue 16: the web console's batch list, searches and batch page.

-- The list pages by keyset, newest first: (created_at, id) < the last row shown, so page 2,000 of a
-- tenant with 100,000 batches costs what page 1 does. The id breaks ties of batches created in one
-- instant. A status filter gets its own index: a rare status (failed) would otherwise walk every
-- batch of the tenant to fill a page.
CREATE INDEX batches_tenant_list ON batches (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX batches_tenant_status_list ON batches (tenant_id, status, created_at DESC, id DESC) WHERE deleted_at IS NULL;

-- "Which batch had request X?": the console's search by custom_id, within one tenant.
CREATE INDEX job_results_tenant_custom_id ON job_results (tenant_id, custom_id);

-- One batch's webhook deliveries on its page.
CREATE INDEX webhook_deliveries_batch ON webhook_deliveries (batch_id);
