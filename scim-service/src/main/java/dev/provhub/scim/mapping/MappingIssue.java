package dev.provhub.scim.mapping;

/**
 * One thing validation found in a mapping: its kind, the attribute path in the mapping
 * ({@code addresses[0].type}, {@code urn:...:User.manager.value}), where it is in the file, and what is wrong.
 */
public record MappingIssue(Kind kind, String path, Position position, String message) {

    public enum Kind {
        /** A script block or structure the safe language refuses, or a syntax error. */
        SYNTAX(true),
        /** A top-level attribute that is not in the core User schema. */
        UNKNOWN_ATTRIBUTE(true),
        /** A sub-attribute that its complex attribute (or the enterprise extension) does not have. */
        UNKNOWN_SUB_ATTRIBUTE(true),
        /** A multi-valued attribute mapped to something other than an array @( ). */
        MULTI_VALUED_NOT_ARRAY(true),
        /** A complex attribute mapped to a string, script block or constant instead of a hashtable @{ }. */
        COMPLEX_AS_VALUE(true),
        /** A simple attribute mapped to a hashtable. */
        SIMPLE_AS_HASHTABLE(true),
        /** A single-valued attribute mapped to an array. */
        SINGLE_VALUED_AS_ARRAY(true),
        /** A column that the source (the CSV's header, the event's fields) does not have. */
        MISSING_COLUMN(true),
        /** The same attribute twice in one hashtable. */
        DUPLICATE_ATTRIBUTE(true),
        /** An extension namespace ({@code urn:...}) that is not a known schema: sent as it is, not checked. */
        UNKNOWN_NAMESPACE(false);

        private final boolean error;

        Kind(boolean error) {
            this.error = error;
        }

        public boolean error() {
            return error;
        }
    }

    public boolean error() {
        return kind.error();
    }

    @Override
    public String toString() {
        return (error() ? "error " : "warning ") + position + " " + path + ": " + message;
    }
}
