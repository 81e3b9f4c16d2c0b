package dev.provhub.m365sim;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.tenant.TenantFixtureBuilder;
import dev.provhub.m365sim.tenant.TenantFixtureBuilder.ApplicationFixture;

/**
 * The tenant of the local stack and of tests that need "a realistic tenant": a school with staff and teachers,
 * ten classes of pupils nested in a year group, devices and a contact among the members, a few hundred users with
 * directory extensions, one app registration for provhub with every permission its services use, and an API-driven
 * inbound provisioning app with one job. Ids are the same at every start.
 */
public final class DemoTenant {

    /** The directory extension app the demo's extension attributes belong to (its appId without dashes). */
    public static final String EXTENSION_APP = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    /** Every application permission provhub's services use. */
    public static final List<String> PROVHUB_PERMISSIONS = List.of("GroupMember.Read.All", "Group.Read.All",
            "User.Read.All", "Application.Read.All", "Synchronization.ReadWrite.All", "SynchronizationData-User.Upload",
            "AuditLog.Read.All");

    private final TenantFixtureBuilder builder = TenantFixtureBuilder.tenant("Contoso School");
    private final ApplicationFixture provhub;
    private final String provisioningServicePrincipal;

    private DemoTenant(X509Certificate clientCertificate) {
        provhub = builder.application("provhub", PROVHUB_PERMISSIONS.toArray(String[]::new));
        if (clientCertificate != null) {
            builder.certificate(provhub, clientCertificate);
        }
        var staff = new ArrayList<String>();
        var teachers = new ArrayList<String>();
        for (int i = 1; i <= 40; i++) {
            int number = i;
            String id = builder.user(String.format("staff.member%02d", i), user -> {
                user.put("employeeId", String.format("S%04d", number));
                user.put("jobTitle", number <= 25 ? "Teacher" : "Administrator");
                user.put("department", number <= 25 ? "Teaching" : "Office");
                user.put("extension_" + EXTENSION_APP + "_staffNumber", String.format("%05d", 10_000 + number));
                user.putObject("onPremisesExtensionAttributes").put("extensionAttribute1", "campus-"
                        + (number % 2 == 0 ? "north" : "south"));
            });
            (i <= 25 ? teachers : staff).add(id);
        }
        String teacherGroup = builder.group("O365 Teachers", teachers);
        staff.add(teacherGroup);
        staff.add(builder.device("STAFFROOM-PC-01"));
        staff.add(builder.orgContact("Supply Teacher Agency", "agency@example.com"));
        String staffGroup = builder.group("O365 Staff", staff);
        var classes = new ArrayList<String>();
        for (char letter = 'A'; letter <= 'J'; letter++) {
            var pupils = new ArrayList<String>();
            for (int i = 1; i <= 26; i++) {
                String nickname = String.format("pupil.7%c%02d", Character.toLowerCase(letter), i);
                int number = i;
                char form = letter;
                pupils.add(builder.user(nickname, user -> {
                    user.put("employeeId", String.format("P7%c%02d", form, number));
                    user.put("department", "Year 7");
                }));
            }
            classes.add(builder.group("O365 Class 7" + letter, pupils));
        }
        String year7 = builder.group("O365 Year 7", classes);
        builder.group("O365 Everyone", List.of(staffGroup, year7));
        builder.group("Archive Leavers 2024", List.of());
        provisioningServicePrincipal = builder.inboundProvisioningApp("provhub HR inbound provisioning",
                "urn:ietf:params:scim:schemas:extension:provhub:1.0:User:organisation",
                "urn:ietf:params:scim:schemas:extension:provhub:1.0:User:vessel");
    }

    /** @param clientCertificate registered on the provhub app for certificate sign-in, or null */
    public static DemoTenant create(X509Certificate clientCertificate) {
        return new DemoTenant(clientCertificate);
    }

    public ObjectNode fixture() {
        return builder.build();
    }

    public ApplicationFixture provhubApplication() {
        return provhub;
    }

    public String provisioningServicePrincipalId() {
        return provisioningServicePrincipal;
    }

    public String provisioningJobId() {
        return builder.jobId(provisioningServicePrincipal);
    }

    public String tenantId() {
        return builder.tenantId();
    }
}
