package io.llmq.schema.price;

import io.llmq.schema.catalogue.Price;

import java.time.Instant;

/**
 * One row of {@code prices}: the unit prices of a model from {@code effectiveFrom} until the next
 * version's. Never changed once written.
 *
 * @param source {@code catalogue} (synced from the catalogue file) or {@code admin} (added through the API)
 */
public record PriceVersion(String provider, String model, Instant effectiveFrom, Price price, String source) {
    public static final String CATALOGUE = "catalogue";
    public static final String ADMIN = "admin";
}
