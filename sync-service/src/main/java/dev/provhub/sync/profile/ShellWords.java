package dev.provhub.sync.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a profile's options into arguments as a POSIX shell would for a plain command line: words separated by
 * spaces, single quotes literal, double quotes with {@code \"} and {@code \\}, a backslash outside quotes escaping
 * the next character. Nothing is expanded or run.
 */
public final class ShellWords {

    private ShellWords() {
    }

    public static List<String> split(String line) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("an unclosed ' in: " + line);
                }
                word.append(line, i + 1, close);
                i = close;
                inWord = true;
            } else if (c == '"') {
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"'
                            || line.charAt(i + 1) == '\\')) {
                        d = line.charAt(++i);
                    }
                    word.append(d);
                    i++;
                }
                if (i >= line.length()) {
                    throw new IllegalArgumentException("an unclosed \" in: " + line);
                }
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
