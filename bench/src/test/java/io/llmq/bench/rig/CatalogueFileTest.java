package io.llmq.bench.rig;

import io.llmq.schema.catalogue.Catalogue;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogueFileTest {

    @Test
    void shouldWriteTheDeploymentLimitsForLlmqsOwnLimiter() {
        var yaml = CatalogueFile.yaml("http://127.0.0.1:4242", 600, 100_000);

        assertThat(yaml).contains("    rpm: 600\n", "    tpm: 100000\n");
        var catalogue = Catalogue.parse(yaml, Map.<String, String>of()::get);
        assertThat(catalogue.model(CatalogueFile.MODEL)).isPresent();
        assertThat(catalogue.deployment(CatalogueFile.DEPLOYMENT).baseUrl()).isEqualTo("http://127.0.0.1:4242/v1");
    }

    @Test
    void shouldLeaveOutALimitOfZero() {
        var yaml = CatalogueFile.yaml("http://127.0.0.1:4242", 3000, 0);

        assertThat(yaml).contains("rpm: 3000").doesNotContain("tpm:");
        assertThat(Catalogue.parse(yaml, Map.<String, String>of()::get).models()).hasSize(1);
    }

    @Test
    void shouldRaiseTheWorkersBulkheadWhenAskedTo() {
        var yaml = CatalogueFile.yaml("http://127.0.0.1:4242", 30_000, 0, 1200);

        assertThat(Catalogue.parse(yaml, Map.<String, String>of()::get).resilience(CatalogueFile.DEPLOYMENT).maxConcurrentCalls())
                .isEqualTo(1200);
        assertThat(CatalogueFile.yaml("http://127.0.0.1:4242", 600, 0)).doesNotContain("max_concurrent_calls");
    }

    @Test
    void shouldFillTheTemplatesPlaceholders() {
        var text = CatalogueFile.fromTemplate("base_url: ${BENCH_BASE_URL}/v1\nrpm: ${BENCH_RPM}\ntpm: ${BENCH_TPM}\n",
                "http://h:1", 600, 0);

        assertThat(text).isEqualTo("base_url: http://h:1/v1\nrpm: 600\ntpm: 0\n");
    }
}
