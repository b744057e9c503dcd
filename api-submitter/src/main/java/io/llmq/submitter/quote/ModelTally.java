package io.llmq.submitter.quote;

import io.llmq.schema.catalogue.ModelEntry;

/**
 * One model's share of a quote. A line's expected output is the tenant's observed mean output
 * for the model (capped by the line's own limit) when there is one, otherwise
 * {@link #EXPECTED_OUTPUT_FRACTION} of the line's limit.
 *
 * @param observedMean the tenant's mean output tokens per call of this model, or null when unknown
 */
final class ModelTally {
    /** Without history, a line is expected to use half of the output it allows. */
    static final double EXPECTED_OUTPUT_FRACTION = 0.5;

    final ModelEntry model;
    final Double observedMean;
    long requests;
    long inputTokens;
    long expectedOutputTokens;
    long maxOutputTokens;

    ModelTally(ModelEntry model, Double observedMean) {
        this.model = model;
        this.observedMean = observedMean;
    }

    void add(long input, long maxOutput) {
        requests++;
        inputTokens += input;
        maxOutputTokens += maxOutput;
        expectedOutputTokens += observedMean != null ? Math.min(maxOutput, Math.round(observedMean))
                : Math.round(maxOutput * EXPECTED_OUTPUT_FRACTION);
    }

    /** The tokens the deployment's per-minute token limit is expected to count for these lines. */
    long expectedTokens() {
        return inputTokens + expectedOutputTokens;
    }

    String expectedOutputBasis() {
        return observedMean != null ? "observed_mean" : "fraction_of_max";
    }
}
