package dev.provhub.scim.mapping.expr;

import java.util.Arrays;

import dev.provhub.scim.mapping.Position;

/** A mapping file's text with its line starts, to turn offsets into lines and columns. */
public final class SourceText {

    private final String file;
    private final String text;
    private final int[] lineStarts;

    public SourceText(String file, String text) {
        this.file = file;
        this.text = text;
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    public String file() {
        return file;
    }

    public String text() {
        return text;
    }

    public Position at(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        int line = index >= 0 ? index : -index - 2;
        return new Position(file, line + 1, offset - lineStarts[line] + 1);
    }
}
