package dev.provhub.sync.mapping;

import java.util.List;
import java.util.Map;

/**
 * An Entra user as the application will hold it, after the attribute mapping and the transformations: what a sync
 * writes to the user, and the groups its {@code --map-attr-to-group} attributes name.
 *
 * @param attributeGroups per {@code --map-attr-to-group} attribute, the group names its values give
 */
public record MappedUser(String graphId, String userName, String firstName, String lastName, String email,
        String upn, String displayName, String trustedServerUserName, Map<String, String> customAttributes,
        Map<String, List<String>> attributeGroups, boolean enabled) {

    public MappedUser {
        customAttributes = Map.copyOf(customAttributes);
        attributeGroups = Map.copyOf(attributeGroups);
    }
}
