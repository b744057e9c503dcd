package io.llmq.schema.catalogue;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogueTest {
    private static final String YAML = """
            deployments:
              - name: local
                provider: openai
                base_url: ${BASE:-http://fallback}/v1
            models:
              - id: m1
                deployment: local
                max_output_tokens: 100
                price: { input: 1.50, output: 3 }
            """;

    @Test
    void shouldSubstituteEnvironmentAndDefaultTheCachedPriceToTheInputPrice() {
        var catalogue = Catalogue.parse(YAML, Map.of("BASE", "http://sim:9")::get);
        assertThat(catalogue.deployment("local").baseUrl()).isEqualTo("http://sim:9/v1");
        var model = catalogue.model("m1").orElseThrow();
        assertThat(model.upstreamModel()).isEqualTo("m1");
        assertThat(model.price().cachedInputPerMtok()).isEqualByComparingTo("1.50");
        assertThat(Catalogue.parse(YAML, name -> null).deployment("local").baseUrl()).isEqualTo("http://fallback/v1");
    }

    @Test
    void shouldLoadAModelWithoutAPriceAsUnpricedNotAsFree() {
        // it can only be submitted to once the admin API gave it a price version (docs/money.md)
        var noPrice = YAML.replace("    price: { input: 1.50, output: 3 }\n", "");
        assertThat(Catalogue.parse(noPrice, name -> null).model("m1").orElseThrow().price()).isNull();
    }

    @Test
    void shouldReadCacheWritePriceBatchFlagAndEffectiveDate() {
        var yaml = YAML.replace("price: { input: 1.50, output: 3 }",
                "price: { input: 3, cache_write: 3.75, output: 15, batch_discount: true, effective_from: 2026-01-01 }");
        var model = Catalogue.parse(yaml, name -> null).model("m1").orElseThrow();
        assertThat(model.price().cacheWritePerMtok()).isEqualByComparingTo("3.75");
        assertThat(model.price().batchDiscount()).isTrue();
        assertThat(model.priceFrom()).isEqualTo(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(model.price().cost(1000, 0, 2000, 100)).isEqualByComparingTo("0.0120");
    }

    @Test
    void shouldRefuseAnUnreadableEffectiveDateNamingTheModel() {
        var yaml = YAML.replace("price: { input: 1.50, output: 3 }", "price: { input: 1, output: 3, effective_from: soon }");
        assertThatThrownBy(() -> Catalogue.parse(yaml, name -> null)).hasMessageContaining("model m1: price.effective_from");
    }

    @Test
    void shouldRefuseAModelOnAnUnknownDeployment() {
        assertThatThrownBy(() -> Catalogue.parse(YAML.replace("deployment: local", "deployment: nowhere"), name -> null))
                .hasMessageContaining("deployment 'nowhere' is not defined");
    }

    @Test
    void shouldLoadTheBundledCatalogue() {
        var catalogue = Catalogue.load(Map.of());
        assertThat(catalogue.model("gpt-4o-mini")).isPresent();
    }

    @Test
    void shouldChargeCachedTokensAtTheCachedRateInExactDecimals() {
        var price = new Price(new BigDecimal("2.50"), new BigDecimal("1.25"), new BigDecimal("10.00"));
        // 1,000 input of which 400 cached, 300 output: 600*2.5 + 400*1.25 + 300*10 = 5,000 per million
        assertThat(price.cost(1000, 400, 300)).isEqualByComparingTo("0.005");
        assertThat(price.cost(1, 0, 0)).isEqualByComparingTo("0.0000025");
    }
}
