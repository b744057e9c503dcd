package io.llmq.submitter;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import io.llmq.schema.boot.ServiceBoot;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.LiveCatalogue;
import io.llmq.schema.ops.StandardMeters;
import io.llmq.schema.price.PriceBook;
import io.llmq.schema.price.PriceTable;
import io.llmq.submitter.admin.AdminRoutes;
import io.llmq.submitter.admin.CatalogueAdminRoutes;
import io.llmq.submitter.admit.Admission;
import io.llmq.submitter.anthropic.MessageBatchRoutes;
import io.llmq.submitter.audit.AuditLog;
import io.llmq.submitter.audit.RefusalAudit;
import io.llmq.submitter.auth.AdminAuthenticator;
import io.llmq.submitter.auth.ApiKeyStore;
import io.llmq.submitter.auth.Authenticator;
import io.llmq.submitter.auth.WebSessions;
import io.llmq.submitter.batch.BatchRoutes;
import io.llmq.submitter.batch.BatchService;
import io.llmq.submitter.batch.BatchStore;
import io.llmq.submitter.batch.DefaultRoutes;
import io.llmq.submitter.budget.BudgetRoutes;
import io.llmq.submitter.budget.BudgetStore;
import io.llmq.submitter.events.BatchEvents;
import io.llmq.submitter.file.FileRoutes;
import io.llmq.submitter.file.FileStore;
import io.llmq.submitter.http.ApiServer;
import io.llmq.submitter.http.OpsRoutes;
import io.llmq.submitter.http.Routes;
import io.llmq.submitter.http.StreamLimit;
import io.llmq.submitter.idempotency.Idempotency;
import io.llmq.submitter.models.ModelRoutes;
import io.llmq.submitter.models.ModelStatusRoutes;
import io.llmq.submitter.ops.SubmitterMeters;
import io.llmq.submitter.price.PriceRoutes;
import io.llmq.submitter.providers.ProviderRoutes;
import io.llmq.submitter.quote.QuoteRoutes;
import io.llmq.submitter.quote.Quoter;
import io.llmq.submitter.results.OutputFiles;
import io.llmq.submitter.results.ResultPages;
import io.llmq.submitter.results.ResultRoutes;
import io.llmq.submitter.retry.RetryRoutes;
import io.llmq.submitter.retry.RetryService;
import io.llmq.submitter.stage.JobStager;
import io.llmq.submitter.tenant.TenantStore;
import io.llmq.submitter.usage.UsageQuery;
import io.llmq.submitter.usage.UsageRoutes;
import io.llmq.submitter.web.WebRoutes;
import io.llmq.submitter.webhook.WebhookRoutes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** The api-submitter process, wired by hand from top to bottom. */
public final class Submitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Submitter.class);

    private final HikariDataSource dataSource;
    private final Javalin app;
    private final StandardMeters standard;
    private final BatchEvents events;
    private final RefusalAudit refusals;
    private final LiveCatalogue catalogue;

    private Submitter(HikariDataSource dataSource, Javalin app, StandardMeters standard,
                      BatchEvents events, RefusalAudit refusals, LiveCatalogue catalogue) {
        this.catalogue = catalogue;
        this.dataSource = dataSource;
        this.app = app;
        this.standard = standard;
        this.events = events;
        this.refusals = refusals;
    }

    public static Submitter start(SubmitterConfig config, Catalogue catalogue) throws SQLException {
        return start(config, catalogue, Clock.systemUTC());
    }

    /** @param clock decides batches' creation instants and so their expiry; tests move it */
    public static Submitter start(SubmitterConfig config, Catalogue catalogue, Clock clock) throws SQLException {
        var dataSource = ServiceBoot.database("submitter", config.jdbcUrl(), config.dbUser(), config.dbPassword(), 16);
        StandardMeters standard = null;
        LiveCatalogue live = null;
        try {
            ServiceBoot.topics(config.kafkaBootstrap(), config.topics());
            PriceTable.sync(dataSource, catalogue);
            live = LiveCatalogue.start(dataSource, catalogue, "submitter");
            // versions are stamped with the database's time, so prices are read against the real
            // clock, not the one tests move to make batches old
            var prices = new PriceBook(() -> PriceTable.all(dataSource), Clock.systemUTC(), PriceBook.DEFAULT_TTL);
            var keys = new ApiKeyStore(dataSource, clock);
            if (config.apiKey() != null) {
                keys.ensureTenantKey("default", "default", config.apiKey());
            }
            var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            standard = StandardMeters.bind(registry, dataSource, "submitter");
            var stager = new JobStager(config.topics().jobsTopic(), new SubmitterMeters(registry));

            var audit = new AuditLog(dataSource);
            var files = new FileStore(dataSource, config.maxFileBytes(), config.storage());
            var batches = new BatchStore(dataSource);
            var admission = new Admission(config.limits());
            var service = new BatchService(dataSource, files, batches, stager, live, prices, admission, config.maxBatchRequests(),
                    config.bodyFields(), clock, new DefaultRoutes(dataSource, config.routes()));
            var idempotency = new Idempotency(dataSource);
            var sessions = new WebSessions(dataSource, clock);
            // the real clock: the throttle is about how fast refusals arrive, not the clock tests move
            var refusals = new RefusalAudit(audit, Clock.systemUTC());
            var authenticator = new Authenticator(keys, refusals, sessions);
            var outputs = new OutputFiles(dataSource);
            var events = new BatchEvents(batches, dataSource, config.streams().maxLifetime());

            var app = ApiServer.create(config.maxFileBytes(), Files.createTempDirectory("llmq-uploads"));
            app.before("/v1/*", authenticator::authenticate);
            guardLongLived(app, new StreamLimit(config.streams()));
            var publicUrl = new PublicUrl(config.publicUrl());
            var retries = new RetryService(service, batches, files, dataSource);
            var budgets = new BudgetStore(dataSource);
            var providers = new ProviderRoutes(live, dataSource);
            List<Routes> routes = List.of(
                    new FileRoutes(dataSource, files, outputs::write),
                    new BatchRoutes(service, batches, idempotency),
                    new RetryRoutes(retries, idempotency),
                    new QuoteRoutes(new Quoter(service, live, prices, dataSource, clock)),
                    new ResultRoutes(batches, new ResultPages(dataSource)),
                    events,
                    new MessageBatchRoutes(service, batches, idempotency, live, dataSource, publicUrl::get),
                    new ModelRoutes(live, prices, clock.instant().getEpochSecond()),
                    new ModelStatusRoutes(live, providers),
                    new PriceRoutes(dataSource, live, prices, Clock.systemUTC()),
                    new BudgetRoutes(budgets),
                    providers,
                    new UsageRoutes(new UsageQuery(dataSource), clock),
                    new WebhookRoutes(dataSource, config.webhookAllowPrivate()),
                    new AdminRoutes(new AdminAuthenticator(config.adminKey(), refusals), new TenantStore(dataSource), keys, audit,
                            config.limits(), config.routes()),
                    new CatalogueAdminRoutes(dataSource, live),
                    new OpsRoutes(dataSource, registry, config.metricsAccess()),
                    new WebRoutes(authenticator, sessions, refusals, dataSource,
                            new WebRoutes.Services(batches, outputs, retries, budgets, providers, clock), config.publicUrl()));
            routes.forEach(r -> r.register(app));
            app.start(config.httpPort());
            publicUrl.resolve(app.port());
            log.info("api-submitter listening on port {}{}", app.port(), config.adminKey() == null ? " (admin API disabled)" : "");
            return new Submitter(dataSource, app, standard, events, refusals, live);
        } catch (IOException e) {
            close(standard, live);
            dataSource.close();
            throw new UncheckedIOException("cannot create the upload cache directory", e);
        } catch (RuntimeException | SQLException e) {
            close(standard, live);
            dataSource.close();
            throw e;
        }
    }

    /**
     * The requests that stay open while a client waits or reads (event streams, long-polls,
     * downloads) count against their tenant's {@code LLMQ_TENANT_MAX_STREAMS}.
     */
    private static void guardLongLived(Javalin app, StreamLimit limit) {
        Function<Context, String> tenant = ctx -> Authenticator.tenant(ctx).id();
        Predicate<Context> get = ctx -> ctx.method() == HandlerType.GET;
        limit.guard(app, "/v1/batches/{id}/events", get, tenant);
        limit.guard(app, "/v1/batches/{id}", get.and(ctx -> ctx.queryParam("wait") != null && !ctx.queryParam("wait").isBlank()), tenant);
        limit.guard(app, "/v1/files/{id}/content", get, tenant);
        limit.guard(app, "/v1/messages/batches/{id}/results", get, tenant);
    }

    private static void close(StandardMeters standard, LiveCatalogue live) {
        if (standard != null) {
            standard.close();
        }
        if (live != null) {
            live.close();
        }
    }

    /** {@code LLMQ_PUBLIC_URL}, or {@code http://localhost:<port>} once the port is known. */
    private static final class PublicUrl {
        private final String configured;
        private volatile String resolved;

        PublicUrl(String configured) {
            this.configured = configured;
            this.resolved = configured;
        }

        void resolve(int port) {
            if (configured == null) {
                resolved = "http://localhost:" + port;
            }
        }

        String get() {
            return resolved;
        }
    }

    public int port() {
        return app.port();
    }

    /**
     * Every route the HTTP server answers, as {@code "GET /v1/batches/{id}"} in Javalin's path
     * syntax (filters left out); the test that keeps {@code /openapi.json} complete compares with it.
     */
    public List<String> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(ParsedEndpoint::getEndpoint)
                .filter(e -> e.getMethod().isHttpMethod())
                .map(e -> e.getMethod() + " " + e.getPath())
                .toList();
    }

    @Override
    public void close() {
        events.close();
        app.stop();
        catalogue.close();
        refusals.close();
        standard.close();
        dataSource.close();
    }
}
