package io.llmq.worker.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Which worker dispatches: the one whose database session holds a PostgreSQL advisory lock. The
 * lock goes with the session, so a worker that dies (or loses its connection, or whose database
 * restarts) lets another take over within a tick. Two dispatchers can still overlap for a moment
 * (the old one has not noticed yet); the claim's compare-and-set makes that harmless.
 */
public final class Leadership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Leadership.class);
    /** "llmqdisp" as a number: mixed with the jobs topic, the lock's key, the same for every worker of one topic. */
    static final long LOCK_BASE = 0x6c6c6d7164697370L;

    private final DataSource dataSource;
    private final String instanceId;
    private final long lockKey;
    private final String role;
    private Connection session;

    /** @param jobsTopic one dispatcher leads per jobs topic */
    Leadership(DataSource dataSource, String instanceId, String jobsTopic) {
        this(dataSource, instanceId, LOCK_BASE, jobsTopic, "dispatcher");
    }

    /**
     * Leadership of another single-leader stage of the jobs topic (the provider batch runner).
     *
     * @param lockBase the stage's own base key, mixed with the jobs topic as the dispatcher's is
     * @param role     what the stage is called in the log
     */
    public Leadership(DataSource dataSource, String instanceId, long lockBase, String jobsTopic, String role) {
        this.dataSource = dataSource;
        this.instanceId = instanceId;
        this.lockKey = lockBase ^ ((long) jobsTopic.hashCode() << 16);
        this.role = role;
    }

    /** Whether this worker leads now: keeps the lock if it has it, tries to take it if not. */
    public boolean lead() {
        if (session != null) {
            try {
                if (session.isValid(2)) {
                    return true;
                }
            } catch (SQLException e) {
                // falls through: the session is gone, and the lock with it
            }
            log.warn("{} {}: lost its database session, and with it its lock", role, instanceId);
            closeSession();
        }
        try {
            var c = dataSource.getConnection();
            try (var st = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                st.setLong(1, lockKey);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        session = c;
                        log.info("{} {}: now the active one", role, instanceId);
                        return true;
                    }
                }
            }
            c.close();
        } catch (SQLException e) {
            log.debug("{} {}: cannot ask for its lock: {}", role, instanceId, e.toString());
        }
        return false;
    }

    public boolean held() {
        return session != null;
    }

    private void closeSession() {
        try {
            session.close();
        } catch (SQLException e) {
            log.debug("closing the dispatch session: {}", e.toString());
        }
        session = null;
    }

    @Override
    public void close() {
        if (session == null) {
            return;
        }
        try (var st = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            st.setLong(1, lockKey);
            st.execute();
        } catch (SQLException e) {
            log.debug("{} {}: unlock failed ({}); closing the session frees it", role, instanceId, e.toString());
        }
        closeSession();
        log.info("{} {}: handed its lock back", role, instanceId);
    }
}
