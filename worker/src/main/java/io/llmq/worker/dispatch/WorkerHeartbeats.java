package io.llmq.worker.dispatch;

import java.sql.SQLException;
import javax.sql.DataSource;

/** The gateway to {@code worker_heartbeats}: each worker's in-flight budget, as the dispatcher sizes its window from. */
final class WorkerHeartbeats {
    /** A worker silent for longer than this no longer counts. */
    static final int LIVE_SECONDS = 10;

    /** The live workers and what they want in flight together. */
    record Fleet(int workers, long budget) {
    }

    private final DataSource dataSource;
    private final String jobsTopic;

    /** @param jobsTopic the fleet is the workers of one jobs topic */
    WorkerHeartbeats(DataSource dataSource, String jobsTopic) {
        this.dataSource = dataSource;
        this.jobsTopic = jobsTopic;
    }

    void beat(String instanceId, int budget, int inFlight) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     INSERT INTO worker_heartbeats (instance_id, jobs_topic, budget, in_flight, beat_at) VALUES (?, ?, ?, ?, now())
                     ON CONFLICT (instance_id) DO UPDATE SET budget = excluded.budget, in_flight = excluded.in_flight, beat_at = now()""")) {
            st.setString(1, instanceId);
            st.setString(2, jobsTopic);
            st.setInt(3, budget);
            st.setInt(4, inFlight);
            st.executeUpdate();
        }
    }

    Fleet fleet() throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT count(*), coalesce(sum(budget), 0) FROM worker_heartbeats
                     WHERE jobs_topic = ? AND beat_at > now() - make_interval(secs => ?)""")) {
            st.setString(1, jobsTopic);
            st.setInt(2, LIVE_SECONDS);
            try (var rs = st.executeQuery()) {
                rs.next();
                return new Fleet(rs.getInt(1), rs.getLong(2));
            }
        }
    }

    /** A worker that stops says so, and old rows of workers long gone are dropped. */
    void leave(String instanceId) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("DELETE FROM worker_heartbeats WHERE instance_id = ? OR beat_at < now() - interval '1 day'")) {
            st.setString(1, instanceId);
            st.executeUpdate();
        }
    }
}
