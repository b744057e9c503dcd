package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.BenchRun;
import io.llmq.bench.measure.RawKafkaProbe;
import io.llmq.bench.measure.RawPostgresProbe;
import io.llmq.bench.rig.Rig;
import io.llmq.schema.Json;

import java.util.Locale;

/**
 * The raw Kafka and PostgreSQL rates of the rig's own engines for llmq's access patterns
 * (docs/bench.md, "Raw ceilings"), measured before llmq's load starts so that they do not compete
 * with it: {@code kafka_raw_msgs_per_s} and {@code pg_raw_rows_per_s}. A count of 0 skips a probe.
 */
final class RawCeilings {

    private RawCeilings() {
    }

    static void measure(Rig rig, BenchRun run, int messages, int rows, ObjectNode figures) throws Exception {
        var progress = run.progress();
        if (messages > 0) {
            var payload = Json.toBytes(RawPayloads.jobMessage());
            var rate = RawKafkaProbe.run(rig.kafkaBootstrap(), "bench.raw." + run.runId(), rig.topics().jobsPartitions(),
                    messages, payload);
            figures.put("kafka_raw_msgs_per_s", Math.round(rate));
            progress.line(String.format(Locale.ROOT, "raw Kafka: %,d transactional messages of %d bytes at %,.0f msgs/s",
                    messages, payload.length, rate));
        }
        if (rows > 0) {
            var postgres = rig.postgres();
            var rate = RawPostgresProbe.run(postgres.jdbcUrl(), postgres.user(), postgres.password(), rows,
                    Json.toText(RawPayloads.chatCompletion()));
            figures.put("pg_raw_rows_per_s", Math.round(rate));
            progress.line(String.format(Locale.ROOT, "raw PostgreSQL: %,d rows in batches of 500 at %,.0f rows/s", rows, rate));
        }
    }
}
