package dev.provhub.intake.zip;

import java.util.Objects;

/**
 * A dropped archive breaks one of the rules that keep extraction safe, such as an entry whose path leads out of
 * the target directory or one that unpacks to far more than its compressed size.
 */
public class UnsafeArchiveException extends ArchiveException {

    private static final long serialVersionUID = 1L;

    /** The rules an archive must keep. */
    public enum Rule {
        /** An entry's path is absolute, has a drive letter or backslash, or leads outside the target. */
        UNSAFE_PATH,
        /** The archive lists more entries than {@link ZipLimits#maxEntries()}. */
        TOO_MANY_ENTRIES,
        /** An entry is itself an archive; archives are not unpacked recursively. */
        NESTED_ARCHIVE,
        /** An entry is a symbolic link. */
        SYMBOLIC_LINK,
        /** Two entries lead to the same file. */
        DUPLICATE_ENTRY,
        /** An entry unpacks to more than {@link ZipLimits#maxEntryBytes()}. */
        ENTRY_TOO_LARGE,
        /** The entries together unpack to more than {@link ZipLimits#maxTotalBytes()}. */
        ARCHIVE_TOO_LARGE,
        /** An entry unpacks to more than {@link ZipLimits#maxCompressionRatio()} times its compressed size. */
        COMPRESSION_RATIO
    }

    private final Rule rule;
    private final String entry;

    public UnsafeArchiveException(Rule rule, String entry, String message) {
        super(message, null);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.entry = entry;
    }

    /** The rule the archive breaks. */
    public Rule rule() {
        return rule;
    }

    /** The name of the entry that breaks it, as written in the archive. */
    public String entry() {
        return entry;
    }
}
