package io.llmq.worker.ops;

import io.llmq.worker.outbox.OutboxTable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/** Events written but not yet relayed to {@code llmq.results} (relayed rows are deleted). */
final class OutboxBacklog {
    private final DataSource dataSource;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong oldestAt = new AtomicLong();

    OutboxBacklog(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        Gauge.builder("llmq.outbox.backlog", events, AtomicLong::get).baseUnit("events")
                .description("Completion events in the outbox, not yet published to Kafka").register(registry);
        Gauge.builder("llmq.outbox.oldest.age", oldestAt, at -> at.get() <= 0 ? 0 : Math.max(0, System.currentTimeMillis() - at.get()) / 1000.0)
                .baseUnit("seconds").description("Age of the oldest unpublished outbox event (0 when none)").register(registry);
    }

    void refresh() throws SQLException {
        try (var c = dataSource.getConnection()) {
            var backlog = OutboxTable.backlog(c);
            events.set(backlog.events());
            oldestAt.set(backlog.oldestAtMillis());
        }
    }
}
