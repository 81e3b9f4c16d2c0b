package dev.provhub.importer.rules;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** The integrations this service knows, by name and alias (case-insensitive). */
@ApplicationScoped
public class ImportIntegrations {

    private static final ImportIntegration NONE = () -> "none";

    private final Map<String, ImportIntegration> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    ImportIntegrations(Instance<ImportIntegration> integrations) {
        for (ImportIntegration integration : integrations) {
            byName.put(integration.name(), integration);
            integration.aliases().forEach(alias -> byName.put(alias, integration));
        }
    }

    public Set<String> names() {
        var names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(byName.keySet());
        return names;
    }

    /** The named integration; the empty one when {@code name} is blank. */
    public ImportIntegration byName(String name) {
        if (name == null || name.isBlank()) {
            return NONE;
        }
        ImportIntegration integration = byName.get(name.trim());
        if (integration == null) {
            throw new FileRejectedException("the organisation's integration '" + name + "' is not installed");
        }
        return integration;
    }
}
