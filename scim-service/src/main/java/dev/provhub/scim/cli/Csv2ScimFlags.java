package dev.provhub.scim.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CSV2SCIM's parameters as the command takes them: {@code -Path file}, {@code -AttributeMapping file},
 * {@code -ScimSchemaNamespace urn}, {@code -ServicePrincipalId id}, {@code -ClientId id}, {@code -ClientCertificate
 * file}, {@code -TenantId id}, {@code -NumberOfCycles n} and the switches {@code -ValidateAttributeMapping},
 * {@code -UpdateSchema}, {@code -GetPreviousCycleLogs}, {@code -RestartService}; names without case, as PowerShell
 * takes them. Added: {@code -JobId} (the provisioning job when there are several) and {@code -Full} (send records that
 * did not change too).
 */
public record Csv2ScimFlags(Map<String, String> values, Set<String> switches) {

    private static final Set<String> VALUED = Set.of("path", "attributemapping", "scimschemanamespace",
            "serviceprincipalid", "clientid", "clientcertificate", "tenantid", "numberofcycles", "jobid");
    private static final Set<String> SWITCHES = Set.of("validateattributemapping", "updateschema",
            "getpreviouscyclelogs", "restartservice", "full");

    /** @throws IllegalArgumentException naming an unknown or incomplete parameter */
    public static Csv2ScimFlags parse(String... args) {
        var values = new HashMap<String, String>();
        var switches = new java.util.HashSet<String>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                throw new IllegalArgumentException("unexpected '" + arg + "': parameters are -Name value or -Switch");
            }
            String name = arg.replaceFirst("^-+", "").toLowerCase(Locale.ROOT).replace("-", "");
            if (SWITCHES.contains(name)) {
                switches.add(name);
            } else if (VALUED.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown parameter " + arg + " (known: -Path, -AttributeMapping, "
                        + "-ScimSchemaNamespace, -ValidateAttributeMapping, -ServicePrincipalId, -JobId, -ClientId, "
                        + "-ClientCertificate, -TenantId, -UpdateSchema, -GetPreviousCycleLogs, -NumberOfCycles, "
                        + "-RestartService, -Full)");
            }
        }
        return new Csv2ScimFlags(Map.copyOf(values), Set.copyOf(switches));
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean has(String name) {
        return switches.contains(name.toLowerCase(Locale.ROOT));
    }
}
