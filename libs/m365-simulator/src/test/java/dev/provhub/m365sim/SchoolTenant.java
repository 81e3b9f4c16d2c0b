package dev.provhub.m365sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.localinfra.SelfSignedCertificate;
import dev.provhub.m365sim.tenant.TenantFixtureBuilder;
import dev.provhub.m365sim.tenant.TenantFixtureBuilder.ApplicationFixture;

/**
 * The tenant the simulator's own tests run against: a school with nested groups, non-user members, 250 pupils,
 * users with directory extensions, three app registrations (group sync with a secret and a certificate, SCIM upload,
 * one without permissions) and an inbound provisioning app.
 */
final class SchoolTenant {

    static final String EXTENSION_APP = "b7f1a2c3d4e5f60718293a4b5c6d7e8f";
    static final String EMPLOYEE_NUMBER = "extension_" + EXTENSION_APP + "_employeeNumber";

    final TenantFixtureBuilder builder = TenantFixtureBuilder.tenant("Northwind School");
    final ApplicationFixture sync = builder.application("provhub sync", "GroupMember.Read.All", "User.Read.All");
    final ApplicationFixture scim = builder.application("provhub scim", "SynchronizationData-User.Upload",
            "Synchronization.ReadWrite.All", "AuditLog.Read.All", "Application.Read.All");
    final ApplicationFixture unprivileged = builder.application("no permissions");
    final SelfSignedCertificate syncCertificate = SelfSignedCertificate.forLocalhost();
    final String alice;
    final String bob;
    final String carol;
    final String dave;
    final String laptop;
    final String contact;
    final String teachers;
    final String staff;
    final String pupils;
    final String everyone;
    private final String governors;
    private final String archive;
    final List<String> pupilIds = new ArrayList<>();
    final String provisioningApp;
    final String provisioningJob;

    SchoolTenant() {
        builder.certificate(sync, syncCertificate.certificate());
        alice = builder.user("alice.anders", u -> {
            u.put("employeeId", "E-1001");
            u.put("department", "Maths");
            u.put(EMPLOYEE_NUMBER, "1001");
            u.putObject("onPremisesExtensionAttributes").put("extensionAttribute1", "north-campus");
        });
        bob = builder.user("bob.berg", u -> u.put("department", "History"));
        carol = builder.user("carol.carlsson", u -> u.put(EMPLOYEE_NUMBER, "1003"));
        dave = builder.user("dave.dahl");
        laptop = builder.device("LAPTOP-017");
        contact = builder.orgContact("Supply Teacher Agency", "agency@example.com");
        teachers = builder.group("School Teachers", List.of(carol, dave, alice));
        staff = builder.group("School Staff", List.of(alice, bob, teachers, laptop, contact, sync.servicePrincipalId()));
        for (int i = 1; i <= 250; i++) {
            pupilIds.add(builder.user(String.format("pupil.p%03d", i)));
        }
        pupils = builder.group("School Pupils", pupilIds);
        everyone = builder.group("School Everyone", List.of(staff, pupils));
        governors = builder.group("School Governors", List.of(bob));
        builder.group("School Parents", List.of());
        archive = builder.group("Archive 2019", List.of(dave));
        provisioningApp = builder.inboundProvisioningApp("HR inbound provisioning");
        provisioningJob = builder.jobId(provisioningApp);
    }

    String governors() {
        return governors;
    }

    String archive() {
        return archive;
    }

    ObjectNode fixture() {
        return builder.build();
    }

    /** The sync app's certificate with its private key, as a PKCS#12 file for ClientCertificateCredential. */
    Path syncCertificatePfx(Path dir) {
        Path file = dir.resolve("sync-client.pfx");
        syncCertificate.writeKeyStore(file, M365Simulator.STORE_PASSWORD.toCharArray());
        return file;
    }
}
