package dev.provhub.scim.mapping;

import static dev.provhub.scim.mapping.Mappings.eval;
import static dev.provhub.scim.mapping.Mappings.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.scim.bulk.RecordRejectedException;

/** Every form of the safe expression language, evaluated on a record as PowerShell would. */
class ExpressionLanguageTest {

    private static final Map<String, String> WORKER = row("WorkerStatus", "Active", "First Name", "Aino",
            "LastName", "Virtanen", "HireDate", "2013-01-02", "Age", "10", "Code", "ab-12-cd", "Empty", "");

    private static String text(String script) {
        JsonNode value = eval(script, WORKER);
        return value.isNull() ? null : value.asText();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{ $_.WorkerStatus }|Active",
            "{ $_.'First Name' }|Aino",
            "{ $_.\"LastName\" }|Virtanen",
            "{ $PSItem.LastName }|Virtanen",
            "{ 'work' }|work",
            "{ { 'work' } }|work",
            "{ 'it''s' }|it's",
            "{ \"$($_.'First Name') $($_.LastName)\" }|Aino Virtanen",
            "{ \"tab`there\" }|tab\there",
            "{ \"say \"\"hi\"\"\" }|say \"hi\"",
            "{ $_.LastName + ', ' + $_.'First Name' }|Virtanen, Aino",
            "{ $_.LastName.ToLower() }|virtanen",
            "{ $_.LastName.ToUpper() }|VIRTANEN",
            "{ '  x  '.Trim() }|x",
            "{ 'xxhixx'.Trim('x') }|hi",
            "{ $_.LastName.Substring(0, 3) }|Vir",
            "{ $_.LastName.Substring(3) }|tanen",
            "{ $_.Code.Replace('-', '') }|ab12cd",
            "{ $_.Code.Split('-')[1] }|12",
            "{ $_.Code.Split('-')[-1] }|cd",
            "{ ($_.'First Name'.Substring(0,1) + $_.LastName).ToLower() + '@contoso.com' }|avirtanen@contoso.com",
            "{ $_.Code -replace '\\d', '#' }|ab-##-cd",
            "{ $_.Code -replace '(\\w+)-(\\d+)-(\\w+)', '$3-$2-$1' }|cd-12-ab",
            "{ $_.Code -creplace 'AB', 'x' }|ab-12-cd",
            "{ $_.Code -replace 'AB', 'x' }|x-12-cd",
            "{ [datetime]::ParseExact($_.HireDate, 'yyyy-MM-dd', $null).ToString('yyyy-MM-ddTHH:mm:ssZ') }|2013-01-02T00:00:00Z",
            "{ [datetime]::ParseExact($_.HireDate, 'yyyy-MM-dd', [cultureinfo]::InvariantCulture).ToString('dd.MM.yyyy') }|02.01.2013",
            "{ [DateTime]::ParseExact('02/01/2013 17:30', 'dd/MM/yyyy HH:mm', $null).ToString('s') }|2013-01-02T17:30:00",
            "{ if ($_.WorkerStatus -eq 'Active') { 'yes' } else { 'no' } }|yes",
            "{ if ($_.WorkerStatus -eq 'Gone') { 'gone' } elseif ($_.Age -gt 5) { 'old' } else { 'new' } }|old",
            "{ if ($_.Empty) { 'set' } }|",
    })
    void evaluatesLikePowerShell(String script, String expected) {
        assertThat(text(script)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "$_.WorkerStatus -eq 'active'|true",
            "$_.WorkerStatus -ceq 'active'|false",
            "$_.WorkerStatus -ieq 'ACTIVE'|true",
            "$_.WorkerStatus -ne 'Active'|false",
            "$_.WorkerStatus -cne 'active'|true",
            "$_.Age -lt 9|false",
            "$_.Age -gt 9|true",
            "$_.Age -le 10|true",
            "$_.Age -ge 11|false",
            "$_.LastName -lt 'w'|true",
            "$_.LastName -like 'vir*'|true",
            "$_.LastName -clike 'vir*'|false",
            "$_.LastName -like 'V?rtanen'|true",
            "$_.LastName -like '[UV]irtanen'|true",
            "$_.LastName -notlike '*nen'|false",
            "$_.Code -match '^\\w+-\\d+'|true",
            "$_.Code -cmatch 'AB'|false",
            "$_.Code -match 'AB'|true",
            "$_.Code -notmatch '\\d{3}'|true",
            "$_.WorkerStatus -in 'Active','Leave'|true",
            "$_.WorkerStatus -in @('Gone', 'Leave')|false",
            "$_.WorkerStatus -cin 'active','leave'|false",
            "@('Active', 'Leave') -contains $_.WorkerStatus|true",
            "'a','b' -notcontains 'c'|true",
            "$_.WorkerStatus -eq 'Active' -and $_.Age -eq 10|true",
            "$_.WorkerStatus -eq 'Gone' -or $_.Age -eq 10|true",
            "-not ($_.WorkerStatus -eq 'Active')|false",
            "!$_.Empty|true",
            "$true|true",
            "$false -or $true|true",
            "$_.Empty -eq ''|true",
            "$null -eq $_.Empty|false",
    })
    void comparesLikePowerShell(String expression, boolean expected) {
        assertThat(eval("{ " + expression + " }", WORKER).asBoolean()).as(expression).isEqualTo(expected);
        assertThat(eval("{ " + expression + " }", WORKER).isBoolean()).isTrue();
    }

    @Test
    void nullIsWrittenAsNull() {
        assertThat(eval("{ $null }", WORKER).isNull()).isTrue();
        assertThat(eval("$null", WORKER).isNull()).isTrue();
    }

    @Test
    void aDateThatDoesNotParseRejectsTheRecordWithItsReason() {
        assertThatThrownBy(() -> eval("{ [datetime]::ParseExact($_.Empty, 'yyyy-MM-dd', $null).ToString('s') }",
                WORKER)).isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("String '' was not recognized as a valid DateTime of format 'yyyy-MM-dd'");
    }

    @Test
    void aMethodOnNullRejectsTheRecord() {
        assertThatThrownBy(() -> eval("{ $null.ToLower() }", WORKER)).isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("null-valued");
    }
}
