package dev.provhub.intake.csv;

/**
 * One record of an imported CSV file is malformed, but the file is not: the {@link CsvReader} has already skipped
 * to the end of that record, and the next call to {@link CsvReader#next()} returns the record after it. An import
 * reports the line and goes on.
 */
public class CsvRecordException extends CsvFormatException {

    private static final long serialVersionUID = 1L;

    public CsvRecordException(long line, String problem) {
        super(line, problem);
    }
}
