package dev.provhub.sync.directory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.outbox.UserChangeOutbox;

/**
 * Publishes a user's change through the outbox, in the transaction of the change: the whole user after it, the
 * fields it changed, and the next version of the user (the row's optimistic lock keeps versions unique).
 */
@ApplicationScoped
public class UserChangePublisher {

    public static final String ORIGIN = "sync-service";
    /** The attribute that carries the trusted-server user name in events. */
    public static final String TRUSTED_SERVER_ATTRIBUTE = "trustedServerUserName";

    private final UserChangeOutbox outbox;

    UserChangePublisher(UserChangeOutbox outbox) {
        this.outbox = outbox;
    }

    /** Bumps the user's event version and publishes the change. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(AppUser user, UserChangeType type, Set<String> changedFields, List<String> groups) {
        user.eventVersion++;
        outbox.publish(event(user, type, changedFields, groups));
    }

    static UserChangedEvent event(AppUser user, UserChangeType type, Set<String> changedFields, List<String> groups) {
        var attributes = new LinkedHashMap<String, String>(user.customAttributes);
        if (user.trustedServerUserName != null) {
            attributes.put(TRUSTED_SERVER_ATTRIBUTE, user.trustedServerUserName);
        }
        return UserChangedEvent.builder().type(type).version(user.eventVersion).changedFields(changedFields)
                .id(user.id).origin(ORIGIN).sourceKey(user.graphId).userName(user.userName).upn(user.upn)
                .givenName(user.firstName).familyName(user.lastName).displayName(user.displayName)
                .email(user.email).active(user.active()).groups(groups).userType(user.userType)
                .attributes(attributes).build();
    }
}
