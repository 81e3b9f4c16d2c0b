package dev.provhub.m365sim.identity;

import java.util.Set;

/** Who a verified access token speaks for: an application in a tenant, with the roles the token carries. */
public record AppPrincipal(String tenantId, String appId, String servicePrincipalId, Set<String> roles) {

    public boolean hasAny(Set<String> permissions) {
        for (String permission : permissions) {
            if (roles.contains(permission)) {
                return true;
            }
        }
        return false;
    }
}
