package io.llmq.submitter.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Priority;
import io.llmq.schema.route.Route;
import io.llmq.schema.route.RouteDefaults;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.tenant.RouteChanges;
import io.llmq.submitter.tenant.TenantRecord;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Optional;

/**
 * A tenant's {@code default_route}: {@code {"high": "sync", "normal": "auto", "low": "auto"}} on the
 * way in (any class may be left out, {@code null} puts the stack's default back), its routes in force
 * and which of them the tenant overrides on the way out. Read whole before anything is written, so a
 * bad value changes nothing.
 */
final class RouteFields {
    static final String FIELD = "default_route";

    private RouteFields() {
    }

    static RouteChanges parse(JsonNode body) {
        var node = body.get(FIELD);
        if (node == null || node.isNull()) {
            return RouteChanges.NONE;
        }
        if (!node.isObject()) {
            throw ApiError.invalid(FIELD, "'" + FIELD + "' must be an object such as {\"low\": \"auto\"}.");
        }
        var changes = new EnumMap<Priority, Optional<Route>>(Priority.class);
        for (var names = node.fieldNames(); names.hasNext(); ) {
            var name = names.next();
            var param = FIELD + "." + name;
            var priority = Arrays.stream(Priority.values()).filter(p -> p.wireName().equals(name)).findFirst()
                    .orElseThrow(() -> ApiError.invalid(param, "'" + param + "' is not a class; the classes are high, normal and low."));
            var value = node.get(name);
            if (value.isNull()) {
                changes.put(priority, Optional.empty());
                continue;
            }
            var route = value.isTextual() ? RouteDefaults.parse(value.asText()) : Optional.<Route>empty();
            if (route.isEmpty()) {
                throw ApiError.invalid(param, "'" + param + "' must be sync or auto, or null for the stack's default; got "
                        + value + ". (provider_batch cannot be a default: it refuses batches that cannot take it.)");
            }
            changes.put(priority, route);
        }
        return new RouteChanges(changes);
    }

    /** The routes in force for the tenant's classes, and which it overrides. */
    static void write(ObjectNode json, TenantRecord tenant, RouteDefaults stack) {
        var inForce = stack.with(tenant.defaultRoutes());
        var routes = json.putObject(FIELD);
        var overridden = json.putObject(FIELD + "_overridden");
        for (var priority : Priority.values()) {
            routes.put(priority.wireName(), inForce.of(priority).wireName());
            overridden.put(priority.wireName(), tenant.defaultRoutes().containsKey(priority));
        }
    }
}
