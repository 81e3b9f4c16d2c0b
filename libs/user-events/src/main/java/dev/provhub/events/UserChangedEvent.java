package dev.provhub.events;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A change to one user, carrying the <em>whole user after the change</em> (state-carried), the fields that
 * changed and a per-user version that only grows. This is the value of every record on the
 * {@code user-changes} topic; {@code user-changed-event.schema.json} beside this class is its published
 * contract and a test keeps the two in agreement.
 * <p>
 * The event can express no password, hash or secret: there is no such field, and {@link #attributes()} refuses
 * keys that look like one (see {@link #SECRET_NAME}).
 *
 * @param type what happened
 * @param version per-user version, starting at 1 and growing with every change of that user; consumers apply an
 *        event only if its version is newer than the one they hold
 * @param changedFields names of the fields of this record whose value this change set or altered (attribute
 *        changes are named {@code attributes.<name>}); empty for a change that only re-states the user
 * @param id the user's id, assigned by the owning service; also the Kafka record key
 * @param origin the service that owns the user: {@code import-service} or {@code sync-service}
 * @param sourceKey the user's key in its source: record_uid, member number or Graph object id
 * @param userName the generated, never-changing login name in the directory
 * @param orgLoginId the organisation's own login id for the user (may be removed on delete)
 * @param upn the Office 365 / Entra user principal name
 * @param givenName first name
 * @param familyName last name
 * @param displayName display name
 * @param email primary e-mail address
 * @param contactEmail contact e-mail address, if different from the primary one
 * @param postalCode postal code
 * @param employeeNumber employee or member number
 * @param active false once the user is deactivated or deleted
 * @param suspended the user is suspended in the application
 * @param o365Suspended the user is suspended in Office 365
 * @param orgs paths of the organisations the user belongs to, e.g. {@code /Root/Schools/North}
 * @param limbo the user left its last organisation and waits in limbo for deletion
 * @param groups names of the groups the user is a member of
 * @param userType kind of user, e.g. {@code student}, {@code teacher}, {@code Member}, {@code Guest}
 * @param attributes profile and custom fields by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "version", "changedFields", "id", "origin", "sourceKey" })
public record UserChangedEvent(
        UserChangeType type,
        long version,
        Set<String> changedFields,
        UUID id,
        String origin,
        String sourceKey,
        String userName,
        String orgLoginId,
        String upn,
        String givenName,
        String familyName,
        String displayName,
        String email,
        String contactEmail,
        String postalCode,
        String employeeNumber,
        boolean active,
        boolean suspended,
        boolean o365Suspended,
        List<String> orgs,
        boolean limbo,
        List<String> groups,
        String userType,
        Map<String, String> attributes) {

    /** The topic every user change travels on. */
    public static final String TOPIC = "user-changes";

    /**
     * Names that must never appear as an attribute: whatever is called a password, hash, secret, token or
     * credential stays in the service that owns it. The schema carries the same pattern.
     */
    public static final Pattern SECRET_NAME = Pattern.compile("(?i).*(passw|pwd|secret|hash|token|credential|salt).*");

    public UserChangedEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (origin == null || origin.isBlank()) {
            throw new IllegalArgumentException("origin must name the owning service");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, was " + version);
        }
        changedFields = changedFields == null ? Collections.emptySortedSet()
                : Collections.unmodifiableSortedSet(new TreeSet<>(changedFields));
        orgs = orgs == null ? List.of() : List.copyOf(orgs);
        groups = groups == null ? List.of() : List.copyOf(groups);
        attributes = attributes == null ? Map.of() : copyAttributes(attributes);
    }

    private static Map<String, String> copyAttributes(Map<String, String> attributes) {
        var copy = new TreeMap<String, String>();
        attributes.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("attribute names must not be blank");
            }
            if (SECRET_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("attribute '" + name
                        + "' looks like a secret; user-change events never carry passwords, hashes or secrets");
            }
            copy.put(name, Objects.requireNonNull(value, () -> "attribute '" + name + "' has no value"));
        });
        return Collections.unmodifiableSortedMap(copy);
    }

    /** The key of this event on Kafka: the user id, so each user's events stay in order on one partition. */
    public String key() {
        return id.toString();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .type(type).version(version).changedFields(changedFields)
                .id(id).origin(origin).sourceKey(sourceKey).userName(userName).orgLoginId(orgLoginId).upn(upn)
                .givenName(givenName).familyName(familyName).displayName(displayName)
                .email(email).contactEmail(contactEmail).postalCode(postalCode).employeeNumber(employeeNumber)
                .active(active).suspended(suspended).o365Suspended(o365Suspended)
                .orgs(orgs).limbo(limbo).groups(groups).userType(userType).attributes(attributes);
    }

    /** Builds an event field by field; {@code active} starts true, collections start empty. */
    public static final class Builder {
        private UserChangeType type;
        private long version;
        private Set<String> changedFields = Set.of();
        private UUID id;
        private String origin;
        private String sourceKey;
        private String userName;
        private String orgLoginId;
        private String upn;
        private String givenName;
        private String familyName;
        private String displayName;
        private String email;
        private String contactEmail;
        private String postalCode;
        private String employeeNumber;
        private boolean active = true;
        private boolean suspended;
        private boolean o365Suspended;
        private List<String> orgs = List.of();
        private boolean limbo;
        private List<String> groups = List.of();
        private String userType;
        private Map<String, String> attributes = Map.of();

        private Builder() {
        }

        public Builder type(UserChangeType type) {
            this.type = type;
            return this;
        }

        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public Builder changedFields(Set<String> changedFields) {
            this.changedFields = changedFields;
            return this;
        }

        public Builder id(UUID id) {
            this.id = id;
            return this;
        }

        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        public Builder sourceKey(String sourceKey) {
            this.sourceKey = sourceKey;
            return this;
        }

        public Builder userName(String userName) {
            this.userName = userName;
            return this;
        }

        public Builder orgLoginId(String orgLoginId) {
            this.orgLoginId = orgLoginId;
            return this;
        }

        public Builder upn(String upn) {
            this.upn = upn;
            return this;
        }

        public Builder givenName(String givenName) {
            this.givenName = givenName;
            return this;
        }

        public Builder familyName(String familyName) {
            this.familyName = familyName;
            return this;
        }

        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        public Builder email(String email) {
            this.email = email;
            return this;
        }

        public Builder contactEmail(String contactEmail) {
            this.contactEmail = contactEmail;
            return this;
        }

        public Builder postalCode(String postalCode) {
            this.postalCode = postalCode;
            return this;
        }

        public Builder employeeNumber(String employeeNumber) {
            this.employeeNumber = employeeNumber;
            return this;
        }

        public Builder active(boolean active) {
            this.active = active;
            return this;
        }

        public Builder suspended(boolean suspended) {
            this.suspended = suspended;
            return this;
        }

        public Builder o365Suspended(boolean o365Suspended) {
            this.o365Suspended = o365Suspended;
            return this;
        }

        public Builder orgs(List<String> orgs) {
            this.orgs = orgs;
            return this;
        }

        public Builder limbo(boolean limbo) {
            this.limbo = limbo;
            return this;
        }

        public Builder groups(List<String> groups) {
            this.groups = groups;
            return this;
        }

        public Builder userType(String userType) {
            this.userType = userType;
            return this;
        }

        public Builder attributes(Map<String, String> attributes) {
            this.attributes = attributes;
            return this;
        }

        public UserChangedEvent build() {
            return new UserChangedEvent(type, version, changedFields, id, origin, sourceKey, userName, orgLoginId,
                    upn, givenName, familyName, displayName, email, contactEmail, postalCode, employeeNumber,
                    active, suspended, o365Suspended, orgs, limbo, groups, userType, attributes);
        }
    }
}
