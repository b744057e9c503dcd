package io.llmq.schema.price;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every price version, read from PostgreSQL at most once per {@link #DEFAULT_TTL} however many
 * jobs ask. Used where an estimate or a yes/no is enough (validation, budget reservations, the
 * price list); the ledger does not use it: a ledger row takes its prices from {@code prices} in
 * the transaction that writes it.
 */
public final class PriceBook {
    private static final Logger log = LoggerFactory.getLogger(PriceBook.class);
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);

    /** Reads every version; {@link PriceTable#all} in production. */
    @FunctionalInterface
    public interface Loader {
        List<PriceVersion> load() throws SQLException;
    }

    private record Snapshot(Map<String, List<PriceVersion>> byModel, long loadedAtMillis) {
    }

    private final Loader loader;
    private final Clock clock;
    private final long ttlMillis;
    private volatile Snapshot snapshot;

    public PriceBook(Loader loader, Clock clock, Duration ttl) {
        this.loader = loader;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    /** The version in force for {@code model} at {@code at}, if any. */
    public Optional<PriceVersion> inForce(String model, Instant at) {
        var versions = current().getOrDefault(model, List.of());
        PriceVersion found = null;
        for (var v : versions) {
            if (!v.effectiveFrom().isAfter(at)) {
                found = v;
            }
        }
        return Optional.ofNullable(found);
    }

    public Optional<PriceVersion> inForceNow(String model) {
        return inForce(model, clock.instant());
    }

    /**
     * As {@link #inForceNow}, but a "no price" is checked against the database before it is
     * believed: a model priced a moment ago must not be refused by a copy read before that.
     */
    public Optional<PriceVersion> inForceNowChecked(String model) {
        var found = inForceNow(model);
        if (found.isPresent()) {
            return found;
        }
        invalidate();
        return inForceNow(model);
    }

    /** The models that have a version in force at {@code at}. */
    public Set<String> pricedAt(Instant at) {
        Set<String> priced = new HashSet<>();
        current().forEach((model, versions) -> {
            if (!versions.isEmpty() && !versions.get(0).effectiveFrom().isAfter(at)) {
                priced.add(model);
            }
        });
        return Set.copyOf(priced);
    }

    public Set<String> pricedNow() {
        return pricedAt(clock.instant());
    }

    /** Every version of a model, oldest first. */
    public List<PriceVersion> versions(String model) {
        return current().getOrDefault(model, List.of());
    }

    /** Forgets what it read, so the next question reads again (after an admin added a version). */
    public void invalidate() {
        snapshot = null;
    }

    private Map<String, List<PriceVersion>> current() {
        var s = snapshot;
        var now = clock.millis();
        if (s != null && now - s.loadedAtMillis() < ttlMillis) {
            return s.byModel();
        }
        try {
            Map<String, List<PriceVersion>> byModel = new HashMap<>();
            for (var v : loader.load()) {
                byModel.computeIfAbsent(v.model(), m -> new ArrayList<>()).add(v);
            }
            byModel.values().forEach(list -> list.sort((a, b) -> a.effectiveFrom().compareTo(b.effectiveFrom())));
            snapshot = new Snapshot(byModel, now);
            return byModel;
        } catch (SQLException | RuntimeException e) {
            if (s == null) {
                throw new IllegalStateException("cannot read the price catalogue from PostgreSQL", e);
            }
            // prices change rarely: the last read is a better answer than none while the database is away
            log.warn("cannot re-read prices ({}); using the copy read {} ms ago", e.toString(), now - s.loadedAtMillis());
            return s.byModel();
        }
    }
}
