package io.agentshop.queryside.audit.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A CSV cell a spreadsheet would run as a formula is shown as text (OWASP's list of leading characters). */
class AuditExportTest {

    @Test
    void everyLeadingFormulaCharacterIsDefusedAndQuotingStillHolds() {
        assertThat(AuditExport.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(AuditExport.cell("+1")).isEqualTo("'+1");
        assertThat(AuditExport.cell("-1")).isEqualTo("'-1");
        assertThat(AuditExport.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AuditExport.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(AuditExport.cell("\r=1")).isEqualTo("\"'\r=1\"");
        assertThat(AuditExport.cell("=HYPERLINK(\"x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        assertThat(AuditExport.cell("a=b")).isEqualTo("a=b");
        assertThat(AuditExport.cell(null)).isEmpty();
    }
}
