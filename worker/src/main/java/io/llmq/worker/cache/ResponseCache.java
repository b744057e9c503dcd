package io.llmq.worker.cache;

import io.llmq.schema.message.JobMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The response cache, reading side. A job takes part when its batch opted in (metadata
 * {@code llmq_cache: "true"}) or its tenant did ({@code tenants.response_cache}), and its request
 * is deterministic ({@link CacheKey}). Entries are per tenant. The answers are written with the
 * outcome that produced them ({@link ResponseCacheTable}).
 */
public final class ResponseCache {
    private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);
    static final Duration TENANTS_TTL = Duration.ofSeconds(5);

    /** A stored answer. */
    public record Hit(int statusCode, String responseJson, String sourceJobId) {
    }

    private final DataSource dataSource;
    private final Predicate<String> batchOptedIn;
    private final Clock clock;
    private final Counter hits;
    private final Counter misses;
    private volatile Set<String> tenantsOptedIn = Set.of();
    private volatile long tenantsReadAt = Long.MIN_VALUE;

    public ResponseCache(DataSource dataSource, Predicate<String> batchOptedIn, Clock clock, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.batchOptedIn = batchOptedIn;
        this.clock = clock;
        this.hits = Counter.builder("llmq.cache.hits").description("jobs answered from the response cache").register(registry);
        this.misses = Counter.builder("llmq.cache.misses").description("opted-in jobs the response cache could not answer")
                .register(registry);
    }

    /** The job's key if it takes part in the cache; empty if it does not (the common case, no query). */
    public Optional<byte[]> keyFor(JobMessage job) {
        if (!CacheKey.deterministic(job.body())) {
            return Optional.empty();
        }
        if (!tenantOptedIn(job.tenantId()) && !batchOptedIn.test(job.batchId())) {
            return Optional.empty();
        }
        return CacheKey.of(job);
    }

    public Optional<Hit> find(String tenantId, byte[] key) {
        try (var c = dataSource.getConnection()) {
            var hit = ResponseCacheTable.find(c, tenantId, key);
            (hit.isPresent() ? hits : misses).increment();
            return hit;
        } catch (SQLException e) {
            // a cache that cannot answer is a miss: the job calls the provider as it would without one
            log.warn("response cache lookup failed for tenant {} ({}); calling the provider", tenantId, e.toString());
            return Optional.empty();
        }
    }

    private boolean tenantOptedIn(String tenantId) {
        var now = clock.millis();
        if (now - tenantsReadAt >= TENANTS_TTL.toMillis()) {
            try (var c = dataSource.getConnection();
                 var st = c.prepareStatement("SELECT id FROM tenants WHERE response_cache");
                 var rs = st.executeQuery()) {
                Set<String> ids = new HashSet<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                tenantsOptedIn = Set.copyOf(ids);
            } catch (SQLException e) {
                log.warn("cannot read which tenants use the response cache ({}); keeping the last answer", e.toString());
            }
            tenantsReadAt = now;
        }
        return tenantsOptedIn.contains(tenantId);
    }
}
