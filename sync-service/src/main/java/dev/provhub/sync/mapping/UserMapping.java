package dev.provhub.sync.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;

import dev.provhub.sync.directory.AppUser;
import dev.provhub.sync.graph.GraphUser;
import dev.provhub.sync.run.SyncOptions;
import dev.provhub.sync.transform.AttributeTransformations;

/**
 * Maps an Entra user to an application user as a run's options say: which attribute gives the user name, first
 * and last name, e-mail, trusted-server user name and custom attributes, then the transformations in order.
 */
public final class UserMapping {

    private final SyncOptions options;
    private final AttributeNames names;
    private final AttributeTransformations transformations;

    public UserMapping(SyncOptions options) {
        this.options = options;
        this.names = new AttributeNames(options.customAttrAppId());
        this.transformations = AttributeTransformations.parse(options.attributesTransformation());
    }

    /** The user properties to {@code $select}: only what the mapping reads. */
    public List<String> select() {
        var select = new LinkedHashSet<String>();
        select.add("id");
        select.add("accountEnabled");
        select.add("userPrincipalName");
        select.add("displayName");
        for (String attribute : attributes()) {
            select.add(names.selectName(attribute));
        }
        return List.copyOf(select);
    }

    private List<String> attributes() {
        var attributes = new ArrayList<String>(List.of(options.usernameAttr(), options.firstNameAttr(),
                options.lastNameAttr(), options.emailAttr()));
        if (options.trustedServerUsernameAttr() != null) {
            attributes.add(options.trustedServerUsernameAttr());
        }
        attributes.addAll(options.customUserAttributes());
        attributes.addAll(options.mapAttrToGroup());
        return attributes;
    }

    /**
     * The application user, or null when the user name attribute has no value (the user cannot be synced; the
     * caller reports it).
     */
    public MappedUser map(GraphUser user) {
        String userName = transformations.apply(AttributeTransformations.USERNAME, value(user,
                options.usernameAttr()));
        if (userName == null || userName.isBlank()) {
            return null;
        }
        var custom = new TreeMap<String, String>();
        for (String attribute : options.customUserAttributes()) {
            String value = transformations.apply(attribute, value(user, attribute));
            if (value != null) {
                custom.put(attribute, value);
            }
        }
        var attributeGroups = new LinkedHashMap<String, List<String>>();
        for (String attribute : options.mapAttrToGroup()) {
            var groups = new ArrayList<String>();
            for (String value : user.values(names.graphName(attribute))) {
                String group = transformations.apply(attribute, value);
                if (group != null && !group.isBlank() && !groups.contains(group.trim())) {
                    groups.add(group.trim());
                }
            }
            attributeGroups.put(attribute, groups);
        }
        String trusted = options.trustedServerUsernameAttr() == null ? null
                : transformations.apply(AttributeTransformations.TRUSTED_SERVER_USERNAME,
                        value(user, options.trustedServerUsernameAttr()));
        return new MappedUser(user.id(), userName.trim(),
                limit(transformations.apply(AttributeTransformations.FIRST_NAME, value(user, options.firstNameAttr()))),
                limit(transformations.apply(AttributeTransformations.LAST_NAME, value(user, options.lastNameAttr()))),
                transformations.apply(AttributeTransformations.EMAIL, value(user, options.emailAttr())),
                user.value("userPrincipalName"), user.value("displayName"), trusted, custom, attributeGroups,
                user.enabled());
    }

    private String value(GraphUser user, String attribute) {
        return user.value(names.graphName(attribute));
    }

    /** The seed's 100-character limit for first and last names. */
    private static String limit(String name) {
        return name == null || name.length() <= AppUser.NAME_LIMIT ? name : name.substring(0, AppUser.NAME_LIMIT);
    }
}
