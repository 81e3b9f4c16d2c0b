package dev.provhub.scim.mapping;

/**
 * A mapping file that cannot be read as a mapping: bad syntax, or something the safe expression language refuses
 * (a command, a variable, a method or type that is not on the list). Names the file, line and column.
 */
public class MappingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Position position;

    public MappingException(Position position, String message) {
        super(position + ": " + message);
        this.position = position;
    }

    public Position position() {
        return position;
    }

    /** The message without the position. */
    public String reason() {
        String message = getMessage();
        String prefix = position + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
