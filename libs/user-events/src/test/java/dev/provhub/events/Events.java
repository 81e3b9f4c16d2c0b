package dev.provhub.events;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Test data builders for events. */
final class Events {

    private Events() {
    }

    /** A minimal valid event: only what the contract requires. */
    static UserChangedEvent.Builder minimal() {
        return UserChangedEvent.builder()
                .type(UserChangeType.CREATED)
                .version(1)
                .id(UUID.fromString("00000000-0000-4000-8000-000000000001"))
                .origin("import-service");
    }

    /** An event with every field populated. */
    static UserChangedEvent.Builder complete() {
        return minimal()
                .type(UserChangeType.UPDATED)
                .version(7)
                .changedFields(Set.of("email", "attributes.Department"))
                .sourceKey("record-1")
                .userName("aapo.kiilunen")
                .orgLoginId("1001")
                .upn("aapo.kiilunen@example.org")
                .givenName("Aapo")
                .familyName("Kiilunen")
                .displayName("Aapo Kiilunen")
                .email("aapo@example.org")
                .contactEmail("aapo.home@example.org")
                .postalCode("00100")
                .employeeNumber("9823459")
                .active(true)
                .suspended(true)
                .o365Suspended(true)
                .orgs(List.of("/Root/Moran", "/Root/Schools/North"))
                .limbo(false)
                .groups(List.of("Deck crew"))
                .userType("student")
                .attributes(Map.of("Department", "Deck", "DateOfBirth", "2010-04-01"));
    }
}
