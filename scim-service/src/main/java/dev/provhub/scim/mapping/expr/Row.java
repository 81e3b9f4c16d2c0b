package dev.provhub.scim.mapping.expr;

/** One source record as expressions see it: its values by column index (resolved once, when the mapping is bound). */
@FunctionalInterface
public interface Row {

    /** The value of column {@code index}; an empty cell is {@code ""}, never null. */
    String value(int index);
}
