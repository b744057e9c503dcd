package io.llmq.submitter.validate;

import java.util.List;

/**
 * The verdict on a whole input file.
 *
 * @param errors          the first {@link BatchValidator#MAX_LISTED_ERRORS} bad lines
 * @param errorCount      every bad line, listed or not
 * @param estimatedTokens estimated input tokens of the valid lines (about 4 characters per token)
 */
public record ValidationReport(int validLines, List<LineError> errors, int errorCount, String firstModel,
                               long estimatedTokens) {

    public boolean ok() {
        return errorCount == 0;
    }
}
