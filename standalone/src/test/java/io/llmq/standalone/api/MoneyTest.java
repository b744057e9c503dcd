package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.schema.Priority;
import io.llmq.schema.message.JobMessage;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 6 on real Kafka and PostgreSQL: prices are versions and each call is charged at the one in
 * force when it was made; a hard budget parks a batch with a reason and a raise resumes it; a
 * redelivered finished job costs nothing; a cache hit costs zero and is marked; an unpriced model
 * is refused at validation. Model ids are this run's own, so other test classes' catalogues
 * (synced into the same database) never price them.
 */
class MoneyTest {
    private static final String SUFFIX = Ids.random(6).toLowerCase();
    private static final String PRICED = "money-priced-" + SUFFIX;
    private static final String UNPRICED = "money-unpriced-" + SUFFIX;
    private static final String CATALOGUE = """
            deployments:
              - name: sim
                provider: openai
                base_url: ${LLMQ_SIMULATOR_URL}/v1
            models:
              - id: %s
                deployment: sim
                upstream_model: gpt-4o-mini
                max_output_tokens: 1000
                price: { input: 1.00, cached_input: 0.50, output: 2.00 }
              - id: %s
                deployment: sim
                upstream_model: gpt-4o-mini
                max_output_tokens: 1000
            """.formatted(PRICED, UNPRICED);

    private static Stack stack;
    private static Http admin;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(50)).withCatalogue(CATALOGUE),
                TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                // a held job looks again only when the budget is raised: the test proves the raise resumes it
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_BUDGET_RECHECK_MS", "600000"));
        admin = Http.to(stack.baseUrl()).bearer(Tenants.ADMIN_KEY);
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldRefuseASubmissionToAnUnpricedModelAtValidationAndStoreNothing() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "unpriced");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var offsets = JobsTopic.endOffsets(stack.kafka(), stack.config().topics());

        var refused = api.post("/v1/batches", inline(new Requests().chat("a", PRICED, "Hello.", 5).chat("b", UNPRICED, "Hello.", 5), null));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("model_not_priced", "body.model", UNPRICED, "Line 2");
        assertThat(db.count("SELECT count(*) FROM batches WHERE tenant_id = ?", tenant.tenantId())).isZero();
        assertThat(db.count("SELECT count(*) FROM files WHERE tenant_id = ?", tenant.tenantId())).isZero();
        assertThat(JobsTopic.endOffsets(stack.kafka(), stack.config().topics())).isEqualTo(offsets);
        assertThat(api.get("/v1/prices").json().path("data").findValuesAsText("model")).contains(PRICED).doesNotContain(UNPRICED);

        // an operator prices it: from then on it may be submitted to, and is charged at that price
        var priced = admin.post("/admin/prices", "{\"model\":\"" + UNPRICED + "\",\"input\":\"0.40\",\"output\":1.6}");
        assertThat(priced.status()).as(priced.text()).isEqualTo(201);
        assertThat(priced.json().path("source").asText()).isEqualTo("admin");
        var batch = create(api, new Requests().chat("c", UNPRICED, "Hello again.", 5), null);
        awaitStatus(api, batch, "completed");
        assertThat(db.strings("SELECT input_per_mtok::text || '/' || output_per_mtok::text FROM ledger_entries WHERE batch_id = ?", batch))
                .containsExactly("0.400000/1.600000");
    }

    @Test
    void shouldParkABatchOverItsHardBudgetWithAReasonAndResumeItWhenTheBudgetIsRaised() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "budget");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        // one call's maximum cost is about $0.00011 (~11 prompt tokens at $1, 50 output tokens at $2 per million)
        setBudget(tenant.tenantId(), "{\"hard_usd\":\"0.00015\",\"soft_usd\":\"0.000001\"}");
        var batch = create(api, requests(5, 50), null);

        var held = awaitHeld(api, batch, 4);
        assertThat(held.at("/llmq/hold/reason").asText()).isEqualTo("over_budget");
        assertThat(held.at("/llmq/hold/message").asText()).contains("hard budget for the day", "raised");
        assertThat(held.path("status").asText()).as("parked, not failed").isEqualTo("in_progress");
        assertThat(held.at("/request_counts/failed").asInt()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/v1/budgets").json().at("/data/0/soft_limit_reached").asBoolean());
        assertThat(db.count("SELECT count(*) FROM budget_alerts WHERE tenant_id = ?", tenant.tenantId())).isEqualTo(1);
        var alert = awaitEvent("budget.soft_limit_reached", tenant.tenantId());
        assertThat(alert.path("period").asText()).isEqualTo("day");
        assertThat(alert.path("soft_limit_usd").asText()).isEqualTo("0.000001");

        setBudget(tenant.tenantId(), "{\"hard_usd\":\"10\"}");

        var done = awaitStatus(api, batch, "completed");
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(5);
        assertThat(done.at("/llmq/hold").isNull()).isTrue();
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).isEqualTo(5);
        assertThat(db.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ?", batch)).isZero();
        var spent = new BigDecimal(api.get("/v1/budgets").json().at("/data/0/spent_usd").asText());
        assertThat(spent).isEqualByComparingTo(db.strings("SELECT sum(cost)::text FROM ledger_entries WHERE tenant_id = ?",
                tenant.tenantId()).get(0));
    }

    /**
     * A budget stop acts on the batch before its jobs reach Kafka: once jobs of a batch are parked
     * over budget, the dispatcher releases nothing more of it (while it goes on releasing other
     * tenants' work), so a stop parks one window of jobs, not the whole batch; a raise resumes it all.
     */
    @Test
    void shouldStopReleasingABatchOnceItsJobsAreParkedOverBudget() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "budget-stop");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        setBudget(tenant.tenantId(), "{\"hard_usd\":\"0.00015\"}");
        var total = 3_000;
        var batch = create(api, requests(total, 50), null);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> db.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ? AND reason = 'over_budget'", batch) > 0);
        var claimedAtStop = awaitSteadyClaim(batch);

        // the dispatcher is demonstrably at work meanwhile: another tenant's batch is released and done
        var other = Tenants.create(stack.baseUrl(), "budget-stop-other");
        var otherApi = Http.to(stack.baseUrl()).bearer(other.key());
        awaitStatus(otherApi, create(otherApi, requests(20, 5), null), "completed");

        assertThat(db.count("SELECT claimed FROM dispatch_queue WHERE batch_id = ?", batch))
                .as("nothing more of the held batch was released").isEqualTo(claimedAtStop).isLessThan(total / 2);
        assertThat(db.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ?", batch)).isLessThan(total / 2);

        setBudget(tenant.tenantId(), "{\"hard_usd\":\"10\"}");
        var done = awaitStatus(api, batch, "completed");
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(total);
    }

    /** The claim of a batch once the ticks that were under way when its first job parked have passed. */
    private static long awaitSteadyClaim(String batch) {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var now = db.count("SELECT claimed FROM dispatch_queue WHERE batch_id = ?", batch);
            var parked = db.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ?", batch);
            var ended = db.count("SELECT completed + failed FROM batches WHERE id = ?", batch);
            // every released job has parked or ended, and the claim did not move since the last look
            var steady = now == last[0] && parked + ended == now;
            last[0] = now;
            return steady;
        });
        return last[0];
    }

    @Test
    void shouldChargeEachCallOfABatchAtThePriceInForceWhenItWasMade() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "prices");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        // the budget lets one call through and parks the rest: a pause between two calls of one batch
        setBudget(tenant.tenantId(), "{\"hard_usd\":\"0.00015\"}");
        var batch = create(api, requests(4, 50), null);
        awaitHeld(api, batch, 3);

        var changed = admin.post("/admin/prices", "{\"model\":\"" + PRICED + "\",\"input\":3,\"cached_input\":1,\"output\":\"7.00\"}");
        assertThat(changed.status()).as(changed.text()).isEqualTo(201);
        setBudget(tenant.tenantId(), "{\"hard_usd\":\"10\"}");
        var done = awaitStatus(api, batch, "completed");

        assertThat(db.strings("""
                SELECT input_per_mtok::text || '/' || output_per_mtok::text FROM ledger_entries WHERE batch_id = ?
                ORDER BY called_at""", batch))
                .containsExactly("1.000000/2.000000", "3.000000/7.000000", "3.000000/7.000000", "3.000000/7.000000");
        assertThat(db.count("""
                SELECT count(*) FROM ledger_entries WHERE batch_id = ? AND cost <> round(((input_tokens - cached_tokens) * input_per_mtok
                       + cached_tokens * cached_input_per_mtok + output_tokens * output_per_mtok) / 1000000, 10)""", batch))
                .as("every row's cost is its tokens at its own unit prices").isZero();
        var ledgerCost = new BigDecimal(db.strings("SELECT sum(cost)::text FROM ledger_entries WHERE batch_id = ?", batch).get(0));
        assertThat(new BigDecimal(done.at("/llmq/cost_usd").asText())).isEqualByComparingTo(ledgerCost);
        assertThat(new BigDecimal(db.strings("SELECT sum(cost)::text FROM ledger_daily WHERE tenant_id = ?", tenant.tenantId()).get(0)))
                .as("the daily roll-up").isEqualByComparingTo(ledgerCost);
        var today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        var whole = api.get("/v1/usage?group_by=model&start=" + today.minusDays(1) + "&end=" + today.plusDays(1)).json();
        var exact = api.get("/v1/usage?group_by=model&start=" + (System.currentTimeMillis() / 1000 - 3600)
                + "&end=" + (System.currentTimeMillis() / 1000 + 60)).json();
        assertThat(whole.path("source").asText()).isEqualTo("ledger_daily");
        assertThat(exact.path("source").asText()).isEqualTo("ledger_entries");
        assertThat(whole.path("total")).as("the roll-up and the rows agree").isEqualTo(exact.path("total"));
        assertThat(whole.at("/total/requests").asLong()).isEqualTo(4);
        assertThat(api.get("/v1/prices?model=" + PRICED).json().path("data")).hasSizeGreaterThanOrEqualTo(2);
        // the ledger is append-only
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).isEqualTo(4);
        var update = tryUpdateLedger(batch);
        assertThat(update).contains("append-only");
    }

    @Test
    void shouldNotCallOrBillAgainWhenAFinishedJobIsRedelivered() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "redelivery");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var batch = create(api, requests(2, 8), null);
        awaitStatus(api, batch, "completed");
        var callsBefore = stack.simulator().bill().calls();
        var ledgerBefore = db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch);

        // the record a redelivery brings: the same job, as the submitter enqueued it
        var body = (ObjectNode) requests(1, 8).array().get(0).path("body");
        var jobId = db.strings("SELECT job_id FROM job_results WHERE batch_id = ? AND line = 1", batch).get(0);
        var job = new JobMessage(jobId, batch, tenant.tenantId(), "job-1", 1, "/v1/chat/completions", PRICED, body,
                "normal", System.currentTimeMillis(), System.currentTimeMillis() + 3_600_000);
        var topics = stack.config().topics();
        var partition = new TopicPartition(topics.jobsTopic(), topics.firstPartition(Priority.NORMAL));
        long offset;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            offset = producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), jobId.getBytes(StandardCharsets.UTF_8),
                    Json.toBytes(job))).get().offset();
        }
        try (var kafkaAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                var committed = kafkaAdmin.listConsumerGroupOffsets(stack.config().workerGroup()).partitionsToOffsetAndMetadata().get()
                        .get(partition);
                return committed != null && committed.offset() > offset;
            });
        }

        assertThat(stack.simulator().bill().calls()).as("no second provider call").isEqualTo(callsBefore);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", batch)).as("no second ledger row").isEqualTo(ledgerBefore);
    }

    @Test
    void shouldAnswerAnIdenticalDeterministicRequestFromTheCacheAtZeroCostAndMarkIt() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "cache");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var optIn = Json.object().put("llmq_cache", "true");
        var first = create(api, deterministic("first"), optIn);
        awaitStatus(api, first, "completed");
        var callsBefore = stack.simulator().bill().calls();

        var second = create(api, deterministic("second"), optIn);
        var done = awaitStatus(api, second, "completed");

        assertThat(stack.simulator().bill().calls()).as("answered without calling the provider").isEqualTo(callsBefore);
        assertThat(new BigDecimal(done.at("/llmq/cost_usd").asText())).isZero();
        assertThat(db.strings("SELECT kind || '/' || cost::text || '/' || input_tokens FROM ledger_entries WHERE batch_id = ?", second))
                .containsExactly("cache_hit/0.0000000000/0");
        var cached = api.get("/v1/batches/" + second + "/results").json().at("/data/0");
        var original = api.get("/v1/batches/" + first + "/results").json().at("/data/0");
        assertThat(cached.path("cached").asBoolean()).isTrue();
        assertThat(original.path("cached").asBoolean()).isFalse();
        assertThat(cached.at("/response/body")).isEqualTo(original.at("/response/body"));
        var output = api.get("/v1/files/" + done.path("output_file_id").asText() + "/content").text();
        assertThat(Json.MAPPER.readTree(output.split("\n")[0]).at("/llmq/cached").asBoolean()).isTrue();

        // without the opt-in the same request goes to the provider
        var plain = create(api, deterministic("plain"), null);
        awaitStatus(api, plain, "completed");
        assertThat(stack.simulator().bill().calls()).isEqualTo(callsBefore + 1);
    }

    private static Requests requests(int count, int maxTokens) {
        var requests = new Requests();
        for (int i = 1; i <= count; i++) {
            requests.chat("job-" + i, PRICED, "Say hi number " + i, maxTokens);
        }
        return requests;
    }

    private static Requests deterministic(String customId) {
        var requests = new Requests().chat(customId, PRICED, "What is the capital of France?", 12);
        // array() hands out the builder's own line objects: this sets the temperature on the request itself
        ((ObjectNode) requests.array().get(0).path("body")).put("temperature", 0);
        return requests;
    }

    private static ObjectNode inline(Requests requests, ObjectNode metadata) {
        var body = Json.object();
        body.put("endpoint", "/v1/chat/completions");
        body.put("completion_window", "2h");
        body.set("requests", requests.array());
        if (metadata != null) {
            body.set("metadata", metadata);
        }
        return body;
    }

    private static String create(Http api, Requests requests, ObjectNode metadata) throws Exception {
        var answer = api.post("/v1/batches", inline(requests, metadata));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json().path("id").asText();
    }

    private static void setBudget(String tenantId, String json) throws Exception {
        DayBudgets.set(admin, stack, tenantId, json);
    }

    private static JsonNode awaitHeld(Http api, String batch, int parked) {
        var seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen[0] = api.get("/v1/batches/" + batch).json();
            return db.count("SELECT count(*) FROM parked_jobs WHERE batch_id = ? AND reason = 'over_budget'", batch) == parked
                    && seen[0].at("/request_counts/completed").asInt() == seen[0].at("/request_counts/total").asInt() - parked
                    && !seen[0].at("/llmq/hold").isNull();
        });
        return seen[0];
    }

    private static JsonNode awaitStatus(Http api, String batch, String status) {
        var seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen[0] = api.get("/v1/batches/" + batch).json();
            return seen[0].path("status").asText().equals(status);
        });
        return seen[0];
    }

    /** Reads the stack's results topic from the start, as a downstream consumer would, until the event shows up. */
    private static JsonNode awaitEvent(String type, String tenantId) {
        var found = new JsonNode[1];
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "money-test-" + Ids.random(8), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(java.util.List.of(stack.config().topics().resultsTopic()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(300))) {
                    var event = Json.MAPPER.readTree(record.value());
                    if (type.equals(event.path("type").asText()) && tenantId.equals(event.path("tenant_id").asText())) {
                        found[0] = event;
                    }
                }
                return found[0] != null;
            });
        }
        return found[0];
    }

    private static String tryUpdateLedger(String batch) {
        try {
            db.count("WITH u AS (UPDATE ledger_entries SET cost = 0 WHERE batch_id = ? RETURNING 1) SELECT count(*) FROM u", batch);
            return "updated";
        } catch (java.sql.SQLException e) {
            return e.getMessage();
        }
    }
}
