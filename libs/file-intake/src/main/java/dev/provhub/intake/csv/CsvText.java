package dev.provhub.intake.csv;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The text of a CSV file on its way to FastCSV, watched so that {@link CsvReader} can hold FastCSV to the rules
 * it does not keep by itself.
 *
 * <ul>
 * <li>It numbers the file's lines (CRLF, LF or CR ends one) and knows where each starts, so text that is not
 * valid in the encoding is reported with its line, and a record can be found by the line FastCSV says it starts
 * on.</li>
 * <li>It keeps the text from the start of the record being read ({@link #keepFrom}), so the record can be
 * compared with what the file says ({@link #endOfQuoted}).</li>
 * <li>A CR not followed by LF reaches FastCSV as LF: FastCSV 4.1.0 drops a quoted field that holds a bare CR
 * when the field is followed by LF (its "last char was CR" state outlives the closing quote) and miscounts the
 * lines after it. The file's own CR stays in the kept text, where the record check finds it again.</li>
 * <li>Text that does not end with a line break gets one, so that the only record that runs into the end of the
 * text ({@link #ended}) is one whose quoted field is never closed: FastCSV 4.1.0 returns such a field as if it
 * had been closed.</li>
 * </ul>
 */
final class CsvText extends Reader {

    private static final int NONE = -1;
    private static final int INITIAL_KEPT_CHARS = 16 * 1024;

    private final Reader in;
    /** The char read after a CR at the end of a chunk, to tell a CRLF from a bare CR; given out next. */
    private int held = NONE;
    private boolean sourceEnded;
    private boolean ended;
    private CharacterCodingException invalid;
    /** How many chars have been given out, the added final line break included. */
    private long delivered;
    /** The file's last char given out. */
    private char previous;
    private boolean bareCrs;

    /** Where each line starts: {@code lineStarts[i]} is the offset of line {@code firstLine + i}. */
    private long[] lineStarts = new long[64];
    private long firstLine = 1;
    private int lineCount = 1;
    /** The line of the record being read: no line before it is needed again. */
    private long keptLine = 1;

    /** The text given out from offset {@code keptFrom} on, as the file has it. */
    private char[] kept = new char[INITIAL_KEPT_CHARS];
    private long keptFrom;
    private int keptLength;

    CsvText(Reader in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        if (invalid != null) {
            throw invalidText();
        }
        if (ended) {
            return -1;
        }
        int count = 0;
        if (held != NONE) {
            target[offset] = (char) held;
            held = NONE;
            count = 1;
        }
        if (count < length && !sourceEnded) {
            int read = readSource(target, offset + count, length - count);
            if (read > 0) {
                count += read;
            } else if (count == 0 && invalid != null) {
                throw invalidText();
            }
        }
        if (count == 0) {
            return finish(target, offset);
        }
        if (target[offset + count - 1] == '\r' && !sourceEnded && invalid == null) {
            held = readSourceChar();
        }
        keep(target, offset, count);
        indexLines(target, offset, count);
        return count;
    }

    /** Reads from the file; -1 at its end or when its text is not valid (then {@link #invalid} tells). */
    private int readSource(char[] target, int offset, int length) throws IOException {
        try {
            int read;
            do {
                read = in.read(target, offset, length);
            } while (read == 0);
            sourceEnded = read < 0;
            return read;
        } catch (CharacterCodingException e) {
            invalid = e;
            return NONE;
        }
    }

    private int readSourceChar() throws IOException {
        char[] one = new char[1];
        int read = readSource(one, 0, 1);
        return read > 0 ? one[0] : NONE;
    }

    /** The text has been given out: adds the missing final line break once, then ends. */
    private int finish(char[] target, int offset) {
        if (delivered > 0 && previous != '\n' && previous != '\r') {
            target[offset] = '\n';
            keep(target, offset, 1);
            indexLines(target, offset, 1);
            return 1;
        }
        ended = true;
        return -1;
    }

    /** Records where lines start and turns each bare CR into LF in {@code text}, which is given out next. */
    private void indexLines(char[] text, int offset, int count) {
        int end = offset + count;
        long start = delivered - offset;
        for (int i = offset; i < end; i++) {
            char c = text[i];
            if (c > '\r') {
                continue;
            }
            if (c == '\r') {
                int next = i + 1 < end ? text[i + 1] : held;
                if (next == '\n') {
                    // a CRLF: the line starts after the LF, even when the LF is only given out with the next chunk
                    addLineStart(start + i + 2);
                } else {
                    text[i] = '\n';
                    bareCrs = true;
                    addLineStart(start + i + 1);
                }
            } else if (c == '\n' && (i > offset ? text[i - 1] : previous) != '\r') {
                // (a CR turned into LF is never followed by LF, so text[i - 1] still tells a CRLF)
                addLineStart(start + i + 1);
            }
        }
        previous = kept[keptLength - 1];
        delivered += count;
    }

    private void addLineStart(long position) {
        if (lineCount == lineStarts.length) {
            int drop = (int) (keptLine - firstLine);
            if (drop > lineCount / 2) {
                System.arraycopy(lineStarts, drop, lineStarts, 0, lineCount - drop);
                lineCount -= drop;
                firstLine = keptLine;
            } else {
                lineStarts = Arrays.copyOf(lineStarts, lineStarts.length * 2);
            }
        }
        lineStarts[lineCount++] = position;
    }

    private void keep(char[] text, int offset, int count) {
        if (keptLength + count > kept.length) {
            int drop = (int) (startOf(keptLine) - keptFrom);
            System.arraycopy(kept, drop, kept, 0, keptLength - drop);
            keptLength -= drop;
            keptFrom += drop;
            if (keptLength + count > kept.length) {
                kept = Arrays.copyOf(kept, Math.max(kept.length * 2, keptLength + count));
            }
        }
        System.arraycopy(text, offset, kept, keptLength, count);
        keptLength += count;
    }

    private CsvFormatException invalidText() {
        String problem = invalid.getMessage() != null ? invalid.getMessage() : "not valid text in the file's encoding";
        // Every char read before the invalid text has been given out: it is on the line after the last break.
        return new CsvFormatException(firstLine + lineCount - 1, problem, invalid);
    }

    /** Declares that the text before {@code line} (where the record being read starts) is not needed again. */
    void keepFrom(long line) {
        startOf(line);
        keptLine = line;
    }

    /** The offset in the text at which {@code line} starts; the line has to be the kept one or a later one. */
    long startOf(long line) {
        if (line < keptLine || line >= firstLine + lineCount) {
            throw new IllegalStateException("line " + line + " is not known (kept from " + keptLine + ")");
        }
        return lineStarts[(int) (line - firstLine)];
    }

    /**
     * Where {@code value} ends if the text at {@code position} is that value written between quotes with each
     * quote doubled, or -1 if it is not. A bare CR in the text matches the LF it was given out as.
     */
    long endOfQuoted(long position, String value) {
        int at = (int) (position - keptFrom);
        int end = keptLength;
        if (at >= end || kept[at++] != '"') {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (at >= end) {
                return -1;
            }
            char written = kept[at++];
            if (written != c && !(written == '\r' && c == '\n')
                    || c == '"' && (at >= end || kept[at++] != '"')) {
                return -1;
            }
        }
        return at < end && kept[at] == '"' ? keptFrom + at + 1 : -1;
    }

    /** {@code value}, as found quoted at {@code position} by {@link #endOfQuoted}, with the text's bare CRs back. */
    String withBareCrs(long position, String value) {
        if (!bareCrs || value.indexOf('\n') < 0) {
            return value;
        }
        char[] chars = value.toCharArray();
        int at = (int) (position - keptFrom) + 1;
        for (int i = 0; i < chars.length; i++) {
            chars[i] = kept[at++];
            if (chars[i] == '"') {
                at++;
            }
        }
        return new String(chars);
    }

    /** The file's char at {@code position}, or -1 past the text given out. */
    int charAt(long position) {
        int at = (int) (position - keptFrom);
        return at < keptLength ? kept[at] : NONE;
    }

    /** The text has been read to its end: a record being built now ran into it. */
    boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
