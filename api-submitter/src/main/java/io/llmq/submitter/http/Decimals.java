package io.llmq.submitter.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/** Money and prices in request bodies: a JSON number or a decimal string, never read through a double. */
public final class Decimals {
    private static final BigDecimal MAX = new BigDecimal("100000000000000");

    private Decimals() {
    }

    /** The field as an exact non-negative decimal with at most {@code maxScale} decimal places; null when absent or null. */
    public static BigDecimal nonNegative(JsonNode body, String field, int maxScale) {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        BigDecimal value = null;
        if (node.isNumber()) {
            // 1e400 arrives as an infinite double, which no BigDecimal can hold
            value = node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) ? null : node.decimalValue();
        } else if (node.isTextual()) {
            try {
                value = new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                value = null;
            }
        }
        if (value == null || value.signum() < 0 || value.compareTo(MAX) > 0 || value.stripTrailingZeros().scale() > maxScale) {
            throw ApiError.invalid(field, "'" + field + "' must be a non-negative decimal amount (a number or a string such as \"12.50\") "
                    + "with at most " + maxScale + " decimal places.");
        }
        return value;
    }

    /** Plain text without trailing zeros; "0" for zero. */
    public static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
