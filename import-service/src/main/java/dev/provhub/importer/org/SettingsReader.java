package dev.provhub.importer.org;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Turns the attributes an administrator gives (REST body or declarative file) into {@link ImportSettings}: our
 * names and the seed's {@code System.Customer...} names alike; an unknown attribute is refused by name.
 */
public final class SettingsReader {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SettingsReader() {
    }

    public static ImportSettings read(Map<String, Object> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return ImportSettings.defaults();
        }
        var normalised = new LinkedHashMap<String, Object>();
        attributes.forEach((name, value) -> {
            String setting = SeedAttributeNames.settingFor(name);
            if (setting != null) {
                normalised.put(setting, SeedAttributeNames.convert(setting, name, value));
            } else {
                normalised.put(name, value);
            }
        });
        try {
            return STRICT.convertValue(normalised, ImportSettings.class);
        } catch (IllegalArgumentException e) {
            throw explain(e);
        }
    }

    public static Map<String, Object> write(ImportSettings settings) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = STRICT.convertValue(settings, Map.class);
        return map;
    }

    private static InvalidSettingsException explain(IllegalArgumentException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return new InvalidSettingsException(unknown.getPropertyName(), "is not an import setting");
        }
        if (cause instanceof InvalidFormatException format && !format.getPath().isEmpty()) {
            String name = format.getPath().get(format.getPath().size() - 1).getFieldName();
            return new InvalidSettingsException(name, "has the wrong type ('" + format.getValue() + "')");
        }
        if (cause instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
                && !mapping.getPath().isEmpty()) {
            String name = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
            Throwable root = mapping;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return new InvalidSettingsException(name, firstLine(root.getMessage()));
        }
        return new InvalidSettingsException("settings", firstLine(e.getMessage()));
    }

    private static String firstLine(String message) {
        return message == null ? "invalid" : message.lines().findFirst().orElse(message);
    }
}
