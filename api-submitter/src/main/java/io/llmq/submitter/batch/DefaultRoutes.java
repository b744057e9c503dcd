package io.llmq.submitter.batch;

import io.llmq.schema.Priority;
import io.llmq.schema.route.Route;
import io.llmq.schema.route.RouteDefaults;
import io.llmq.submitter.tenant.TenantRecord;
import io.llmq.submitter.tenant.TenantStore;

import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The route a batch that names none takes: its tenant's default for its class (set through the
 * admin API), else the stack's ({@code LLMQ_DEFAULT_ROUTE_*}). Read at every submit, so an admin's
 * change holds from the next batch on.
 */
public final class DefaultRoutes {
    private final DataSource dataSource;
    private final RouteDefaults stack;

    public DefaultRoutes(DataSource dataSource, RouteDefaults stack) {
        this.dataSource = dataSource;
        this.stack = stack;
    }

    Route of(String tenantId, Priority priority) throws SQLException {
        try (var c = dataSource.getConnection()) {
            var overrides = TenantStore.find(c, tenantId).map(TenantRecord::defaultRoutes).orElse(Map.of());
            return stack.with(overrides).of(priority);
        }
    }
}
