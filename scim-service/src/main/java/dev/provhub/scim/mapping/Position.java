package dev.provhub.scim.mapping;

/** Where something is in a mapping file: the file's name, 1-based line and column. */
public record Position(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
