package dev.provhub.sync.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A digest of the options that decide what a profile reads and how it maps users: when they change, the stored
 * delta links and group members no longer describe what the profile follows, and the next run reads in full.
 */
final class ProfileFingerprint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileFingerprint() {
    }

    static String of(SyncOptions options) {
        // switches that only change how a run reports or writes do not change what is read
        SyncOptions relevant = new SyncOptions(options.groups(), options.filter(), false, false, false, false,
                options.userType(), options.usernameAttr(), options.firstNameAttr(), options.lastNameAttr(),
                options.emailAttr(), options.skipDefaultGroup(), options.processChildGroups(), options.autoCreate(),
                false, options.targetGroup(), options.customUserAttributes(), options.mapAttrToGroup(),
                options.customAttrAppId(), options.trustedServerUsernameAttr(), null,
                options.attributesTransformation(), java.util.List.of(), null, false);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsString(relevant)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
