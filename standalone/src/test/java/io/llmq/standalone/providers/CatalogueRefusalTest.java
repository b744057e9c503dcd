package io.llmq.standalone.providers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad catalogue changes through the admin API are refused with the field named, a stable code and
 * the request id, and change nothing: no new version is written.
 */
class CatalogueRefusalTest {
    private static final String CATALOGUE = """
            deployments:
              - { name: refuse-a, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
              - { name: refuse-b, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
            models:
              - { id: m-refuse, deployments: [refuse-a, refuse-b], price: { input: 1.00, output: 2.00 } }
              - { id: m-other, deployment: refuse-b, price: { input: 1.00, output: 2.00 } }
            """;

    private static ProviderHarness harness;
    private static CatalogueAdmin admin;

    @BeforeAll
    static void start() throws Exception {
        harness = CatalogueAdmin.harness(CATALOGUE, 1);
        admin = new CatalogueAdmin(harness.stack);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            PATCH | /admin/deployments/refuse-a | {"provider": "azure"}                                   | 400 | INVALID_REQUEST | provider
            PATCH | /admin/deployments/refuse-a | {"weight": -1}                                          | 400 | INVALID_REQUEST | weight
            PATCH | /admin/deployments/refuse-a | {"rpm": "fast"}                                         | 400 | INVALID_REQUEST | rpm
            PATCH | /admin/deployments/refuse-a | {"tpd": -5}                                             | 400 | INVALID_REQUEST | tpd
            PATCH | /admin/deployments/refuse-a | {"daily_reset_hour": 30}                                | 400 | INVALID_REQUEST | daily_reset_hour
            PATCH | /admin/deployments/refuse-a | {"max_concurrent_calls": 0}                             | 400 | INVALID_REQUEST | max_concurrent_calls
            PATCH | /admin/deployments/refuse-a | {"breaker": {"failure_rate": 150}}                      | 400 | INVALID_REQUEST | breaker
            PATCH | /admin/deployments/refuse-a | {"breaker": {"tripwire": 1}}                            | 400 | INVALID_REQUEST | breaker.tripwire
            PATCH | /admin/deployments/refuse-a | {"api_key": "sk-live-secret"}                           | 400 | INVALID_REQUEST | api_key
            PATCH | /admin/deployments/refuse-a | {"api_key_env": "sk-live secret"}                       | 400 | INVALID_REQUEST | api_key_env
            PATCH | /admin/deployments/refuse-a | {"base_url": "ftp://example.com"}                       | 400 | INVALID_REQUEST | base_url
            PATCH | /admin/deployments/refuse-a | {"colour": "blue"}                                      | 400 | INVALID_REQUEST | colour
            PATCH | /admin/deployments/no-such  | {"enabled": false}                                      | 404 | NOT_FOUND       |
            PATCH | /admin/models/m-refuse      | {"deployments": [{"name": "refuse-a", "weight": -2}]}   | 400 | INVALID_REQUEST | deployments[0].weight
            PATCH | /admin/models/m-refuse      | {"deployments": [{"name": "no-such"}]}                  | 400 | INVALID_REQUEST | deployments[0].name
            PATCH | /admin/models/m-refuse      | {"deployments": ["refuse-a", "refuse-a"]}               | 400 | INVALID_REQUEST | deployments[1].name
            PATCH | /admin/models/m-refuse      | {"deployments": []}                                     | 400 | INVALID_REQUEST | deployments
            PATCH | /admin/models/m-refuse      | {"fallbacks": ["m-refuse"]}                             | 400 | INVALID_REQUEST | fallbacks[0]
            PATCH | /admin/models/m-refuse      | {"fallbacks": ["no-such"]}                              | 400 | INVALID_REQUEST | fallbacks[0]
            PATCH | /admin/models/m-refuse      | {"price": {"input": 1, "output": 1}}                    | 400 | INVALID_REQUEST | price
            PATCH | /admin/models/no-such       | {"enabled": false}                                      | 404 | NOT_FOUND       |
            POST  | /admin/deployments          | {"name": "refuse-a", "provider": "openai", "base_url": "http://x"} | 409 | CONFLICT | 
            POST  | /admin/deployments          | {"name": "refuse-c", "provider": "mistral", "base_url": "http://x"} | 400 | INVALID_REQUEST | provider
            POST  | /admin/deployments          | {"name": "refuse-c", "base_url": "http://x"}            | 400 | INVALID_REQUEST | provider
            """)
    void shouldRefuseABadChangeNamingTheFieldAndChangeNothing(String method, String path, String body, int status, String code,
                                                             String param) throws Exception {
        var before = admin.version();
        var answer = admin.send(method, path, body);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.code()).isEqualTo(code);
        if (param != null) {
            assertThat(answer.param()).isEqualTo(param);
        }
        assertThat(answer.body().at("/error/request_id").asText()).startsWith("req_");
        assertThat(answer.body().at("/error/message").asText()).isNotBlank();
        assertThat(admin.version()).isEqualTo(before);
        assertThat(answer.body().toString()).doesNotContain("sk-live-secret");
    }
}
