package io.llmq.submitter.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultCsvTest {

    @Test
    void shouldQuoteCellsWithCommasQuotesAndLineBreaks() {
        assertThat(ResultCsv.cell("plain")).isEqualTo("plain");
        assertThat(ResultCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(ResultCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ResultCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(ResultCsv.cell(null)).isEmpty();
    }

    @Test
    void shouldKeepASpreadsheetFromRunningAnAnswerAsAFormula() {
        assertThat(ResultCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(ResultCsv.cell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(ResultCsv.cell("-12.5")).as("a negative number stays a number").isEqualTo("-12.5");
    }
}
