package io.llmq.worker.outcome;

import java.sql.SQLException;

/**
 * Tells a write that some row refused (a data or constraint error) from one that may pass when
 * tried again (connection lost, deadlock, a server shutting down). Only the first kind is worth
 * splitting a group over: retrying it unchanged fails the same way forever.
 */
final class RowErrors {
    /** SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation). */
    private static final String DATA_EXCEPTION = "22";
    private static final String CONSTRAINT_VIOLATION = "23";

    private RowErrors() {
    }

    /**
     * True for a data or constraint error, and for an unchecked exception: the store's own code
     * throws those on input it cannot write (a value it cannot serialise), and they repeat as
     * surely as a constraint does. Connection and transient errors come as SQLExceptions of other
     * classes (08, 40, 53, 57, ...) or as Hikari's SQLTransientConnectionException without a state.
     */
    static boolean isRowError(Exception e) {
        if (e instanceof RuntimeException) {
            return true;
        }
        var state = sqlState(e);
        return state.startsWith(DATA_EXCEPTION) || state.startsWith(CONSTRAINT_VIOLATION);
    }

    /** The SQLSTATE of the error or of the first SQLException it chains to; "" when there is none. */
    static String sqlState(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (var next = sql; next != null; next = next.getNextException()) {
                    if (next.getSQLState() != null) {
                        return next.getSQLState();
                    }
                }
            }
        }
        return "";
    }
}
