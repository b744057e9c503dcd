package io.llmq.standalone.api;

import io.llmq.schema.Ids;

/** Creates tenants and keys through the admin API, as an operator would. */
final class Tenants {
    static final String ADMIN_KEY = "admin-key-" + Ids.random(24);

    private Tenants() {
    }

    record Issued(String tenantId, String keyId, String key) {
    }

    /** A new tenant with one fresh API key. */
    static Issued create(String baseUrl, String name) throws Exception {
        var admin = Http.to(baseUrl).with("X-Admin-Key", ADMIN_KEY);
        var tenant = admin.post("/admin/tenants", "{\"name\":\"" + name + "\"}");
        if (tenant.status() != 201) {
            throw new AssertionError("tenant create answered " + tenant.status() + ": " + tenant.text());
        }
        var tenantId = tenant.json().path("id").asText();
        var key = admin.post("/admin/tenants/" + tenantId + "/keys", "{\"name\":\"test\"}");
        if (key.status() != 201) {
            throw new AssertionError("key issue answered " + key.status() + ": " + key.text());
        }
        return new Issued(tenantId, key.json().path("id").asText(), key.json().path("key").asText());
    }
}
