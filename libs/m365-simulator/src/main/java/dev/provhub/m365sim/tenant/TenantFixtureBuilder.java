package dev.provhub.m365sim.tenant;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.provisioning.SynchronizationJob;

/**
 * Builds tenant fixtures in code, for tests and the demo tenant: ids are derived from the tenant's name and a
 * counter, so the same build gives the same ids every time.
 */
public final class TenantFixtureBuilder {

    /** An app registration the fixture holds: what a client needs to sign in. */
    public record ApplicationFixture(String appId, String servicePrincipalId, String displayName, String secret) {

        @Override
        public String toString() {
            return "application " + appId + " (" + displayName + ")";
        }
    }

    private final String name;
    private final String domain;
    private final ObjectNode fixture = GraphJson.object();
    private int counter;

    private TenantFixtureBuilder(String name, String licence) {
        this.name = name;
        this.domain = name.toLowerCase().replaceAll("[^a-z0-9]", "") + ".onmicrosoft.com";
        ObjectNode tenant = fixture.putObject("tenant");
        tenant.put("id", id("tenant"));
        tenant.put("displayName", name);
        tenant.put("defaultDomain", domain);
        tenant.put("licence", licence);
        for (String list : List.of("applications", "users", "groups", "devices", "orgContacts", "servicePrincipals")) {
            fixture.putArray(list);
        }
    }

    public static TenantFixtureBuilder tenant(String name) {
        return new TenantFixtureBuilder(name, "P1");
    }

    public static TenantFixtureBuilder governanceTenant(String name) {
        return new TenantFixtureBuilder(name, "GOVERNANCE");
    }

    public String tenantId() {
        return fixture.path("tenant").path("id").asText();
    }

    public String domain() {
        return domain;
    }

    /** A user {@code <nickname>@<domain>}, enabled, with names made from the nickname; then customised. */
    public String user(String nickname, Consumer<ObjectNode> customise) {
        ObjectNode user = ((ArrayNode) fixture.get("users")).addObject();
        String id = id("user:" + nickname);
        user.put("id", id);
        user.put("userPrincipalName", nickname + "@" + domain);
        user.put("mail", nickname + "@" + domain);
        user.put("mailNickname", nickname);
        String[] parts = nickname.split("[._-]", 2);
        user.put("givenName", capitalise(parts[0]));
        user.put("surname", parts.length > 1 ? capitalise(parts[1]) : null);
        user.put("displayName", capitalise(parts[0]) + (parts.length > 1 ? " " + capitalise(parts[1]) : ""));
        user.put("accountEnabled", true);
        user.putArray("businessPhones");
        customise.accept(user);
        return id;
    }

    public String user(String nickname) {
        return user(nickname, u -> {
        });
    }

    /** A security group with the given direct members (users, groups, devices, contacts, service principals). */
    public String group(String displayName, List<String> memberIds) {
        ObjectNode group = ((ArrayNode) fixture.get("groups")).addObject();
        String id = id("group:" + displayName);
        group.put("id", id);
        group.put("displayName", displayName);
        group.putNull("description");
        group.put("mailNickname", displayName.replaceAll("[^A-Za-z0-9]", ""));
        group.put("createdDateTime", "2024-01-01T00:00:00Z");
        ArrayNode members = group.putArray("members");
        memberIds.forEach(members::add);
        return id;
    }

    public String device(String displayName) {
        ObjectNode device = ((ArrayNode) fixture.get("devices")).addObject();
        String id = id("device:" + displayName);
        device.put("id", id);
        device.put("displayName", displayName);
        device.put("accountEnabled", true);
        device.put("deviceId", id("deviceId:" + displayName));
        device.put("operatingSystem", "Windows");
        return id;
    }

    public String orgContact(String displayName, String mail) {
        ObjectNode contact = ((ArrayNode) fixture.get("orgContacts")).addObject();
        String id = id("contact:" + displayName);
        contact.put("id", id);
        contact.put("displayName", displayName);
        contact.put("mail", mail);
        return id;
    }

    /** An app registration with a client secret and the given application permissions. */
    public ApplicationFixture application(String displayName, String... permissions) {
        ObjectNode application = ((ArrayNode) fixture.get("applications")).addObject();
        String appId = id("app:" + displayName);
        String servicePrincipalId = id("sp:" + displayName);
        String secret = "sim~" + id("secret:" + displayName).replace("-", "");
        application.put("appId", appId);
        application.put("displayName", displayName);
        application.put("servicePrincipalId", servicePrincipalId);
        ObjectNode credential = application.putArray("passwordCredentials").addObject();
        credential.put("keyId", id("secretKey:" + displayName));
        credential.put("secretText", secret);
        credential.put("endDateTime", "2099-12-31T00:00:00Z");
        application.putArray("keyCredentials");
        ArrayNode granted = application.putArray("applicationPermissions");
        for (String permission : permissions) {
            granted.add(permission);
        }
        return new ApplicationFixture(appId, servicePrincipalId, displayName, secret);
    }

    /** Registers a certificate on an app, as {@code keyCredentials} of type AsymmetricX509Cert. */
    public void certificate(ApplicationFixture application, X509Certificate certificate) {
        for (var node : fixture.get("applications")) {
            if (node.path("appId").asText().equals(application.appId())) {
                ObjectNode key = ((ArrayNode) node.get("keyCredentials")).addObject();
                key.put("keyId", UUID.randomUUID().toString());
                key.put("type", "AsymmetricX509Cert");
                key.put("usage", "Verify");
                try {
                    key.put("key", Base64.getEncoder().encodeToString(certificate.getEncoded()));
                } catch (CertificateEncodingException e) {
                    throw new IllegalArgumentException(e);
                }
                return;
            }
        }
        throw new IllegalArgumentException("no " + application + " in the fixture");
    }

    /**
     * An API-driven inbound provisioning app (its service principal with one job, template {@code API2AAD});
     * {@code customAttributes} ({@code urn:...:Attribute}) are added to the job's schema.
     *
     * @return the service principal id; {@link #jobId(String)} gives the job's
     */
    public String inboundProvisioningApp(String displayName, String... customAttributes) {
        ObjectNode principal = ((ArrayNode) fixture.get("servicePrincipals")).addObject();
        String id = id("sp:" + displayName);
        principal.put("id", id);
        principal.put("appId", id("app:" + displayName));
        principal.put("displayName", displayName);
        principal.put("appDisplayName", displayName);
        principal.putArray("tags").add("WindowsAzureActiveDirectoryIntegratedApp");
        principal.putArray("servicePrincipalNames").add(id("app:" + displayName));
        ObjectNode job = principal.putArray("synchronizationJobs").addObject();
        job.put("id", "API2AAD." + id("job:" + displayName).replace("-", "") + "." + tenantId());
        job.put("templateId", "API2AAD");
        job.putObject("status").put("code", SynchronizationJob.State.ACTIVE.code());
        ArrayNode custom = job.putArray("customAttributes");
        for (String attribute : customAttributes) {
            custom.add(attribute);
        }
        return id;
    }

    public String jobId(String servicePrincipalId) {
        for (var principal : fixture.get("servicePrincipals")) {
            if (principal.path("id").asText().equals(servicePrincipalId)) {
                return principal.path("synchronizationJobs").path(0).path("id").asText();
            }
        }
        throw new IllegalArgumentException("no service principal " + servicePrincipalId);
    }

    public ObjectNode build() {
        return fixture.deepCopy();
    }

    private String id(String what) {
        return UUID.nameUUIDFromBytes((name + "/" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A fresh id for objects the caller names itself. */
    public String nextId() {
        return id("object:" + (++counter));
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
