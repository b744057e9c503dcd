package io.llmq.worker.park;

import io.llmq.schema.db.Transaction;
import io.llmq.schema.message.JobMessage;
import io.llmq.worker.outcome.BatchesTable;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Where the call stage puts a job that must wait long: the row is written before the job's Kafka
 * record is released, so the job is durable in one place or the other at every moment.
 */
public final class Parking {
    private final DataSource dataSource;
    private final String worker;
    private volatile boolean anyParked = true;

    public Parking(DataSource dataSource, String worker) {
        this.dataSource = dataSource;
        this.worker = worker;
    }

    public void park(ParkedJob job) throws SQLException {
        try (var c = dataSource.getConnection()) {
            ParkedJobsTable.upsert(c, job, worker);
        }
        anyParked = true;
    }

    /**
     * Parks a job its tenant's budget does not allow to run, and shows why on its batch, in one
     * transaction: a batch never shows a hold without a parked job behind it, nor the reverse.
     */
    public void parkHeld(ParkedJob job, String message) throws SQLException {
        Transaction.run(dataSource, c -> {
            ParkedJobsTable.upsert(c, job, worker);
            BatchesTable.hold(c, job.job().batchId(), job.reason(), message);
            return null;
        });
        anyParked = true;
    }

    /**
     * True if a first delivery of this job is already parked: its record was redelivered because a
     * worker parked it and then died before committing the offset. The parked copy will come back by
     * itself, so this one must not run too. Skips the query while no job is known to be parked.
     */
    public boolean alreadyParked(JobMessage job, Resume resume) throws SQLException {
        if (resume.resumed() || !anyParked) {
            return false;
        }
        try (var c = dataSource.getConnection()) {
            return ParkedJobsTable.contains(c, job.jobId());
        }
    }

    /** Told by the re-enqueuer after each look at the table. */
    void sawParked(long count) {
        anyParked = count > 0;
    }

    public long count() throws SQLException {
        try (var c = dataSource.getConnection()) {
            return ParkedJobsTable.count(c);
        }
    }
}
