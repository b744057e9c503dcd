package io.llmq.submitter.tenant;

import io.llmq.schema.Priority;
import io.llmq.schema.route.Route;

import java.util.Map;
import java.util.Optional;

/**
 * What a tenant admin call does to the tenant's default routes: per class it names, the new route,
 * or empty to put the stack's default back; a class it does not name keeps what it has.
 */
public record RouteChanges(Map<Priority, Optional<Route>> changes) {
    public static final RouteChanges NONE = new RouteChanges(Map.of());

    public RouteChanges {
        changes = Map.copyOf(changes);
    }

    boolean changes(Priority priority) {
        return changes.containsKey(priority);
    }

    /** The column's new value: the route's wire name, or null for the stack's default (and for a class not named). */
    String value(Priority priority) {
        return changes.getOrDefault(priority, Optional.empty()).map(Route::wireName).orElse(null);
    }
}
