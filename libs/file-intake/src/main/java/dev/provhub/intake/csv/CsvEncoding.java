package dev.provhub.intake.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The character encoding of an imported CSV file, as told by its byte order mark (BOM). A file without a BOM is
 * UTF-8; Excel writes UTF-8 with a BOM, and some HR systems export UTF-16 with one.
 *
 * <p>
 * Text is decoded strictly: bytes that are not valid in the encoding (typically a Windows-1252 export with
 * {@code ä} read as UTF-8) are an error, reported by {@link CsvReader} as a {@link CsvFormatException} with the
 * line, never silently replaced.
 */
public enum CsvEncoding {

    /** UTF-8 without a BOM: the default. */
    UTF_8(StandardCharsets.UTF_8),
    /** UTF-8 starting with EF BB BF. */
    UTF_8_BOM(StandardCharsets.UTF_8, 0xEF, 0xBB, 0xBF),
    /** UTF-16 little-endian starting with FF FE. */
    UTF_16LE(StandardCharsets.UTF_16LE, 0xFF, 0xFE),
    /** UTF-16 big-endian starting with FE FF. */
    UTF_16BE(StandardCharsets.UTF_16BE, 0xFE, 0xFF);

    private static final int LONGEST_BOM = 3;

    private final Charset charset;
    private final byte[] bom;

    CsvEncoding(Charset charset, int... bom) {
        this.charset = charset;
        this.bom = new byte[bom.length];
        for (int i = 0; i < bom.length; i++) {
            this.bom[i] = (byte) bom[i];
        }
    }

    /** The charset the file's text is decoded with. */
    public Charset charset() {
        return charset;
    }

    /**
     * Detects the encoding of {@code in} from its BOM and returns its text, without the BOM.
     *
     * @param in the file's bytes; read lazily and closed when the returned reader is closed
     */
    public static Reader open(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, LONGEST_BOM);
        return detect(pushback).decode(pushback);
    }

    /**
     * Detects the encoding of {@code in} from its BOM, consuming the BOM if there is one and leaving every other
     * byte to be read.
     *
     * @param in the file's bytes, able to push back at least 3 bytes
     */
    public static CsvEncoding detect(PushbackInputStream in) throws IOException {
        byte[] head = in.readNBytes(LONGEST_BOM);
        for (CsvEncoding encoding : values()) {
            int length = encoding.bom.length;
            if (length > 0 && head.length >= length && Arrays.equals(head, 0, length, encoding.bom, 0, length)) {
                in.unread(head, length, head.length - length);
                return encoding;
            }
        }
        in.unread(head);
        return UTF_8;
    }

    /**
     * The text of {@code in}, decoded strictly in this encoding.
     *
     * @param in the file's bytes after the BOM; closed when the returned reader is closed
     */
    public Reader decode(InputStream in) {
        return new StrictTextReader(in, charset);
    }
}
