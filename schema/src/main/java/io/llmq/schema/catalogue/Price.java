package io.llmq.schema.catalogue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * US dollars per million tokens. Exact decimals: money never passes through a double.
 *
 * @param cacheWritePerMtok what writing a prompt into the provider's cache costs (Anthropic's cache
 *                          writes); zero where the provider does not charge for it
 * @param batchDiscount     the provider sells this model at a discount through its own batch API;
 *                          informational, since llmq calls the synchronous APIs (docs/money.md)
 */
public record Price(BigDecimal inputPerMtok, BigDecimal cachedInputPerMtok, BigDecimal cacheWritePerMtok,
                    BigDecimal outputPerMtok, boolean batchDiscount) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Price {
        Objects.requireNonNull(inputPerMtok, "input price");
        Objects.requireNonNull(outputPerMtok, "output price");
        if (cachedInputPerMtok == null) {
            cachedInputPerMtok = inputPerMtok;
        }
        if (cacheWritePerMtok == null) {
            cacheWritePerMtok = BigDecimal.ZERO;
        }
        for (var p : new BigDecimal[] {inputPerMtok, cachedInputPerMtok, cacheWritePerMtok, outputPerMtok}) {
            if (p.signum() < 0) {
                throw new IllegalArgumentException("a price cannot be negative: " + p);
            }
        }
    }

    public Price(BigDecimal inputPerMtok, BigDecimal cachedInputPerMtok, BigDecimal outputPerMtok) {
        this(inputPerMtok, cachedInputPerMtok, null, outputPerMtok, false);
    }

    /**
     * Cost of one call. {@code inputTokens} includes the cached ones, as providers report it; the
     * cached part is charged at the cached rate and the rest at the input rate.
     */
    public BigDecimal cost(long inputTokens, long cachedTokens, long outputTokens) {
        return cost(inputTokens, cachedTokens, 0, outputTokens);
    }

    /** As {@link #cost(long, long, long)}, plus tokens written to the provider's prompt cache. */
    public BigDecimal cost(long inputTokens, long cachedTokens, long cacheWriteTokens, long outputTokens) {
        var uncached = Math.max(0, inputTokens - cachedTokens);
        var total = inputPerMtok.multiply(BigDecimal.valueOf(uncached))
                .add(cachedInputPerMtok.multiply(BigDecimal.valueOf(cachedTokens)))
                .add(cacheWritePerMtok.multiply(BigDecimal.valueOf(cacheWriteTokens)))
                .add(outputPerMtok.multiply(BigDecimal.valueOf(outputTokens)));
        return total.divide(MILLION, MathContext.DECIMAL128);
    }

    /** Same unit prices and flag, compared by value (2.50 equals 2.5). */
    public boolean sameAs(Price o) {
        return inputPerMtok.compareTo(o.inputPerMtok) == 0 && cachedInputPerMtok.compareTo(o.cachedInputPerMtok) == 0
                && cacheWritePerMtok.compareTo(o.cacheWritePerMtok) == 0 && outputPerMtok.compareTo(o.outputPerMtok) == 0
                && batchDiscount == o.batchDiscount;
    }
}
