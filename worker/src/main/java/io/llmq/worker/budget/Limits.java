package io.llmq.worker.budget;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

/** One tenant's budget limits; a period without a row, or a null limit, is unlimited. */
record Limits(Map<Period, BigDecimal> hard, Map<Period, BigDecimal> soft) {
    static final Limits NONE = new Limits(Map.of(), Map.of());

    Limits {
        hard = Map.copyOf(hard);
        soft = Map.copyOf(soft);
    }

    boolean anyHard() {
        return !hard.isEmpty();
    }

    static final class Builder {
        private final Map<Period, BigDecimal> hard = new EnumMap<>(Period.class);
        private final Map<Period, BigDecimal> soft = new EnumMap<>(Period.class);

        Builder add(Period period, BigDecimal hardUsd, BigDecimal softUsd) {
            if (hardUsd != null) {
                hard.put(period, hardUsd);
            }
            if (softUsd != null) {
                soft.put(period, softUsd);
            }
            return this;
        }

        Limits build() {
            return new Limits(hard, soft);
        }
    }
}
