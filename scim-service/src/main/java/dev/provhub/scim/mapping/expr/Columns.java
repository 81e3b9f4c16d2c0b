package dev.provhub.scim.mapping.expr;

/**
 * The columns a source has: a CSV file's header, or the fields of a user-change event. Names compare without case,
 * as PowerShell's property access does.
 */
public interface Columns {

    /** The index of column {@code name}, or -1 when the source has none of that name. */
    int indexOf(String name);

    /** A source whose columns are not known yet (a mapping checked without a CSV): every name resolves to -1. */
    Columns UNKNOWN = name -> -1;
}
