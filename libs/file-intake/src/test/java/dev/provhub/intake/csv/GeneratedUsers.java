package dev.provhub.intake.csv;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-8 user export made up row by row as it is read, so the file never exists in memory as a whole: a header
 * and {@code rows} rows ending in CRLF, with a quoted field holding the delimiter and quotes. Row {@code n} is
 * {@code n,user<n>@example.fi,"Jyväskylä, Keski-Suomi","said ""hei"""}.
 */
final class GeneratedUsers extends InputStream {

    private final int rows;
    private int row;
    private byte[] current = "id,email,city,note\r\n".getBytes(StandardCharsets.UTF_8);
    private int position;

    GeneratedUsers(int rows) {
        this.rows = rows;
    }

    @Override
    public int read() {
        if (!ensureBytes()) {
            return -1;
        }
        return current[position++] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (!ensureBytes()) {
            return -1;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, target, offset, count);
        position += count;
        return count;
    }

    private boolean ensureBytes() {
        if (position < current.length) {
            return true;
        }
        if (row == rows) {
            return false;
        }
        row++;
        current = (row + ",user" + row + "@example.fi,\"Jyväskylä, Keski-Suomi\",\"said \"\"hei\"\"\"\r\n")
                .getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }
}
