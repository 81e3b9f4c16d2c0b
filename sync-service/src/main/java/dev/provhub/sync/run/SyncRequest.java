package dev.provhub.sync.run;

import java.util.List;

import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import dev.provhub.httpapi.InvalidRequestException;
import dev.provhub.sync.directory.UserType;

/**
 * {@code POST /api/syncs}: the command's options as JSON (the same names in camel case). Credentials are not
 * options here: a queued run signs in with the service's configured app registration.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(description = "The options of mi-o365-usersync provision, as JSON")
public record SyncRequest(
        @Schema(description = "Office 365 group names (group_dns)") List<String> groups,
        @Schema(description = "only groups whose name starts with this") String filter,
        Boolean verbose, Boolean dryRun, Boolean fullSummary,
        @Pattern(regexp = "regular|administrator|power_user") String userType,
        String usernameAttr, String firstNameAttr, String lastNameAttr, String emailAttr,
        Boolean skipDefaultGroup, Boolean processChildGroups,
        @Schema(description = "absent: none; 'all' or 'groups'") @Pattern(regexp = "all|groups|none") String autoCreate,
        Boolean force, String targetGroup,
        List<String> customUserAttribute, List<String> mapAttrToGroup, String customAttrAppId,
        String trustedServerUsernameAttr, String username,
        @Schema(description = "the seed's syntax as a string, or the rules as a JSON array") JsonNode attributesTransformation,
        List<String> processUsers, Boolean full) {

    SyncOptions toOptions() {
        if (processUsers != null && processUsers.stream().anyMatch(u -> u != null && u.startsWith("@"))) {
            throw new InvalidRequestException("processUsers", "send the user names as a list; @file is for the command");
        }
        String transformation = attributesTransformation == null || attributesTransformation.isNull() ? null
                : attributesTransformation.isTextual() ? attributesTransformation.asText()
                        : attributesTransformation.toString();
        AutoCreate create = autoCreate == null || autoCreate.equals("none") ? AutoCreate.NONE
                : autoCreate.equals("all") ? AutoCreate.ALL : AutoCreate.GROUPS;
        return new SyncOptions(groups, filter, on(verbose), on(dryRun), false, on(fullSummary),
                userType == null ? null : UserType.fromWireName(userType), usernameAttr, firstNameAttr, lastNameAttr,
                emailAttr, on(skipDefaultGroup), on(processChildGroups), create, on(force), targetGroup,
                customUserAttribute, mapAttrToGroup, customAttrAppId, trustedServerUsernameAttr, username,
                transformation, processUsers, null, on(full));
    }

    private static boolean on(Boolean flag) {
        return flag != null && flag;
    }
}
