package dev.provhub.importer.org;

/** An organisation's import configuration is refused; the message names the attribute and the reason. */
public class InvalidSettingsException extends RuntimeException {

    private final String attribute;

    public InvalidSettingsException(String attribute, String reason) {
        super(attribute + ": " + reason);
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }
}
