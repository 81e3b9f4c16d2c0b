package dev.provhub.scim.bulk;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Stable bulkIds: the same externalId always gets the same bulkId (a name-based UUID of it), as Microsoft recommends,
 * so that a record can be followed from one run to the next and in the provisioning logs. CSV2SCIM drew a random
 * GUID per row per run.
 */
public final class BulkIds {

    private BulkIds() {
    }

    public static String of(String externalId) {
        return UUID.nameUUIDFromBytes(("provhub-scim:" + externalId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
