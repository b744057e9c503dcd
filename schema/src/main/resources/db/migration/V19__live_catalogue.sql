-- The catalogue, live: every version of it, the newest in force. The catalogue file (LLMQ_CATALOGUE,
-- or the bundled one) writes a version when the table is empty or when the file says something else
-- than the last version a file wrote; the admin API writes one per change. Workers and submitters
-- poll max(version) and load a newer one within seconds. Rows are never changed.
CREATE TABLE catalogue_versions (
    version     bigint      PRIMARY KEY,
    document    jsonb       NOT NULL,           -- the file's tree, variables replaced; never an API key (only the variable's name)
    source      text        NOT NULL CHECK (source IN ('file', 'admin')),
    changed_by  text        NOT NULL,
    reason      text        NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
