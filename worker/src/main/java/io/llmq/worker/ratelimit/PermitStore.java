package io.llmq.worker.ratelimit;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * What a lane and the cooldowns need of the shared limiter state: {@link RateLimitStore} in a
 * worker, a fake in unit tests of the scheduling decisions.
 */
abstract class PermitStore {

    /** 0 when granted (and {@code lease} taken where the deployment limits concurrency), else ms to wait. */
    abstract long take(String deployment, int tokens, double reserve, UUID lease, Duration leaseFor, boolean urgent, double minShare)
            throws SQLException;

    /** Returns the unused part of a reservation (or charges the excess) and frees the lease. */
    abstract void settle(String deployment, int unusedTokens, UUID lease) throws SQLException;

    /** A permit whose call was never made: its request and tokens go back, its lease is freed. */
    abstract void giveBack(String deployment, int reservedTokens, UUID lease) throws SQLException;

    abstract void pause(String deployment, Duration wait, String reason) throws SQLException;

    /** Milliseconds each paused deployment has left. */
    abstract Map<String, Long> cooldowns() throws SQLException;
}
