package dev.provhub.scim.mapping.expr;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A {@code [datetime]} as {@code [datetime]::ParseExact} returns it: a date and time, with the offset the text
 * gave when it gave one.
 */
public record DateValue(LocalDateTime dateTime, ZoneOffset offset) implements Comparable<DateValue> {

    /** {@code .ToString(format)} with a .NET custom or standard format string (invariant culture). */
    public String format(String dotNetFormat) {
        DateTimeFormatter formatter = DotNetDateFormat.formatter(dotNetFormat, offset != null);
        return offset == null ? formatter.format(dateTime) : formatter.format(OffsetDateTime.of(dateTime, offset));
    }

    /** The form ConvertTo-Json gives a date: ISO 8601, with the offset when known. */
    public String iso() {
        return offset == null ? DateTimeFormatter.ISO_LOCAL_DATE_TIME.withLocale(Locale.ROOT).format(dateTime)
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.of(dateTime, offset));
    }

    @Override
    public int compareTo(DateValue other) {
        LocalDateTime mine = offset == null ? dateTime : dateTime.minusSeconds(offset.getTotalSeconds());
        LocalDateTime theirs = other.offset == null ? other.dateTime
                : other.dateTime.minusSeconds(other.offset.getTotalSeconds());
        return mine.compareTo(theirs);
    }
}
