package dev.provhub.sync.run;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.provhub.sync.directory.UserType;

/**
 * The options of one sync, as the seed's {@code provision} command takes them (the REST body and the profiles use
 * the same). Credentials are never part of them: they come from the command line, the O365_USERSYNC_* variables
 * or the configuration, and stay in the process that runs the sync.
 *
 * @param groups the Office 365 group names (positional {@code group_dns})
 * @param filter only groups whose name starts with this text
 * @param userType the type of users created ({@code -t}); null: regular
 * @param autoCreate {@code -a}
 * @param processUsers only these users (user names or UPNs); empty: all
 * @param username one user only ({@code --username})
 * @param proxy the seed's {@code --proxy-server-https-address}
 * @param full read every group in full even when the profile has delta links
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncOptions(List<String> groups, String filter, boolean verbose, boolean dryRun, boolean noSummary,
        boolean fullSummary, UserType userType, String usernameAttr, String firstNameAttr, String lastNameAttr,
        String emailAttr, boolean skipDefaultGroup, boolean processChildGroups, AutoCreate autoCreate, boolean force,
        String targetGroup, List<String> customUserAttributes, List<String> mapAttrToGroup, String customAttrAppId,
        String trustedServerUsernameAttr, String username, String attributesTransformation, List<String> processUsers,
        String proxy, boolean full) {

    public static final String DEFAULT_USERNAME_ATTR = "userPrincipalName";
    public static final String DEFAULT_FIRST_NAME_ATTR = "givenName";
    public static final String DEFAULT_LAST_NAME_ATTR = "surname";
    public static final String DEFAULT_EMAIL_ATTR = "mail";

    public SyncOptions {
        groups = groups == null ? List.of() : List.copyOf(groups);
        customUserAttributes = customUserAttributes == null ? List.of() : List.copyOf(customUserAttributes);
        mapAttrToGroup = mapAttrToGroup == null ? List.of() : List.copyOf(mapAttrToGroup);
        processUsers = processUsers == null ? List.of() : List.copyOf(processUsers);
        usernameAttr = blank(usernameAttr) ? DEFAULT_USERNAME_ATTR : usernameAttr;
        firstNameAttr = blank(firstNameAttr) ? DEFAULT_FIRST_NAME_ATTR : firstNameAttr;
        lastNameAttr = blank(lastNameAttr) ? DEFAULT_LAST_NAME_ATTR : lastNameAttr;
        emailAttr = blank(emailAttr) ? DEFAULT_EMAIL_ATTR : emailAttr;
        autoCreate = autoCreate == null ? AutoCreate.NONE : autoCreate;
        // the seed: a dry run implies -v
        verbose = verbose || dryRun;
    }

    /** The same options as a dry run, or not. */
    public SyncOptions withDryRun(boolean dry) {
        return new SyncOptions(groups, filter, verbose, dry, noSummary, fullSummary, userType, usernameAttr,
                firstNameAttr, lastNameAttr, emailAttr, skipDefaultGroup, processChildGroups, autoCreate, force,
                targetGroup, customUserAttributes, mapAttrToGroup, customAttrAppId, trustedServerUsernameAttr,
                username, attributesTransformation, processUsers, proxy, full);
    }

    /** The same options, reading in full or not. */
    public SyncOptions withFull(boolean readInFull) {
        return new SyncOptions(groups, filter, verbose, dryRun, noSummary, fullSummary, userType, usernameAttr,
                firstNameAttr, lastNameAttr, emailAttr, skipDefaultGroup, processChildGroups, autoCreate, force,
                targetGroup, customUserAttributes, mapAttrToGroup, customAttrAppId, trustedServerUsernameAttr,
                username, attributesTransformation, processUsers, proxy, readInFull);
    }

    /** Only some users are processed ({@code --username} or {@code --process-users}). */
    public boolean restrictsUsers() {
        return username != null || !processUsers.isEmpty();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
