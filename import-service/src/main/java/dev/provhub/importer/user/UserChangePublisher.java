package dev.provhub.importer.user;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.org.OrganisationDirectory;
import dev.provhub.outbox.UserChangeOutbox;

/**
 * Turns a change of a {@link DirectoryUser} into a {@link UserChangedEvent} in the outbox, in the transaction of the
 * change. A change that alters no published field publishes nothing.
 */
@ApplicationScoped
public class UserChangePublisher {

    public static final String ORIGIN = "import-service";

    /** The fields whose change makes a change: all but the event's own bookkeeping and the attributes map. */
    private static final List<RecordComponent> COMPARED = Arrays.stream(UserChangedEvent.class.getRecordComponents())
            .filter(c -> !Set.of("type", "version", "changedFields", "attributes").contains(c.getName())).toList();

    private final UserChangeOutbox outbox;
    private final OrgPathLookup orgPaths;
    private final OrganisationDirectory organisations;

    UserChangePublisher(UserChangeOutbox outbox, OrgPathLookup orgPaths, OrganisationDirectory organisations) {
        this.outbox = outbox;
        this.orgPaths = orgPaths;
        this.organisations = organisations;
    }

    /** The user as the event would describe it now; take it before a change and pass it to {@link #publish}. */
    public UserChangedEvent describe(DirectoryUser user) {
        ImportSettings settings = organisations.byId(user.homeOrgId).importSettings();
        String upn = user.profileValue(settings.eventField("upn"));
        return UserChangedEvent.builder()
                .type(UserChangeType.UPDATED)
                .version(Math.max(1, user.version))
                .id(user.id)
                .origin(ORIGIN)
                .sourceKey(user.recordUid != null ? user.recordUid
                        : user.orgLoginId != null ? user.orgLoginId : user.userName)
                .userName(user.userName)
                .orgLoginId(user.orgLoginId)
                .upn(upn)
                .givenName(user.firstName)
                .familyName(user.lastName)
                .displayName(displayName(user, settings.eventField("displayName")))
                .email(user.email)
                .contactEmail(user.contactEmail)
                .postalCode(user.profileValue(settings.eventField("postalCode")))
                .employeeNumber(user.profileValue(settings.eventField("employeeNumber")))
                .active(user.active && !user.deleted)
                .suspended(false)
                .o365Suspended(false)
                .orgs(orgPaths.paths(user.orgIds))
                .limbo(user.limbo)
                .userType(user.profileValue(settings.eventField("userType")))
                .attributes(publishableProfile(user.profile))
                .build();
    }

    /**
     * Publishes {@code type} for {@code user}, increasing the user's version. An {@code UPDATED} change is published
     * only if a published field differs from {@code before}; the other types are transitions the caller made, and
     * are always published.
     *
     * @param before the user as {@link #describe} saw it before the change; null for a new user
     * @return true when an event was published
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean publish(DirectoryUser user, UserChangeType type, UserChangedEvent before) {
        UserChangedEvent after = describe(user);
        Set<String> changed = before == null ? populatedFields(after) : changedFields(before, after);
        if (changed.isEmpty() && type == UserChangeType.UPDATED) {
            return false;
        }
        user.version++;
        outbox.publish(after.toBuilder().type(type).version(user.version).changedFields(changed).build());
        return true;
    }

    private static String displayName(DirectoryUser user, String profileField) {
        String configured = user.profileValue(profileField);
        if (configured != null) {
            return configured;
        }
        String name = ((user.firstName == null ? "" : user.firstName) + " "
                + (user.lastName == null ? "" : user.lastName)).trim();
        return name.isEmpty() ? null : name;
    }

    /** Profile values, without any whose name looks like a secret: those never leave the service. */
    private static Map<String, String> publishableProfile(Map<String, String> profile) {
        var result = new java.util.TreeMap<String, String>();
        profile.forEach((name, value) -> {
            if (!UserChangedEvent.SECRET_NAME.matcher(name).matches()) {
                result.put(name, value);
            }
        });
        return result;
    }

    static Set<String> changedFields(UserChangedEvent before, UserChangedEvent after) {
        var changed = new TreeSet<String>();
        for (RecordComponent component : COMPARED) {
            String name = component.getName();
            if (!Objects.equals(value(component, before), value(component, after))) {
                changed.add(name);
            }
        }
        var names = new TreeSet<String>(before.attributes().keySet());
        names.addAll(after.attributes().keySet());
        for (String name : names) {
            if (!Objects.equals(before.attributes().get(name), after.attributes().get(name))) {
                changed.add("attributes." + name);
            }
        }
        return changed;
    }

    private static Set<String> populatedFields(UserChangedEvent event) {
        var populated = new TreeSet<String>();
        for (RecordComponent component : COMPARED) {
            String name = component.getName();
            Object value = value(component, event);
            if (value == null || value instanceof java.util.Collection<?> c && c.isEmpty()) {
                continue;
            }
            populated.add(name);
        }
        event.attributes().keySet().forEach(name -> populated.add("attributes." + name));
        return populated;
    }

    private static Object value(RecordComponent component, UserChangedEvent event) {
        try {
            return component.getAccessor().invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
