package io.llmq.worker.ratelimit;

import io.llmq.worker.provider.Usage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/** A permit taken from the shared buckets; settling returns the unused part of the reservation. */
final class GlobalPermit implements CallGate.Permit {
    private static final Logger log = LoggerFactory.getLogger(GlobalPermit.class);

    private final PermitStore store;
    private final String deployment;
    private final int reserved;
    private final UUID lease;

    GlobalPermit(PermitStore store, String deployment, int reserved, UUID lease) {
        this.store = store;
        this.deployment = deployment;
        this.reserved = reserved;
        this.lease = lease;
    }

    @Override
    public void settle(Usage actual) {
        var used = actual.inputTokens() + actual.outputTokens();
        try {
            store.settle(deployment, reserved - used, lease);
        } catch (SQLException e) {
            // Not fatal: the lease expires on its own, and an unreturned reservation only slows us down.
            log.warn("could not settle a permit of {} ({} reserved, {} used): {}", deployment, reserved, used, e.toString());
        }
    }

    @Override
    public void release() {
        try {
            store.giveBack(deployment, reserved, lease);
        } catch (SQLException e) {
            log.warn("could not give back an unused permit of {}: {}", deployment, e.toString());
        }
    }

    @Override
    public void coolDown(Duration wait) {
        try {
            store.pause(deployment, wait, "provider rate limit (429 or rate-limit headers)");
            log.info("deployment {} pushed back; paused for every worker for {} ms", deployment, wait.toMillis());
        } catch (SQLException e) {
            log.warn("could not pause {}: {}", deployment, e.toString());
        }
    }
}
