package dev.provhub.sync.mapping;

import java.util.Locale;
import java.util.Set;

/**
 * Where a user attribute named on the command line lives in Graph: a user property ({@code department}), a
 * nested one ({@code onPremisesExtensionAttributes.extensionAttribute1}), a directory extension by its full name
 * ({@code extension_<app>_<name>}), or, with {@code --custom-attr-app-id}, a directory extension by its short name
 * ({@code staffNumber} is {@code extension_<app id without dashes>_staffNumber}).
 */
public final class AttributeNames {

    /** The properties of Graph's user resource (v1.0). */
    private static final Set<String> USER_PROPERTIES = lower(Set.of("id", "accountEnabled", "ageGroup",
            "businessPhones", "city", "companyName", "country", "createdDateTime", "creationType", "deletedDateTime",
            "department", "displayName", "employeeHireDate", "employeeLeaveDateTime", "employeeId",
            "employeeOrgData", "employeeType", "externalUserState", "faxNumber", "givenName", "identities",
            "imAddresses", "isResourceAccount", "jobTitle", "lastPasswordChangeDateTime", "mail", "mailNickname",
            "mobilePhone", "officeLocation", "onPremisesDistinguishedName", "onPremisesDomainName",
            "onPremisesExtensionAttributes", "onPremisesImmutableId", "onPremisesLastSyncDateTime",
            "onPremisesSamAccountName", "onPremisesSecurityIdentifier", "onPremisesSyncEnabled",
            "onPremisesUserPrincipalName", "otherMails", "postalCode", "preferredDataLocation", "preferredLanguage",
            "proxyAddresses", "securityIdentifier", "showInAddressList", "state", "streetAddress", "surname",
            "usageLocation", "userPrincipalName", "userType"));

    private final String extensionApp;

    /** @param customAttrAppId the seed's {@code --custom-attr-app-id}, or null */
    public AttributeNames(String customAttrAppId) {
        this.extensionApp = customAttrAppId == null || customAttrAppId.isBlank() ? null
                : customAttrAppId.replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** The name Graph knows the attribute by (what {@link dev.provhub.sync.graph.GraphUser} holds). */
    public String graphName(String attribute) {
        String name = attribute.trim();
        String property = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (USER_PROPERTIES.contains(property.toLowerCase(Locale.ROOT)) || property.startsWith("extension_")
                || extensionApp == null) {
            return name;
        }
        return "extension_" + extensionApp + "_" + name;
    }

    /** The property to {@code $select} for the attribute. */
    public String selectName(String attribute) {
        String name = graphName(attribute);
        return name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    }

    private static Set<String> lower(Set<String> names) {
        return Set.copyOf(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }
}
