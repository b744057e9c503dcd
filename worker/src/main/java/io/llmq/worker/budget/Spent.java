package io.llmq.worker.budget;

import java.math.BigDecimal;

/** What a tenant's ledger says it spent in the current day and month (UTC). */
record Spent(BigDecimal day, BigDecimal month) {

    BigDecimal in(Period period) {
        return period == Period.DAY ? day : month;
    }
}
