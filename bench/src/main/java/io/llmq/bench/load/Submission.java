package io.llmq.bench.load;

/**
 * One batch handed to llmq.
 *
 * @param postedNanos   just before {@code POST /v1/batches} was sent (the file was already uploaded):
 *                      the moment the client asked llmq to run the batch
 * @param acceptedNanos when llmq answered; it answers only after every job is in Kafka
 */
public record Submission(String batchId, int jobs, long postedNanos, long acceptedNanos) {

    public double acceptSeconds() {
        return (acceptedNanos - postedNanos) / 1e9;
    }
}
