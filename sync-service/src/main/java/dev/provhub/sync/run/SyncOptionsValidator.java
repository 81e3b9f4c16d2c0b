package dev.provhub.sync.run;

import java.util.List;

import dev.provhub.events.UserChangedEvent;
import dev.provhub.sync.transform.AttributeTransformations;
import dev.provhub.sync.transform.InvalidTransformationException;

/**
 * The checks every way in (command, REST, profile) makes before a sync is queued: wrong flag combinations and
 * options that cannot be read are refused with the option named, before anything is read or changed.
 */
public final class SyncOptionsValidator {

    private SyncOptionsValidator() {
    }

    /**
     * @throws InvalidSyncOptionsException naming the option
     */
    public static SyncOptions validate(SyncOptions options) {
        if (options.groups().isEmpty() && options.filter() == null) {
            throw new InvalidSyncOptionsException("group_dns",
                    "the following arguments are required: group_dns (the group names to sync with, or --filter)");
        }
        if (options.groups().stream().anyMatch(g -> g == null || g.isBlank())) {
            throw new InvalidSyncOptionsException("group_dns", "a group name is empty");
        }
        if (options.filter() != null && options.filter().isBlank()) {
            throw new InvalidSyncOptionsException("--filter", "--filter needs the text group names start with");
        }
        if (options.targetGroup() != null && options.username() != null) {
            throw new InvalidSyncOptionsException("--target-group", "--target-group cannot be combined with --username");
        }
        if (options.targetGroup() != null && options.targetGroup().isBlank()) {
            throw new InvalidSyncOptionsException("--target-group", "--target-group needs a group name");
        }
        if (options.username() != null && !options.processUsers().isEmpty()) {
            throw new InvalidSyncOptionsException("--process-users",
                    "--process-users cannot be combined with --username (which syncs one user)");
        }
        if (options.username() != null && options.username().isBlank()) {
            throw new InvalidSyncOptionsException("--username", "--username needs a user name");
        }
        names("--custom-user-attribute", options.customUserAttributes());
        names("--map-attr-to-group", options.mapAttrToGroup());
        for (String attribute : options.customUserAttributes()) {
            if (UserChangedEvent.SECRET_NAME.matcher(attribute).matches()) {
                throw new InvalidSyncOptionsException("--custom-user-attribute", "--custom-user-attribute '"
                        + attribute + "' looks like a secret; provhub never copies passwords, hashes or secrets");
            }
        }
        String app = options.customAttrAppId();
        if (app != null && !app.replace("-", "").matches("[0-9a-fA-F]{32}")) {
            throw new InvalidSyncOptionsException("--custom-attr-app-id",
                    "--custom-attr-app-id must be an application (client) id, a GUID: " + app);
        }
        try {
            AttributeTransformations.parse(options.attributesTransformation());
        } catch (InvalidTransformationException e) {
            throw new InvalidSyncOptionsException("--attributes-transformation", e.getMessage());
        }
        return options;
    }

    private static void names(String option, List<String> names) {
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new InvalidSyncOptionsException(option, option + " has an empty attribute name");
            }
        }
    }
}
