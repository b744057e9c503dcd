package io.llmq.worker.consume;

/**
 * A run that ended, reported back to the consumer thread: durable (its outcome is in PostgreSQL,
 * or it needed none) or abandoned (its record must be delivered again).
 */
record Done(Delivery delivery, boolean durable) {
}
