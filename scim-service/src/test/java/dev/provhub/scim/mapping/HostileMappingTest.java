package dev.provhub.scim.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Mapping files written to attack the service: code that PowerShell would run, files that nest or grow without
 * end, regular expressions that backtrack catastrophically. Each is refused, or contained, with a clear error naming
 * the file, line and column.
 */
class HostileMappingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " >> ", quoteCharacter = '~', value = {
            "{ Remove-Item C:\\ -Recurse } >> commands are not allowed >> Remove-Item",
            "{ Invoke-Expression 'calc' } >> commands are not allowed >> Invoke-Expression",
            "{ & 'calc.exe' } >> call operator >> &",
            "{ . ./evil.ps1 } >> call operator >> .",
            "{ $env:PATH } >> variable $env:PATH is not allowed >> $env",
            "{ $ExecutionContext.InvokeCommand } >> variable $ExecutionContext is not allowed >> $Exec",
            "{ [System.IO.File]::ReadAllText('/etc/passwd') } >> type [System.IO.File] is not allowed >> System",
            "{ [datetime]::Now } >> [datetime]::Now is not allowed >> Now",
            "{ $_.Name.GetType() } >> method GetType() is not allowed >> GetType",
            "{ $_.Name.Length } >> only the columns of the record >> Length",
            "{ $x = 'a' } >> variable $x is not allowed >> $x",
            "{ \"$(Get-Process)\" } >> commands are not allowed >> Get-Process",
            "{ $_.Name | Out-File x } >> pipelines >> |",
            "{ 'a' -f 'b' } >> operator -f is not allowed >> -f",
            "{ $_.Name -split ',' } >> operator -split is not allowed >> -split",
            "{ 'a'; 'b' } >> one expression >> 'b'",
            "{ $_.Name -match $_.Pattern } >> must be a literal string >> $_.Pattern",
            "{ $_.Name -match '(a)\\1' } >> linear-time engine >> '(a)",
    })
    void refusesCodeNamingFileLineAndColumn(String script, String reason, String at) {
        String file = "@{\n    externalId = 'Id'\n    title      = " + script + "\n}\n";
        MappingCompiler.Result result = Mappings.compile("evil.psd1", file, List.of("Id", "Name", "Pattern"), null);
        assertThat(result.valid()).isFalse();
        MappingIssue issue = result.errors().get(0);
        assertThat(issue.kind()).isEqualTo(MappingIssue.Kind.SYNTAX);
        assertThat(issue.message()).contains(reason);
        assertThat(issue.position().file()).isEqualTo("evil.psd1");
        assertThat(issue.position().line()).isEqualTo(3);
        int column = file.lines().toList().get(2).indexOf(at) + 1;
        assertThat(issue.position().column()).as(issue.toString()).isEqualTo(column);
    }

    @Test
    void listsEveryRefusedScriptBlockOfAFileAtOnce() {
        String file = "@{\n externalId = { Get-Date }\n title = { $env:USER }\n nickName = { [IO.Path]::x }\n}";
        MappingCompiler.Result result = Mappings.compile("evil.psd1", file, null, null);
        assertThat(result.errors()).extracting(i -> i.position().line()).containsExactly(2, 3, 4);
    }

    @Test
    void refusesCommandsOutsideScriptBlocks() {
        assertThatThrownBy(() -> Mappings.compile("evil.psd1", "@{ title = 'x' }\nRemove-Item -Recurse /", null,
                null)).isInstanceOf(MappingException.class).hasMessageContaining("evil.psd1:2:1")
                .hasMessageContaining("no commands");
        assertThatThrownBy(() -> Mappings.compile("evil.psd1", "@{ title = Get-Process }", null, null))
                .isInstanceOf(MappingException.class).hasMessageContaining("evil.psd1:1:12")
                .hasMessageContaining("command");
        assertThatThrownBy(() -> Mappings.compile("evil.psd1", "@{ title = \"$(Get-Process)\" }", null, null))
                .isInstanceOf(MappingException.class).hasMessageContaining("cannot expand variables");
        assertThatThrownBy(() -> Mappings.compile("evil.psd1", "@{ title = $env:PATH }", null, null))
                .isInstanceOf(MappingException.class).hasMessageContaining("$env");
    }

    @Test
    void refusesDeepNesting() {
        String tables = "@{ a = ".repeat(200) + "'x'" + " }".repeat(200);
        assertThatThrownBy(() -> Mappings.compile("deep.psd1", tables, null, null))
                .isInstanceOf(MappingException.class).hasMessageContaining("nests deeper than 32");
        String parentheses = "@{ title = { " + "(".repeat(5000) + "'x'" + ")".repeat(5000) + " } }";
        MappingCompiler.Result result = Mappings.compile("deep.psd1", parentheses, null, null);
        assertThat(result.errors()).singleElement().extracting(MappingIssue::message).asString()
                .contains("nests deeper than 64");
        String json = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        assertThatThrownBy(() -> Mappings.compile("deep.json", json, null, null))
                .isInstanceOf(MappingException.class).hasMessageContaining("deep.json");
    }

    @Test
    void refusesHugeFilesBeforeReadingThem() {
        byte[] huge = ("@{ title = '" + "x".repeat(2 << 20) + "' }").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> MappingDocument.read("huge.psd1", huge, 1 << 20))
                .isInstanceOf(MappingException.class).hasMessageContaining("at most 1048576");
    }

    @Test
    void containsYamlAliasBombs() {
        // aliases are not expanded into a tree: the "billion laughs" stays a few names, refused as attributes
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        long started = System.nanoTime();
        MappingCompiler.Result result = Mappings.compile("bomb.yaml", bomb, null, null);
        assertThat(result.errors()).extracting(MappingIssue::path).containsExactly("a", "b", "c", "d");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void catastrophicRegexesRunInLinearTime() {
        String evil = "a".repeat(100_000) + "!";
        long started = System.nanoTime();
        JsonNode matched = Mappings.eval("{ $_.Name -match '^(a+)+$' }", Mappings.row("Name", evil));
        JsonNode nested = Mappings.eval("{ $_.Name -match '^(a|aa)*$' }", Mappings.row("Name", evil));
        assertThat(matched.asBoolean()).isFalse();
        assertThat(nested.asBoolean()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refusesOverlongPatterns() {
        String file = "@{ title = { $_.Name -match '" + "a".repeat(2000) + "' } }";
        MappingCompiler.Result result = Mappings.compile("long.psd1", file, List.of("Name"), null);
        assertThat(result.errors()).singleElement().extracting(MappingIssue::message).asString()
                .contains("at most 1000");
    }
}
