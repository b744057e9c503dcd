package io.llmq.worker.meter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Meter handles by a small key (deployment, model, tenant, ...), built once. The hot path pays one
 * map lookup instead of a builder, a tag list and the registry's own lookup per job. The keys are
 * bounded by the catalogue and the tenants, never by job or batch ids.
 */
public final class MeterCache<K, M> {
    private final Map<K, M> meters = new ConcurrentHashMap<>();
    private final Function<K, M> create;

    public MeterCache(Function<K, M> create) {
        this.create = create;
    }

    public M get(K key) {
        var meter = meters.get(key);
        return meter != null ? meter : meters.computeIfAbsent(key, create);
    }

    /** Tag values must not be null; what is unknown is named so. */
    public static String orNone(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }
}
