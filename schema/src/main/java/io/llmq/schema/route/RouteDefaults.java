package io.llmq.schema.route;

import io.llmq.schema.Priority;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The route a batch takes when it names none in {@code metadata.llmq_route}, per class. Only
 * {@code sync} or {@code auto}: a default of {@code provider_batch} would refuse a batch that asked
 * for nothing (an embeddings batch, a model without a batch API), and {@code auto} never refuses.
 * The stack's defaults come from {@code LLMQ_DEFAULT_ROUTE_HIGH} / {@code _NORMAL} / {@code _LOW};
 * a tenant may override any of them ({@code tenants.default_route_*}).
 */
public record RouteDefaults(Route high, Route normal, Route low) {
    /** As shipped: a batch waits for a provider batch only when it asks to (docs/design-decisions.md). */
    public static final RouteDefaults SHIPPED = new RouteDefaults(Route.SYNC, Route.SYNC, Route.SYNC);
    public static final String SETTING_PREFIX = "LLMQ_DEFAULT_ROUTE_";

    public RouteDefaults {
        for (var priority : Priority.values()) {
            var route = priority == Priority.HIGH ? high : priority == Priority.NORMAL ? normal : low;
            if (route == null || !allowed(route)) {
                throw new IllegalArgumentException(SETTING_PREFIX + priority.name() + " must be sync or auto, got "
                        + (route == null ? "nothing" : route.wireName()));
            }
        }
    }

    /** True for the routes that may be a default. */
    public static boolean allowed(Route route) {
        return route == Route.SYNC || route == Route.AUTO;
    }

    public Route of(Priority priority) {
        return switch (priority) {
            case HIGH -> high;
            case NORMAL -> normal;
            case LOW -> low;
        };
    }

    /** These defaults with a tenant's overrides (classes it does not override keep these). */
    public RouteDefaults with(Map<Priority, Route> overrides) {
        return new RouteDefaults(overrides.getOrDefault(Priority.HIGH, high), overrides.getOrDefault(Priority.NORMAL, normal),
                overrides.getOrDefault(Priority.LOW, low));
    }

    /** The stack's defaults; a setting that names no allowed route stops the start, naming the setting. */
    public static RouteDefaults fromEnv(Map<String, String> env) {
        Map<Priority, Route> set = new EnumMap<>(Priority.class);
        for (var priority : Priority.values()) {
            var name = SETTING_PREFIX + priority.name();
            var value = env.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            var route = Route.parse(value.trim()).filter(RouteDefaults::allowed);
            set.put(priority, route.orElseThrow(() -> new IllegalArgumentException(name + " must be sync or auto, got '" + value + "'")));
        }
        return SHIPPED.with(set);
    }

    /** The route a wire name names, if it may be a default. */
    public static Optional<Route> parse(String wireName) {
        return Route.parse(wireName).filter(RouteDefaults::allowed);
    }
}
