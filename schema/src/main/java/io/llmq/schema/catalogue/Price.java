package io.llmq.schema.catalogue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/** US dollars per million tokens. Exact decimals: money never passes through a double. */
public record Price(BigDecimal inputPerMtok, BigDecimal cachedInputPerMtok, BigDecimal outputPerMtok) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Price {
        Objects.requireNonNull(inputPerMtok, "input price");
        Objects.requireNonNull(outputPerMtok, "output price");
        if (cachedInputPerMtok == null) {
            cachedInputPerMtok = inputPerMtok;
        }
        for (var p : new BigDecimal[] {inputPerMtok, cachedInputPerMtok, outputPerMtok}) {
            if (p.signum() < 0) {
                throw new IllegalArgumentException("a price cannot be negative: " + p);
            }
        }
    }

    /**
     * Cost of one call. {@code inputTokens} includes the cached ones, as providers report it; the
     * cached part is charged at the cached rate and the rest at the input rate.
     */
    public BigDecimal cost(long inputTokens, long cachedTokens, long outputTokens) {
        var uncached = Math.max(0, inputTokens - cachedTokens);
        var total = inputPerMtok.multiply(BigDecimal.valueOf(uncached))
                .add(cachedInputPerMtok.multiply(BigDecimal.valueOf(cachedTokens)))
                .add(outputPerMtok.multiply(BigDecimal.valueOf(outputTokens)));
        return total.divide(MILLION, MathContext.DECIMAL128);
    }
}
