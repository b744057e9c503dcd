package io.llmq.worker.retention;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Only one sweeper works at a time: the one whose database session holds a PostgreSQL advisory
 * lock for the length of its sweep. Another replica's sweeper finds it taken and skips its turn.
 * The lock goes with the session, so a sweeper that dies mid-sweep frees it at once.
 */
final class SweepLock implements AutoCloseable {
    /** "llmqswep" as a number, mixed with the jobs topic: one sweeper per deployment sharing a database. */
    static final long LOCK_BASE = 0x6c6c6d7173776570L;

    private final Connection session;
    private final long key;

    private SweepLock(Connection session, long key) {
        this.session = session;
        this.key = key;
    }

    static long keyFor(String jobsTopic) {
        return LOCK_BASE ^ ((long) jobsTopic.hashCode() << 16);
    }

    /** The lock, or null when another sweeper holds it. */
    static SweepLock tryTake(DataSource dataSource, long key) throws SQLException {
        var c = dataSource.getConnection();
        try (var st = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, key);
            try (var rs = st.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return new SweepLock(c, key);
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return null;
    }

    @Override
    public void close() throws SQLException {
        try (session; var st = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            st.setLong(1, key);
            st.execute();
        }
    }
}
