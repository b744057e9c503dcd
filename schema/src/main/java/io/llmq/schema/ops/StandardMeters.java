package io.llmq.schema.ops;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The meters every llmq process has besides its own: JVM (memory, GC, threads, classes), process
 * (CPU, uptime), its HikariCP pool ({@code hikaricp_*}) and its Kafka clients ({@code kafka_*}, one
 * thread refreshes all of them). Close it with the process, after its Kafka clients.
 */
public final class StandardMeters implements AutoCloseable {
    private final MeterRegistry registry;
    private final ScheduledExecutorService refresher;
    private final List<KafkaClientMetrics> kafka = new ArrayList<>();

    private StandardMeters(MeterRegistry registry, String processName) {
        this.registry = registry;
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("llmq-kafka-metrics-" + processName).daemon().factory());
    }

    public static StandardMeters bind(MeterRegistry registry, HikariDataSource dataSource, String processName) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // Hikari accepts a registry on a running pool and tags its meters with the pool's name
        dataSource.setMetricRegistry(registry);
        return new StandardMeters(registry, processName);
    }

    public synchronized <C extends Consumer<?, ?>> C kafka(C consumer) {
        var metrics = new KafkaClientMetrics(consumer, Tags.empty(), refresher);
        metrics.bindTo(registry);
        kafka.add(metrics);
        return consumer;
    }

    public synchronized <P extends Producer<?, ?>> P kafka(P producer) {
        var metrics = new KafkaClientMetrics(producer, Tags.empty(), refresher);
        metrics.bindTo(registry);
        kafka.add(metrics);
        return producer;
    }

    @Override
    public synchronized void close() {
        kafka.forEach(KafkaClientMetrics::close);
        kafka.clear();
        refresher.shutdownNow();
    }
}
