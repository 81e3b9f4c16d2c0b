package dev.provhub.importer.org;

/** An organisation's import configuration is refused; the message names the attribute and the reason. */
public class InvalidSettingsException extends RuntimeException {

    private final String attribute;
    private final String reason;

    public InvalidSettingsException(String attribute, String reason) {
        super(attribute + ": " + reason);
        this.attribute = attribute;
        this.reason = reason;
    }

    /** What is wrong, without the attribute's name. */
    public String reason() {
        return reason;
    }

    public String attribute() {
        return attribute;
    }
}
