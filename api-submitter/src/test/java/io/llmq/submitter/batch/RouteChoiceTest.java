package io.llmq.submitter.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.Priority;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.route.Route;
import io.llmq.submitter.http.ApiError;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteChoiceTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final Catalogue CATALOGUE = Catalogue.parse("""
            deployments:
              - name: batchy
                provider: openai
                base_url: http://localhost:1/v1
                batch_api: true
              - name: plain
                provider: openai
                base_url: http://localhost:2/v1
            models:
              - id: fast
                deployment: batchy
                max_output_tokens: 100
                price: { input: 1, output: 2, batch_discount: true }
              - id: slow
                deployment: plain
                max_output_tokens: 100
                price: { input: 1, output: 2 }
            """, name -> null);

    @Test
    void shouldTakeTheSyncRouteWhenTheBatchNamesNone() {
        assertThat(RouteChoice.of(null, Route.SYNC, Priority.NORMAL, CHAT, Set.of("fast"), CATALOGUE)).isEqualTo(Route.SYNC);
        assertThat(RouteChoice.of(Json.object(), Route.SYNC, Priority.LOW, CHAT, Set.of("fast"), CATALOGUE)).isEqualTo(Route.SYNC);
    }

    @Test
    void shouldTakeItsDefaultWhenTheBatchNamesNoneAndWhatItNamesOtherwise() {
        assertThat(RouteChoice.of(null, Route.AUTO, Priority.NORMAL, CHAT, Set.of("fast"), CATALOGUE)).isEqualTo(Route.PROVIDER_BATCH);
        assertThat(RouteChoice.of(null, Route.AUTO, Priority.HIGH, CHAT, Set.of("fast"), CATALOGUE)).as("high stays sync under auto")
                .isEqualTo(Route.SYNC);
        assertThat(RouteChoice.of(null, Route.AUTO, Priority.LOW, "/v1/embeddings", Set.of("fast"), CATALOGUE))
                .as("a default never refuses").isEqualTo(Route.SYNC);
        assertThat(RouteChoice.of(route("sync"), Route.AUTO, Priority.NORMAL, CHAT, Set.of("fast"), CATALOGUE)).isEqualTo(Route.SYNC);
    }

    @Test
    void shouldTakeTheProviderBatchRouteWhenEveryModelHasABatchApi() {
        assertThat(RouteChoice.of(route("provider_batch"), Route.SYNC, Priority.HIGH, CHAT, Set.of("fast"), CATALOGUE))
                .isEqualTo(Route.PROVIDER_BATCH);
    }

    @Test
    void shouldRefuseProviderBatchNamingTheModelWithoutABatchApi() {
        assertThatThrownBy(() -> RouteChoice.of(route("provider_batch"), Route.SYNC, Priority.NORMAL, CHAT, Set.of("fast", "slow"), CATALOGUE))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("ROUTE_UNAVAILABLE"))
                .hasMessageContaining("'slow'");
    }

    @Test
    void shouldRefuseProviderBatchForAnEndpointOtherThanChatCompletions() {
        assertThatThrownBy(() -> RouteChoice.of(route("provider_batch"), Route.SYNC, Priority.NORMAL, "/v1/embeddings", Set.of("fast"), CATALOGUE))
                .isInstanceOf(ApiError.class).hasMessageContaining("/v1/embeddings");
    }

    @Test
    void shouldLetAutoTakeTheProviderBatchRouteUnlessTheBatchIsHighOrNoModelHasABatchApi() {
        assertThat(RouteChoice.of(route("auto"), Route.SYNC, Priority.LOW, CHAT, Set.of("fast", "slow"), CATALOGUE)).isEqualTo(Route.PROVIDER_BATCH);
        assertThat(RouteChoice.of(route("auto"), Route.SYNC, Priority.HIGH, CHAT, Set.of("fast"), CATALOGUE)).isEqualTo(Route.SYNC);
        assertThat(RouteChoice.of(route("auto"), Route.SYNC, Priority.NORMAL, CHAT, Set.of("slow"), CATALOGUE)).isEqualTo(Route.SYNC);
        assertThat(RouteChoice.of(route("auto"), Route.SYNC, Priority.NORMAL, "/v1/embeddings", Set.of("fast"), CATALOGUE)).isEqualTo(Route.SYNC);
    }

    private static ObjectNode route(String value) {
        return Json.object().put(Route.METADATA_KEY, value);
    }
}
