package io.llmq.standalone.providers;

import io.llmq.schema.Ids;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.CatalogueVersions;
import io.llmq.schema.db.Database;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers of the live catalogue at once, on the real PostgreSQL: replicas starting together write
 * their file once, and admins changing different deployments together lose no edit.
 */
class CatalogueConcurrencyTest {
    private static final int AT_ONCE = 8;

    private static <T> java.util.List<T> together(int n, java.util.function.IntFunction<Callable<T>> work) throws Exception {
        var gate = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(n)) {
            var futures = new ArrayList<Future<T>>();
            for (int i = 0; i < n; i++) {
                var task = work.apply(i);
                futures.add(pool.submit(() -> {
                    gate.await();
                    return task.call();
                }));
            }
            gate.countDown();
            var out = new ArrayList<T>();
            for (var f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    @Test
    void shouldWriteAFileOnceWhenReplicasStartAtOnce() throws Exception {
        var pg = TestEngines.sharedPostgres();
        try (var dataSource = Database.pool("concurrency-test", pg.jdbcUrl(), pg.user(), pg.password(), AT_ONCE)) {
            Database.migrate(dataSource);
            var file = Catalogue.parse("""
                    deployments:
                      - { name: seed-%s, provider: openai, base_url: "http://seed.example/v1" }
                    models:
                      - { id: m-seed, deployment: seed-%1$s }
                    """.formatted(Ids.random(8)), name -> null);
            var before = CatalogueVersions.newestNumber(dataSource);

            var written = together(AT_ONCE, i -> () -> CatalogueVersions.seed(dataSource, file));

            assertThat(written.stream().filter(Optional::isPresent).count()).isEqualTo(1);
            assertThat(CatalogueVersions.newestNumber(dataSource)).isEqualTo(before + 1);
        }
    }

    @Test
    void shouldKeepEveryAdminsEditWhenTheyChangeDeploymentsAtOnce() throws Exception {
        var deployments = new StringBuilder();
        IntStream.range(0, AT_ONCE).forEach(i -> deployments.append("  - { name: conc-").append(i)
                .append(", provider: openai, base_url: \"${LLMQ_SIMULATOR_URL}/v1\" }\n"));
        try (var harness = CatalogueAdmin.harness("deployments:\n" + deployments + """
                models:
                  - { id: m-conc, deployment: conc-0, price: { input: 1.00, output: 2.00 } }
                """, 1)) {
            var admin = new CatalogueAdmin(harness.stack);
            var before = admin.version();

            var answers = together(AT_ONCE, i -> () -> admin.send("PATCH", "/admin/deployments/conc-" + i, "{\"rpm\": " + (1000 + i) + "}"));

            assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
            assertThat(answers.stream().map(a -> a.body().path("catalogue_version").asLong()).distinct().count()).isEqualTo(AT_ONCE);
            assertThat(admin.version()).isEqualTo(before + AT_ONCE);
            var listed = admin.send("GET", "/admin/deployments", null).body().path("data");
            for (int i = 0; i < AT_ONCE; i++) {
                var name = "conc-" + i;
                var rpm = StreamSupport.stream(listed.spliterator(), false).filter(d -> d.path("name").asText().equals(name))
                        .findFirst().orElseThrow().path("rpm").asInt();
                assertThat(rpm).as(name).isEqualTo(1000 + i);
            }
        }
    }
}
