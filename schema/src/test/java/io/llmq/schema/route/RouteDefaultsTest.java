package io.llmq.schema.route;

import io.llmq.schema.Priority;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteDefaultsTest {

    @Test
    void shouldShipSyncForEveryClass() {
        var shipped = RouteDefaults.fromEnv(Map.of());
        for (var priority : Priority.values()) {
            assertThat(shipped.of(priority)).isEqualTo(Route.SYNC);
        }
    }

    @Test
    void shouldReadEachClassFromItsSettingAndLetATenantOverrideIt() {
        var stack = RouteDefaults.fromEnv(Map.of("LLMQ_DEFAULT_ROUTE_LOW", " auto "));

        assertThat(stack.of(Priority.LOW)).isEqualTo(Route.AUTO);
        assertThat(stack.of(Priority.NORMAL)).isEqualTo(Route.SYNC);
        var tenant = stack.with(Map.of(Priority.NORMAL, Route.AUTO, Priority.LOW, Route.SYNC));
        assertThat(tenant).isEqualTo(new RouteDefaults(Route.SYNC, Route.AUTO, Route.SYNC));
    }

    @Test
    void shouldRefuseProviderBatchOrAnUnknownRouteNamingTheSetting() {
        assertThatThrownBy(() -> RouteDefaults.fromEnv(Map.of("LLMQ_DEFAULT_ROUTE_NORMAL", "provider_batch")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LLMQ_DEFAULT_ROUTE_NORMAL", "provider_batch");
        assertThatThrownBy(() -> RouteDefaults.fromEnv(Map.of("LLMQ_DEFAULT_ROUTE_HIGH", "later")))
                .hasMessageContaining("LLMQ_DEFAULT_ROUTE_HIGH", "later");
        assertThatThrownBy(() -> new RouteDefaults(Route.SYNC, Route.PROVIDER_BATCH, Route.SYNC)).hasMessageContaining("NORMAL");
    }
}
