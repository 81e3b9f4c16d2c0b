package dev.provhub.m365sim.graph;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.provhub.m365sim.http.GraphException;

/**
 * Which {@code $filter} operators each property of a resource supports, by default or only with the advanced query
 * parameters ({@code ConsistencyLevel: eventual} and {@code $count=true}), after the tables of "Advanced query
 * capabilities on Microsoft Entra ID objects". A property not listed cannot be filtered on at all; {@code in} goes
 * with {@code eq}; {@code ne} and {@code not} need the advanced parameters wherever {@code eq} works.
 */
public final class FilterCapabilities {

    private static final Set<String> EQ = Set.of("eq", "in");
    private static final Set<String> EQ_STARTS = Set.of("eq", "in", "startswith");
    private static final String ADVANCED_HINT = " is not supported because the required parameters might be "
            + "missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to "
            + "https://aka.ms/graph-docs/advanced-queries for more information";

    private final String resourceName;
    private final boolean directoryObjects;
    private final Map<String, Set<String>> byDefault = new HashMap<>();
    private final Map<String, Set<String>> advancedOnly = new HashMap<>();
    private boolean extensions;

    private FilterCapabilities(String resourceName, boolean directoryObjects) {
        this.resourceName = resourceName;
        this.directoryObjects = directoryObjects;
    }

    public static final FilterCapabilities GROUP = new FilterCapabilities("Group", true)
            .property("id", EQ).property("displayName", EQ_STARTS).property("mail", EQ_STARTS, "endswith")
            .property("mailNickname", EQ_STARTS).property("securityEnabled", EQ).property("mailEnabled", EQ)
            .property("description", Set.of(), "eq", "startswith").property("groupTypes", Set.of("any"))
            .property("proxyAddresses", Set.of("any")).property("hasMembersWithLicenseErrors", Set.of("eq"));

    public static final FilterCapabilities USER = new FilterCapabilities("User", true)
            .property("id", EQ).property("userPrincipalName", EQ_STARTS, "endswith")
            .property("displayName", EQ_STARTS).property("givenName", EQ_STARTS).property("surname", EQ_STARTS)
            .property("mail", EQ_STARTS, "endswith").property("mailNickname", EQ_STARTS)
            .property("accountEnabled", EQ).property("employeeId", EQ_STARTS).property("jobTitle", EQ_STARTS)
            .property("department", EQ_STARTS).property("companyName", EQ_STARTS).property("userType", EQ)
            .property("city", EQ_STARTS).property("country", EQ_STARTS).property("officeLocation", EQ_STARTS)
            .property("proxyAddresses", Set.of("any")).withExtensions();

    public static final FilterCapabilities DIRECTORY_OBJECT = new FilterCapabilities("DirectoryObject", true)
            .property("id", EQ).property("displayName", EQ_STARTS).property("mail", EQ_STARTS, "endswith")
            .property("userPrincipalName", EQ_STARTS, "endswith");

    public static final FilterCapabilities SERVICE_PRINCIPAL = new FilterCapabilities("ServicePrincipal", true)
            .property("id", EQ).property("appId", EQ).property("displayName", EQ_STARTS)
            .property("accountEnabled", EQ).property("servicePrincipalNames", Set.of("any"))
            .property("tags", Set.of("any"));

    /** Provisioning logs take {@code eq}, {@code contains}, {@code gt}, {@code lt} and friends without headers. */
    public static final FilterCapabilities PROVISIONING_LOG = logs();

    private static FilterCapabilities logs() {
        Set<String> text = Set.of("eq", "ne", "in", "contains", "startswith");
        Set<String> time = Set.of("eq", "ne", "gt", "ge", "lt", "le");
        return new FilterCapabilities("ProvisioningObjectSummary", false).property("id", text)
                .property("jobId", text).property("cycleId", text).property("changeId", text)
                .property("activityDateTime", time).property("provisioningAction", text)
                .property("provisioningStatusInfo/status", text).property("sourceIdentity/id", text)
                .property("sourceIdentity/displayName", text).property("targetIdentity/id", text)
                .property("targetIdentity/displayName", text).property("servicePrincipal/id", text)
                .property("durationInMilliseconds", time);
    }

    private FilterCapabilities property(String name, Set<String> defaults, String... advanced) {
        byDefault.put(name.toLowerCase(Locale.ROOT), defaults);
        advancedOnly.put(name.toLowerCase(Locale.ROOT), Set.of(advanced));
        return this;
    }

    /** Directory extensions and onPremisesExtensionAttributes: {@code eq} (null too); {@code ne} when advanced. */
    private FilterCapabilities withExtensions() {
        this.extensions = true;
        return this;
    }

    /**
     * @throws GraphException 400 {@code Request_UnsupportedQuery} naming the property or operator Graph would
     *         refuse
     */
    public void check(Filter filter, boolean advanced) {
        filter.leaves(leaf -> {
            if (leaf instanceof Filter.Not) {
                if (directoryObjects && !advanced) {
                    throw GraphException.unsupportedQuery("Operator 'not'" + ADVANCED_HINT);
                }
            } else if (leaf instanceof Filter.Comparison comparison) {
                require(comparison.path(), comparison.operator(), advanced);
            } else if (leaf instanceof Filter.Membership membership) {
                require(membership.path(), "in", advanced);
            } else if (leaf instanceof Filter.TextFunction function) {
                require(function.path(), function.function(), advanced);
            } else if (leaf instanceof Filter.Any any) {
                require(any.path(), "any", advanced);
            }
        });
    }

    private void require(String path, String operator, boolean advanced) {
        String key = path.toLowerCase(Locale.ROOT);
        Set<String> defaults = byDefault.get(key);
        Set<String> advancedOps = advancedOnly.getOrDefault(key, Set.of());
        if (defaults == null && extensions && isExtension(key)) {
            defaults = Set.of("eq", "in");
            advancedOps = Set.of("ne");
        }
        if (defaults == null) {
            throw unsupportedProperty(path);
        }
        if (defaults.contains(operator)) {
            return;
        }
        boolean negation = directoryObjects && operator.equals("ne") && defaults.contains("eq");
        if (advancedOps.contains(operator) || negation) {
            if (!advanced) {
                throw GraphException.unsupportedQuery("Operator '" + operator + "'" + ADVANCED_HINT);
            }
            return;
        }
        throw unsupportedProperty(path);
    }

    private static boolean isExtension(String key) {
        return key.startsWith("extension_") || key.startsWith("onpremisesextensionattributes/extensionattribute");
    }

    private GraphException unsupportedProperty(String path) {
        return GraphException.unsupportedQuery("Unsupported or invalid query filter clause specified for property '"
                + path + "' of resource '" + resourceName + "'.");
    }
}
