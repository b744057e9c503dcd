package io.llmq.worker.consume;

import org.apache.kafka.common.TopicPartition;

/** A record whose outcome is durable (or that needed none), reported back to the consumer thread. */
record Done(TopicPartition partition, long offset) {
}
