package dev.provhub.m365sim.tenant;

import java.util.List;

/** The kinds of directory object a group can hold, with their OData names and default property sets. */
public enum DirectoryObjectType {

    USER("microsoft.graph.user", "users", "User", List.of("businessPhones", "displayName", "givenName", "jobTitle",
            "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id")),
    GROUP("microsoft.graph.group", "groups", "Group", List.of("id", "deletedDateTime", "classification",
            "createdDateTime", "creationOptions", "description", "displayName", "expirationDateTime", "groupTypes",
            "isAssignableToRole", "mail", "mailEnabled", "mailNickname", "membershipRule",
            "membershipRuleProcessingState", "onPremisesDomainName", "onPremisesLastSyncDateTime",
            "onPremisesNetBiosName", "onPremisesSamAccountName", "onPremisesSecurityIdentifier",
            "onPremisesSyncEnabled", "preferredDataLocation", "preferredLanguage", "proxyAddresses",
            "renewedDateTime", "resourceBehaviorOptions", "resourceProvisioningOptions", "securityEnabled",
            "securityIdentifier", "theme", "visibility", "onPremisesProvisioningErrors")),
    DEVICE("microsoft.graph.device", "devices", "Device", List.of("id", "accountEnabled", "deviceId",
            "displayName", "operatingSystem", "operatingSystemVersion")),
    ORG_CONTACT("microsoft.graph.orgContact", "contacts", "OrgContact", List.of("id", "displayName", "givenName",
            "surname", "mail", "mailNickname", "companyName")),
    // a service principal's default set, as serviceprincipal-list.md shows it (all but the navigation properties)
    SERVICE_PRINCIPAL("microsoft.graph.servicePrincipal", "servicePrincipals", "ServicePrincipal", List.of("id",
            "deletedDateTime", "accountEnabled", "addIns", "alternativeNames", "appDescription", "appDisplayName",
            "appId", "appOwnerOrganizationId", "appRoleAssignmentRequired", "appRoles", "description",
            "displayName", "homepage", "info", "keyCredentials", "loginUrl", "logoutUrl", "notes",
            "oauth2PermissionScopes", "passwordCredentials", "preferredSingleSignOnMode", "publisherName",
            "replyUrls", "servicePrincipalNames", "servicePrincipalType", "signInAudience", "tags"));

    private final String odataType;
    private final String entitySet;
    private final String resourceName;
    private final List<String> defaultProperties;

    DirectoryObjectType(String odataType, String entitySet, String resourceName, List<String> defaultProperties) {
        this.odataType = odataType;
        this.entitySet = entitySet;
        this.resourceName = resourceName;
        this.defaultProperties = defaultProperties;
    }

    /** {@code #microsoft.graph.user}: the {@code @odata.type} annotation. */
    public String odataTypeAnnotation() {
        return "#" + odataType;
    }

    /** {@code microsoft.graph.user}: the name of an OData cast segment. */
    public String castName() {
        return odataType;
    }

    /** {@code users}: the entity set in {@code @odata.context}. */
    public String entitySet() {
        return entitySet;
    }

    /** {@code User}: how Graph names the resource in query errors. */
    public String resourceName() {
        return resourceName;
    }

    public List<String> defaultProperties() {
        return defaultProperties;
    }

    /** The type a cast segment names: {@code microsoft.graph.user}, or {@code graph.user} as the SDKs write it. */
    public static DirectoryObjectType fromCast(String segment) {
        for (DirectoryObjectType type : values()) {
            if (type.castName().equalsIgnoreCase(segment)
                    || type.castName().substring("microsoft.".length()).equalsIgnoreCase(segment)) {
                return type;
            }
        }
        return null;
    }
}
