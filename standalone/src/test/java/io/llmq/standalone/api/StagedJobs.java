package io.llmq.standalone.api;

import io.llmq.schema.Ids;
import io.llmq.schema.Priority;
import io.llmq.schema.dispatch.JobPages;
import io.llmq.standalone.Stack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.Map;

/** Staged jobs produced by hand: what a dispatcher got out before it died. */
final class StagedJobs {

    private StagedJobs() {
    }

    /** Produces the first {@code n} staged jobs of a {@code normal} batch into the stack's jobs topic, as the dispatcher does. */
    static void produceFirst(Stack stack, String batchId, int n) throws Exception {
        var layout = stack.config().topics();
        var postgres = stack.postgres();
        try (var c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             var st = c.prepareStatement("SELECT data FROM dispatch_pages WHERE batch_id = ? ORDER BY first_seq");
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     stack.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            st.setString(1, batchId);
            var sent = 0;
            try (var rs = st.executeQuery()) {
                while (rs.next() && sent < n) {
                    for (var job : JobPages.decode(rs.getBytes(1))) {
                        if (sent == n) {
                            break;
                        }
                        sent++;
                        var partition = layout.partitionFor(Priority.NORMAL, Ids.job(batchId, job.line()));
                        producer.send(new ProducerRecord<>(layout.jobsTopic(), partition, batchId.getBytes(StandardCharsets.UTF_8), job.message())).get();
                    }
                }
            }
        }
    }
}
