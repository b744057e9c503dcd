package io.llmq.submitter.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.route.RouteDefaults;
import io.llmq.submitter.admit.Limits;
import io.llmq.submitter.audit.AuditLog;
import io.llmq.submitter.auth.ApiKeyStore;
import io.llmq.submitter.tenant.TenantRecord;

import java.io.IOException;
import java.time.Instant;

/** The admin API's objects. Timestamps are RFC 3339 strings, as on all of llmq's own endpoints. */
final class AdminJson {

    private AdminJson() {
    }

    static ObjectNode tenant(TenantRecord t, Limits defaults, RouteDefaults routes) {
        var json = Json.object();
        json.put("id", t.id());
        json.put("object", "tenant");
        json.put("name", t.name());
        json.put("created_at", t.createdAt().toString());
        var limits = json.putObject("limits");
        limits.put("max_pending_jobs", t.maxPendingJobs() == null ? defaults.maxPendingJobs() : t.maxPendingJobs());
        limits.put("max_pending_tokens", t.maxPendingTokens() == null ? defaults.maxPendingTokens() : t.maxPendingTokens());
        limits.put("max_pending_jobs_overridden", t.maxPendingJobs() != null);
        limits.put("max_pending_tokens_overridden", t.maxPendingTokens() != null);
        RouteFields.write(json, t, routes);
        return json;
    }

    static ObjectNode key(ApiKeyStore.KeyInfo k) {
        var json = Json.object();
        json.put("id", k.id());
        json.put("object", "api_key");
        json.put("tenant_id", k.tenantId());
        json.put("name", k.name());
        json.put("prefix", k.prefix());
        json.put("created_at", text(k.createdAt()));
        json.put("first_used_at", text(k.firstUsedAt()));
        json.put("revoked_at", text(k.revokedAt()));
        return json;
    }

    static ObjectNode audit(AuditLog.Entry e) {
        var json = Json.object();
        json.put("id", e.id());
        json.put("at", e.at());
        json.put("actor", e.actor());
        json.put("action", e.action());
        json.put("tenant_id", e.tenantId());
        json.put("target", e.target());
        json.put("remote_addr", e.remoteAddr());
        try {
            json.set("details", e.details() == null ? null : Json.MAPPER.readTree(e.details()));
        } catch (IOException unreadable) {
            json.put("details", e.details());
        }
        return json;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
