package io.llmq.standalone.api;

import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code LLMQ_TENANT_MAX_STORED_BYTES}: an upload that would take a tenant's live uploads past the
 * limit is refused (413, the limit and the way out named) and leaves nothing stored; other tenants
 * are not affected; deleting a file makes room again.
 */
class StorageQuotaTest {
    private static final int LIMIT = 4_000;
    private static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_TENANT_MAX_STORED_BYTES", Integer.toString(LIMIT)));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldRefuseAnUploadPastTheTenantsStorageLimitAndStoreNothing() throws Exception {
        var tenant = Http.to(stack.baseUrl()).bearer(Tenants.create(stack.baseUrl(), "quota-a").key());
        var other = Http.to(stack.baseUrl()).bearer(Tenants.create(stack.baseUrl(), "quota-b").key());
        var first = tenant.upload(lines(3_000), "batch");
        assertThat(first.status()).as(first.text()).isEqualTo(200);

        var refused = tenant.upload(lines(1_500), "batch");
        assertThat(refused.status()).as(refused.text()).isEqualTo(413);
        assertThat(refused.json().at("/error/param").asText()).isEqualTo("file");
        assertThat(refused.json().at("/error/message").asText()).contains("4,000 bytes per tenant", "LLMQ_TENANT_MAX_STORED_BYTES",
                "DELETE /v1/files");
        assertThat(tenant.get("/v1/files").json().path("data")).as("the refused upload left no file").hasSize(1);

        assertThat(other.upload(lines(3_000), "batch").status()).as("another tenant has a limit of its own").isEqualTo(200);

        assertThat(tenant.delete("/v1/files/" + first.json().path("id").asText()).status()).isEqualTo(200);
        assertThat(tenant.upload(lines(1_500), "batch").status()).as("a deleted file's bytes are free again").isEqualTo(200);
    }

    /** A batch input file of about {@code bytes} bytes of chat lines. */
    private static byte[] lines(int bytes) {
        var out = new StringBuilder();
        for (int i = 0; out.length() < bytes - 200; i++) {
            out.append("{\"custom_id\":\"q-").append(i).append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":")
                    .append("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}}\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
