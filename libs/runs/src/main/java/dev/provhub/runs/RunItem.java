package dev.provhub.runs;

/**
 * What a run has to say about one line or key: a rejected row, a skipped user, a withheld member.
 *
 * @param line the 1-based line of the input it is about, or null
 * @param key the key it is about (a member number, an external id), or null
 * @param kind {@code failed}, {@code skipped}, {@code withheld}, ...
 * @param reason why, for a person
 * @param detail the row or record as it was (secrets redacted), or null
 */
public record RunItem(Long line, String key, String kind, String reason, String detail) {

    public static RunItem atLine(long line, String kind, String reason, String detail) {
        return new RunItem(line, null, kind, reason, detail);
    }

    public static RunItem forKey(String key, String kind, String reason) {
        return new RunItem(null, key, kind, reason, null);
    }
}
