package io.llmq.submitter.validate;

import java.util.List;

/**
 * The verdict on a whole input file.
 *
 * @param errors     the first {@link BatchValidator#MAX_LISTED_ERRORS} bad lines
 * @param errorCount every bad line, listed or not
 */
public record ValidationReport(int validLines, List<LineError> errors, int errorCount, String firstModel) {

    public boolean ok() {
        return errorCount == 0;
    }
}
