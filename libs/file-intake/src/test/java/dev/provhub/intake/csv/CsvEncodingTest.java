package dev.provhub.intake.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which encoding an imported CSV file is read in, and how text that is not valid in it is reported. */
class CsvEncodingTest {

    private static final String FINNISH = "kunta;asukkaita\r\nÄänekoski;18 500\r\nJyväskylä;148 000\r\n";
    private static final List<List<String>> FINNISH_FIELDS = List.of(List.of("kunta", "asukkaita"),
            List.of("Äänekoski", "18 500"), List.of("Jyväskylä", "148 000"));

    @Test
    void readsUtf8WithoutBomByDefault() throws IOException {
        byte[] file = FINNISH.getBytes(StandardCharsets.UTF_8);

        assertThat(detect(file)).isEqualTo(CsvEncoding.UTF_8);
        assertThat(fields(file)).isEqualTo(FINNISH_FIELDS);
    }

    @Test
    void readsUtf8WithBomAndDropsTheBom() throws IOException {
        byte[] file = withBom(new int[] { 0xEF, 0xBB, 0xBF }, FINNISH, StandardCharsets.UTF_8);

        assertThat(detect(file)).isEqualTo(CsvEncoding.UTF_8_BOM);
        assertThat(fields(file)).isEqualTo(FINNISH_FIELDS);
    }

    @Test
    void readsUtf16LittleEndianWithBom() throws IOException {
        byte[] file = withBom(new int[] { 0xFF, 0xFE }, FINNISH, StandardCharsets.UTF_16LE);

        assertThat(detect(file)).isEqualTo(CsvEncoding.UTF_16LE);
        assertThat(fields(file)).isEqualTo(FINNISH_FIELDS);
    }

    @Test
    void readsUtf16BigEndianWithBom() throws IOException {
        byte[] file = withBom(new int[] { 0xFE, 0xFF }, FINNISH, StandardCharsets.UTF_16BE);

        assertThat(detect(file)).isEqualTo(CsvEncoding.UTF_16BE);
        assertThat(fields(file)).isEqualTo(FINNISH_FIELDS);
    }

    @Test
    void keepsEveryByteOfAFileShorterThanABom() throws IOException {
        assertThat(text(new byte[] { 'a', 'b' })).isEqualTo("ab");
        assertThat(text(new byte[] { 'a' })).isEqualTo("a");
        assertThat(text(new byte[0])).isEmpty();
    }

    @Test
    void reportsWindows1252TextAsNotValidUtf8WithItsLine() {
        byte[] file = FINNISH.getBytes(Charset.forName("windows-1252"));

        assertThatThrownBy(() -> fields(file))
                .isExactlyInstanceOf(CsvFormatException.class)
                .hasMessage("line 2: not valid UTF-8");
    }

    @Test
    void reportsTheLineOfInvalidUtf8FarIntoTheFile() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = 1; i <= 10_000; i++) {
            file.write((i + ",user" + i + ",Jyväskylä\n").getBytes(StandardCharsets.UTF_8));
        }
        file.write(new byte[] { 'x', ',', (byte) 0xC3, '(', '\n' });

        CsvFormatException error = null;
        try (CsvReader reader = new CsvReader(CsvEncoding.open(new ByteArrayInputStream(file.toByteArray())))) {
            while (true) {
                try {
                    if (reader.next() == null) {
                        break;
                    }
                } catch (CsvFormatException e) {
                    error = e;
                    break;
                }
            }
        }

        assertThat(error).isNotNull().hasMessage("line 10001: not valid UTF-8");
    }

    @Test
    void reportsAUtf8SequenceCutOffAtTheEndOfTheFile() {
        byte[] file = { 'a', '\n', 'b', (byte) 0xC3 };

        assertThatThrownBy(() -> fields(file)).hasMessage("line 2: not valid UTF-8");
    }

    @Test
    void reportsAnUnpairedSurrogateAsNotValidUtf16() {
        byte[] file = { (byte) 0xFF, (byte) 0xFE, 'a', 0, '\n', 0, 0x00, (byte) 0xD8, 'b', 0 };

        assertThatThrownBy(() -> fields(file)).hasMessage("line 2: not valid UTF-16LE");
    }

    @Test
    void readsACharacterOutsideTheBmpOneCharAtATime() throws IOException {
        String text = "a\uD83D\uDE00b";
        try (Reader reader = CsvEncoding.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            StringBuilder read = new StringBuilder();
            for (int c = reader.read(); c != -1; c = reader.read()) {
                read.append((char) c);
            }
            assertThat(read.toString()).isEqualTo(text);
        }
    }

    private static CsvEncoding detect(byte[] file) throws IOException {
        return CsvEncoding.detect(new PushbackInputStream(new ByteArrayInputStream(file), 3));
    }

    private static String text(byte[] file) throws IOException {
        try (Reader reader = CsvEncoding.open(new ByteArrayInputStream(file))) {
            StringBuilder text = new StringBuilder();
            char[] chunk = new char[64];
            for (int n = reader.read(chunk); n != -1; n = reader.read(chunk)) {
                text.append(chunk, 0, n);
            }
            return text.toString();
        }
    }

    private static List<List<String>> fields(byte[] file) throws IOException {
        List<List<String>> fields = new ArrayList<>();
        try (CsvReader reader = new CsvReader(CsvEncoding.open(new ByteArrayInputStream(file)), ';')) {
            for (CsvRecord record = reader.next(); record != null; record = reader.next()) {
                fields.add(record.fields());
            }
        }
        return fields;
    }

    private static byte[] withBom(int[] bom, String text, Charset charset) {
        byte[] body = text.getBytes(charset);
        byte[] file = new byte[bom.length + body.length];
        for (int i = 0; i < bom.length; i++) {
            file[i] = (byte) bom[i];
        }
        System.arraycopy(body, 0, file, bom.length, body.length);
        return file;
    }
}
