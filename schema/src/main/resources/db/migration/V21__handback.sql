-- Jobs the provider batch runner hands back to synchronous calls (a line failed, expired or was
-- cancelled inside its provider batch; the provider refused the batch; the window's end came near;
-- the deployment has no batch adapter). The runner writes one row per job in the transaction that
-- ends its provider batch row; the dispatcher releases them into llmq.jobs within the class window
-- and the batch's fair share, as it releases staged jobs, and deletes a row once Kafka
-- acknowledged its job. The job itself is read from its staged page (seq).
--   claimed: a dispatcher is producing it; a claimed row left behind (the dispatcher died before it
--            saw the acknowledgement) is in doubt and produced again, to the same partition, where
--            the consumer's redelivery rules run the job once.
-- A cancelled or expired batch's unclaimed rows end there, cancelled or expired, without Kafka.
-- The dispatcher finds them from its provider-routed dispatch_queue rows, by batch (the key).
CREATE TABLE handed_back_jobs (
    batch_id    text NOT NULL,
    seq         int NOT NULL,
    jobs_topic  text NOT NULL,
    claimed     boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_id, seq)
);
