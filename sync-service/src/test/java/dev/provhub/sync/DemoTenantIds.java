package dev.provhub.sync;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The demo tenant's ids, derived as its fixture builder derives them ({@code TenantFixtureBuilder}). */
public final class DemoTenantIds {

    private DemoTenantIds() {
    }

    public static String user(String nickname) {
        return id("user:" + nickname);
    }

    public static String group(String displayName) {
        return id("group:" + displayName);
    }

    public static String upn(String nickname) {
        return nickname + "@contososchool.onmicrosoft.com";
    }

    private static String id(String what) {
        return UUID.nameUUIDFromBytes(("Contoso School/" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
