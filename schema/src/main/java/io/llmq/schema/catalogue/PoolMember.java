package io.llmq.schema.catalogue;

/**
 * One deployment serving a model, with its share of the model's jobs. A model served by several
 * (other accounts, regions or providers) is a pool: jobs spread by weight among the members that
 * have headroom now, and the model's capacity is the sum of theirs.
 *
 * @param weight the member's share among those with headroom; 0 makes it a standby that gets jobs
 *               only while every weighted member is out of headroom
 */
public record PoolMember(String deployment, int weight) {
    public PoolMember {
        if (deployment == null || deployment.isBlank()) {
            throw new IllegalArgumentException("deployments[].name is required");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("deployment " + deployment + ": weight must be at least 0, got " + weight);
        }
    }
}
