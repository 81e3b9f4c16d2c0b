package dev.provhub.m365sim.tenant;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;
import dev.provhub.m365sim.provisioning.SynchronizationJob;

/**
 * Reads a tenant from its fixture file (JSON; the format is in {@code docs/m365-simulator.md}): the tenant, app
 * registrations with secrets, certificates and application permissions, users, groups with their members, devices,
 * organisational contacts, and service principals with their provisioning jobs. Objects are written as Graph returns
 * them; anything the fixture gets wrong is refused with the object named.
 */
public final class TenantFixture {

    private static final Pattern DIRECTORY_EXTENSION = Pattern.compile("extension_[0-9a-f]{32}_[A-Za-z0-9_]+");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private TenantFixture() {
    }

    public static Tenant read(Path file, Clock clock) {
        try {
            return load((ObjectNode) GraphJson.MAPPER.readTree(Files.readAllBytes(file)), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the tenant fixture " + file, e);
        }
    }

    public static Tenant load(ObjectNode fixture, Clock clock) {
        JsonNode tenantNode = require(fixture, "tenant", "the fixture");
        String tenantId = guid(tenantNode, "id", "tenant");
        String licence = tenantNode.path("licence").asText("P1").toUpperCase(Locale.ROOT);
        var directory = new Directory(clock);
        var tenant = new Tenant(tenantId, tenantNode.path("displayName").asText("Contoso"),
                tenantNode.path("defaultDomain").asText("contoso.onmicrosoft.com"), Tenant.Licence.valueOf(licence),
                directory);

        for (JsonNode user : fixture.path("users")) {
            ObjectNode properties = copy(user, "user");
            checkExtensions(properties);
            properties.putIfAbsent("accountEnabled", GraphJson.MAPPER.getNodeFactory().booleanNode(true));
            directory.create(DirectoryObjectType.USER, properties);
        }
        for (JsonNode device : fixture.path("devices")) {
            directory.create(DirectoryObjectType.DEVICE, copy(device, "device"));
        }
        for (JsonNode contact : fixture.path("orgContacts")) {
            directory.create(DirectoryObjectType.ORG_CONTACT, copy(contact, "orgContact"));
        }
        for (JsonNode application : fixture.path("applications")) {
            tenant.addApplication(application(application, tenant));
        }
        for (JsonNode servicePrincipal : fixture.path("servicePrincipals")) {
            servicePrincipal(servicePrincipal, tenant);
        }
        var memberships = new ArrayList<Map.Entry<String, List<String>>>();
        for (JsonNode group : fixture.path("groups")) {
            ObjectNode properties = copy(group, "group");
            JsonNode members = properties.remove("members");
            properties.putIfAbsent("groupTypes", GraphJson.array());
            properties.putIfAbsent("securityEnabled", GraphJson.MAPPER.getNodeFactory().booleanNode(true));
            properties.putIfAbsent("mailEnabled", GraphJson.MAPPER.getNodeFactory().booleanNode(false));
            DirectoryObject created = directory.create(DirectoryObjectType.GROUP, properties);
            var ids = new ArrayList<String>();
            if (members != null) {
                members.forEach(member -> ids.add(member.asText()));
            }
            memberships.add(Map.entry(created.id(), ids));
        }
        for (Map.Entry<String, List<String>> membership : memberships) {
            for (String memberId : membership.getValue()) {
                if (directory.find(memberId) == null) {
                    throw new IllegalArgumentException("group " + membership.getKey() + " has member " + memberId
                            + ", which is no user, group, device, contact or service principal of the fixture");
                }
            }
            directory.addMembersQuietly(membership.getKey(), membership.getValue());
        }
        return tenant;
    }

    private static RegisteredApplication application(JsonNode node, Tenant tenant) {
        Directory directory = tenant.directory();
        String appId = guid(node, "appId", "application");
        String displayName = node.path("displayName").asText(appId);
        String servicePrincipalId = node.hasNonNull("servicePrincipalId")
                ? guid(node, "servicePrincipalId", "application " + appId)
                : java.util.UUID.randomUUID().toString();
        var permissions = new LinkedHashSet<String>();
        node.path("applicationPermissions").forEach(permission -> permissions.add(permission.asText()));
        var application = new RegisteredApplication(appId, displayName, servicePrincipalId, permissions);
        for (JsonNode secret : node.path("passwordCredentials")) {
            String value = secret.path("secretText").asText("");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("a password credential of " + application + " has no secretText");
            }
            application.addSecret(new ClientSecret(secret.path("keyId").asText(java.util.UUID.randomUUID().toString()),
                    value, Instant.parse(secret.path("endDateTime").asText("2099-12-31T00:00:00Z"))));
        }
        for (JsonNode key : node.path("keyCredentials")) {
            application.addCertificate(certificate(key.path("key").asText(""), application));
        }
        if (directory.find(servicePrincipalId) == null) {
            ObjectNode principal = GraphJson.object();
            principal.put("id", servicePrincipalId);
            principal.put("appId", appId);
            principal.put("displayName", displayName);
            principal.put("appDisplayName", displayName);
            principal.put("accountEnabled", true);
            principal.put("servicePrincipalType", "Application");
            principal.putArray("servicePrincipalNames").add(appId);
            principal.putArray("tags");
            // an application registered in this tenant: its service principal names the tenant as publisher
            principal.put("appOwnerOrganizationId", tenant.id());
            principal.put("publisherName", tenant.displayName());
            principal.put("signInAudience", "AzureADMyOrg");
            directory.create(DirectoryObjectType.SERVICE_PRINCIPAL, principal);
        }
        return application;
    }

    private static void servicePrincipal(JsonNode node, Tenant tenant) {
        ObjectNode properties = copy(node, "servicePrincipal");
        JsonNode jobs = properties.remove("synchronizationJobs");
        guid(properties, "appId", "servicePrincipal " + properties.path("id").asText());
        properties.putIfAbsent("servicePrincipalType", GraphJson.MAPPER.getNodeFactory().textNode("Application"));
        properties.putIfAbsent("accountEnabled", GraphJson.MAPPER.getNodeFactory().booleanNode(true));
        DirectoryObject principal = tenant.directory().create(DirectoryObjectType.SERVICE_PRINCIPAL, properties);
        if (jobs == null) {
            return;
        }
        for (JsonNode job : jobs) {
            String jobId = job.path("id").asText(SynchronizationJob.newInboundJobId(tenant.id()));
            JsonNode schema = job.get("schema");
            var created = new SynchronizationJob(jobId, principal.id(), job.path("templateId").asText("API2AAD"),
                    SynchronizationJob.State.fromCode(job.path("status").path("code").asText("Active")),
                    schema == null ? null : (ObjectNode) schema.deepCopy());
            if (schema == null && job.has("customAttributes")) {
                ObjectNode withCustom = created.schema();
                var attributes = (com.fasterxml.jackson.databind.node.ArrayNode) withCustom.path("directories")
                        .path(0).path("objects").path(0).path("attributes");
                job.path("customAttributes").forEach(name -> attributes.add(
                        dev.provhub.m365sim.provisioning.InboundSchema.attribute(name.asText(), false)));
                created.replaceSchema(withCustom);
            }
            tenant.addJob(created);
        }
    }

    private static X509Certificate certificate(String base64, RegisteredApplication application) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.replaceAll("-----[A-Z ]+-----", ""));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a key credential of " + application + " is no X.509 certificate", e);
        }
    }

    private static void checkExtensions(ObjectNode user) {
        for (Iterator<String> names = user.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("extension_") && !DIRECTORY_EXTENSION.matcher(name).matches()) {
                throw new IllegalArgumentException("user " + user.path("id").asText() + ": directory extension "
                        + name + " is not named extension_<appId without dashes>_<name>");
            }
        }
        JsonNode onPremises = user.get("onPremisesExtensionAttributes");
        if (onPremises != null && !onPremises.isNull()) {
            Set<String> allowed = new LinkedHashSet<>();
            for (int i = 1; i <= 15; i++) {
                allowed.add("extensionAttribute" + i);
            }
            onPremises.fieldNames().forEachRemaining(name -> {
                if (!allowed.contains(name)) {
                    throw new IllegalArgumentException("user " + user.path("id").asText()
                            + ": onPremisesExtensionAttributes has no " + name);
                }
            });
        }
    }

    private static ObjectNode copy(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a " + what + " of the fixture is not a JSON object: " + node);
        }
        ObjectNode copy = (ObjectNode) node.deepCopy();
        if (copy.hasNonNull("id")) {
            guid(copy, "id", what);
        }
        return copy;
    }

    private static JsonNode require(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + " has no " + field);
        }
        return value;
    }

    private static String guid(JsonNode node, String field, String where) {
        String value = require(node, field, where).asText();
        if (!GUID.matcher(value).matches()) {
            throw new IllegalArgumentException(where + ": " + field + " '" + value + "' is not a GUID");
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
