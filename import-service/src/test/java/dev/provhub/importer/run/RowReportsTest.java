package dev.provhub.importer.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The error CSV people download or get mailed: its columns, and no cell a spreadsheet would run. */
class RowReportsTest {

    @Test
    void writesOneLinePerReportedRowUnderAHeader() {
        String csv = RowReports.csv(List.of(new RowReport(3, RowReport.FAILED, "has 3 fields; the header has 4",
                "2,Short,***"), new RowReport(5, RowReport.FAILED, "text after the closing quote of field 2", null)));

        assertThat(csv).isEqualTo("line,kind,reason,row\r\n"
                + "3,failed,has 3 fields; the header has 4,\"2,Short,***\"\r\n"
                + "5,failed,text after the closing quote of field 2,\r\n");
    }

    @Test
    void neutralisesReasonsAndRowsThatStartLikeAFormula() {
        // e.g. a reason from a custom integration, or a row stored before rows were neutralised when reported
        String csv = RowReports.csv(List.of(new RowReport(2, RowReport.SKIPPED, "=1+1 is not allowed",
                "@SUM(1),x")));

        assertThat(csv).endsWith("\r\n2,skipped,\"'=1+1 is not allowed\",\"'@SUM(1),x\"\r\n");
    }
}
