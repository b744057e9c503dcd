package io.llmq.standalone.api;

import com.zaxxer.hikari.HikariDataSource;
import io.llmq.cli.Cli;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import io.llmq.submitter.auth.ApiKeyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CLI against a real stack (embedded Kafka and PostgreSQL, simulator, submitter, a worker),
 * run in-process exactly as {@code main} runs it, plus once as the packaged jar. Each test uses a
 * tenant of its own, so lists and usage hold only what the test made.
 */
class CliTest {
    private static Stack stack;
    private static Database db;
    private static HikariDataSource pool;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(200)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        db = new Database(stack.postgres());
        // the schema module's pool helper (this package has a test class of the same simple name)
        pool = io.llmq.schema.db.Database.pool("cli-test", stack.postgres().jdbcUrl(), stack.postgres().user(), stack.postgres().password(), 2);
    }

    @AfterAll
    static void stop() {
        pool.close();
        stack.close();
    }

    /** A fresh tenant and its key. */
    private static Map<String, String> tenantEnv() throws Exception {
        var tenant = "cli_" + Ids.random(10);
        var key = "llmq-cli-test-" + Ids.random(24);
        new ApiKeyStore(pool, Clock.systemUTC()).ensureTenantKey(tenant, "cli test", key);
        return Map.of("LLMQ_URL", stack.baseUrl(), "LLMQ_API_KEY", key, "TENANT", tenant);
    }

    record Run(int exit, String out, String err) {
    }

    private static Run cli(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8); var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            var exit = new Cli(env, o, e, false).run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    private Path prompts(int count, String prefix) throws Exception {
        var file = dir.resolve(prefix + ".jsonl");
        Files.write(file, Requests.chat(count, prefix).jsonl());
        return file;
    }

    private static String batchIdOf(Run run) {
        var m = Pattern.compile("Submitted batch (batch_\\w+)").matcher(run.out());
        assertThat(m.find()).as("stdout: %s / stderr: %s", run.out(), run.err()).isTrue();
        return m.group(1);
    }

    @Test
    void shouldSubmitWithPriorityAndWatchProgressToTheEndWithoutATerminal() throws Exception {
        var env = tenantEnv();
        var run = cli(env, "submit", prompts(40, "watch").toString(), "--priority", "high", "--watch");

        assertThat(run.exit()).as(run.err()).isZero();
        var id = batchIdOf(run);
        assertThat(run.out()).contains("40 requests, priority high");
        // plain lines (no carriage returns) ending with the full bar and the outcome
        assertThat(run.out()).doesNotContain("\r");
        assertThat(run.out()).containsPattern("\\[#{30}\\] 40/40 done · 0 failed · 0 in flight · \\d+ jobs/s · [\\d,]+ tokens · \\$0\\.\\d{4}");
        assertThat(run.out()).contains("Batch " + id + " completed: 40 succeeded, 0 failed");
        assertThat(db.strings("SELECT priority FROM batches WHERE id = ?", id)).containsExactly("high");
    }

    @Test
    void shouldSubmitAResponsesFileTakingTheEndpointFromItsLines() throws Exception {
        var file = Files.write(dir.resolve("responses.jsonl"), new Requests().response("r-1", "gpt-4o-mini", "Hello", 20)
                .response("r-2", "claude-sonnet-4", "Hello", 20).jsonl());

        var run = cli(tenantEnv(), "submit", file.toString(), "--watch");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("completed: 2 succeeded, 0 failed");
        assertThat(db.strings("SELECT endpoint FROM batches WHERE id = ?", batchIdOf(run))).containsExactly("/v1/responses");
    }

    @Test
    void shouldShowStatusOfOneBatchAndListTheTenantsBatches() throws Exception {
        var env = tenantEnv();
        var id = batchIdOf(cli(env, "submit", prompts(5, "status").toString()));
        await().atMost(Duration.ofSeconds(60)).until(() -> cli(env, "status", id).out().contains("status     completed"));

        var one = cli(env, "status", id);
        assertThat(one.exit()).isZero();
        assertThat(one.out()).contains("batch      " + id).contains("5 total: 5 succeeded, 0 failed").containsPattern("cost       \\$0\\.\\d+");
        var list = cli(env, "status");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(id).contains("completed").contains("5/5");
    }

    @Test
    void shouldWriteResultsAsJsonlAndCsv() throws Exception {
        var env = tenantEnv();
        var run = cli(env, "submit", prompts(12, "res").toString(), "--watch");
        var id = batchIdOf(run);

        var jsonl = dir.resolve("out.jsonl");
        var asJsonl = cli(env, "results", id, "-o", jsonl.toString());
        assertThat(asJsonl.exit()).as(asJsonl.err()).isZero();
        assertThat(asJsonl.err()).contains("Wrote 12 results of batch " + id + " (completed)");
        var lines = Files.readAllLines(jsonl);
        assertThat(lines).hasSize(12);
        assertThat(Json.MAPPER.readTree(lines.get(0)).path("custom_id").asText()).isEqualTo("res-1");
        assertThat(Json.MAPPER.readTree(lines.get(11)).path("status").asText()).isEqualTo("succeeded");

        var csv = dir.resolve("out.csv");
        var asCsv = cli(env, "results", id, "--output", csv.toString());
        assertThat(asCsv.exit()).as(asCsv.err()).isZero();
        var rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(13);
        assertThat(rows.get(0)).isEqualTo("line,custom_id,status,model,input_tokens,output_tokens,content,error_code,error_message");
        assertThat(rows.get(1)).startsWith("1,res-1,succeeded,gpt-4o-mini,");
        assertThat(rows.get(1).split(",", -1)[6]).isNotBlank();
        assertThat(dir.resolve("out.csv.partial")).doesNotExist();

        var toStdout = cli(env, "results", id, "--format", "csv");
        assertThat(toStdout.out().lines().count()).isEqualTo(13);
    }

    @Test
    void shouldCancelARunningBatchAndRefuseToCancelAnEndedOne() throws Exception {
        var env = tenantEnv();
        var id = batchIdOf(cli(env, "submit", prompts(3000, "cancel").toString(), "--priority", "low"));
        var cancel = cli(env, "cancel", id);

        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(cancel.out()).containsPattern("Batch " + id + " is (cancelling|cancelled)");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> cli(env, "status", id).out().contains("status     cancelled"));
        var ended = cli(env, "submit", prompts(2, "ended").toString(), "--watch");
        var again = cli(env, "cancel", batchIdOf(ended));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("can no longer be cancelled").contains("CONFLICT").contains("request req_");
    }

    @Test
    void shouldPrintACostTableByDayAndModelThatMatchesTheLedger() throws Exception {
        var env = tenantEnv();
        cli(env, "submit", prompts(6, "usage").toString(), "--watch");

        var usage = cli(env, "usage");
        assertThat(usage.exit()).as(usage.err()).isZero();
        var cost = db.strings("SELECT sum(cost)::text FROM ledger_entries WHERE tenant_id = ?", env.get("TENANT")).get(0);
        var table = usage.out().lines().toList();
        assertThat(table).anySatisfy(l -> assertThat(l).matches("day\\s+model\\s+requests\\s+input tokens\\s+cached\\s+output tokens\\s+cost \\(USD\\)"));
        assertThat(table).anySatisfy(l -> assertThat(l).matches("\\d{4}-\\d{2}-\\d{2}\\s+gpt-4o-mini\\s+6\\s+.*"));
        var total = table.stream().filter(l -> l.startsWith("total")).findFirst().orElseThrow();
        assertThat(new BigDecimal(total.substring(total.lastIndexOf(' ') + 1))).isEqualByComparingTo(cost);
        var byModel = cli(env, "usage", "--group-by", "model");
        assertThat(byModel.out()).containsPattern("gpt-4o-mini\\s+6\\s");
    }

    @Test
    void shouldRefuseBadInputWithAClearMessageANonZeroExitAndNothingCreated() throws Exception {
        var env = tenantEnv();
        var tenant = env.get("TENANT");
        var missing = cli(env, "submit", dir.resolve("nope.jsonl").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read").contains("nope.jsonl");

        var badPriority = cli(env, "submit", prompts(2, "prio").toString(), "--priority", "urgent");
        assertThat(badPriority.exit()).isEqualTo(2);
        assertThat(badPriority.err()).contains("--priority must be high, normal or low, got 'urgent'");

        var unknown = "batch_doesnotexist000000000000";
        for (var command : List.of("status", "results", "cancel")) {
            var run = cli(env, command, unknown);
            assertThat(run.exit()).as(command).isEqualTo(1);
            assertThat(run.err()).as(command).contains("NOT_FOUND").contains(unknown);
        }

        var badLines = dir.resolve("bad.jsonl");
        Files.writeString(badLines, "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-9\","
                + "\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n");
        var refused = cli(env, "submit", badLines.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("gpt-9").contains("INVALID_REQUEST");

        var noKey = cli(Map.of("LLMQ_URL", stack.baseUrl()), "status");
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("LLMQ_API_KEY");
        var unknownCommand = cli(env, "frobnicate");
        assertThat(unknownCommand.exit()).isEqualTo(2);

        assertThat(db.count("SELECT count(*) FROM batches WHERE tenant_id = ?", tenant)).isZero();
        // the refused batch's upload was deleted again
        assertThat(db.count("SELECT count(*) FROM files WHERE tenant_id = ? AND deleted_at IS NULL", tenant)).isZero();
    }

    @Test
    void shouldRunAsAPlainJar() throws Exception {
        var jar = Path.of("..", "cli", "target", "llmq-cli.jar").toAbsolutePath().normalize();
        assertThat(jar).as("the CLI jar is built by 'mvn package' of the cli module before these tests run").exists();
        var env = tenantEnv();
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "status", "batch_nosuchbatch0000000000")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        process.environment().put("LLMQ_URL", env.get("LLMQ_URL"));
        process.environment().put("LLMQ_API_KEY", env.get("LLMQ_API_KEY"));
        var p = process.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        var output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("NOT_FOUND").contains("batch_nosuchbatch0000000000");
    }
}
