package io.llmq.schema.catalogue;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a model's {@code deployment} (one) or {@code deployments} (a pool, with weights) from the catalogue file. */
final class CataloguePools {

    private CataloguePools() {
    }

    /** @param strict refuse a pool with no enabled, weighted deployment (the file at start-up) */
    static List<PoolMember> parse(JsonNode model, String id, Map<String, Deployment> defined, boolean strict) {
        var one = model.get("deployment");
        var many = model.get("deployments");
        if (one != null && many != null) {
            throw new IllegalArgumentException("model " + id + ": give either deployment or deployments, not both");
        }
        List<PoolMember> members = new ArrayList<>();
        if (many == null) {
            members.add(new PoolMember(one == null || one.isNull() ? null : one.asText(), 1));
        } else if (!many.isArray() || many.isEmpty()) {
            throw new IllegalArgumentException("model " + id + ": deployments must be a non-empty list");
        } else {
            for (var m : many) {
                // a bare name is weight 1, as is a member that names no weight
                members.add(m.isTextual() ? new PoolMember(m.asText(), 1)
                        : new PoolMember(m.path("name").asText(null), m.path("weight").asInt(1)));
            }
        }
        Set<String> seen = new HashSet<>();
        for (var member : members) {
            if (!defined.containsKey(member.deployment())) {
                throw new IllegalArgumentException("model " + id + ": deployment '" + member.deployment() + "' is not defined");
            }
            if (!seen.add(member.deployment())) {
                throw new IllegalArgumentException("model " + id + ": deployment '" + member.deployment() + "' is listed twice");
            }
        }
        if (!strict) {
            return List.copyOf(members);
        }
        var enabled = members.stream().filter(m -> defined.get(m.deployment()).enabled()).toList();
        if (enabled.isEmpty()) {
            throw new IllegalArgumentException("model " + id + ": every deployment it names is disabled (enabled: false); enable one");
        }
        if (enabled.stream().mapToInt(PoolMember::weight).sum() == 0) {
            throw new IllegalArgumentException("model " + id + ": its enabled deployments' weights add up to 0; give at least one a weight");
        }
        return List.copyOf(members);
    }
}
