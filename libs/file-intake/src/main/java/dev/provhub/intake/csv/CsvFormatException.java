package dev.provhub.intake.csv;

import java.io.IOException;

/**
 * An imported CSV file cannot be read any further: its text is not valid in its encoding, a quoted field is never
 * closed, or a record exceeds a {@link CsvLimits limit}. The {@link CsvReader} that threw it is finished and throws
 * it again on every later call.
 *
 * <p>
 * The subclass {@link CsvRecordException} is the exception to that rule: it rejects one record only.
 */
public class CsvFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long line;
    private final String problem;

    public CsvFormatException(long line, String problem) {
        this(line, problem, null);
    }

    public CsvFormatException(long line, String problem, Throwable cause) {
        super("line " + line + ": " + problem, cause);
        this.line = line;
        this.problem = problem;
    }

    /** The 1-based physical line of the file the problem is reported at. */
    public long line() {
        return line;
    }

    /** What is wrong, without the line number, e.g. {@code not valid UTF-8}. */
    public String problem() {
        return problem;
    }
}
