package dev.provhub.sync.run;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The application groups a run needs, by name without case: those that exist, and those the run will create
 * (with their ids chosen beforehand, so that decisions can refer to them). A name missing from here is a group the
 * run may not create ({@code -a} absent): its memberships are skipped.
 */
public final class GroupResolution {

    /** An application group a run uses; {@code create}: it does not exist yet and the run makes it. */
    public record Group(UUID id, String name, boolean create, String graphGroupId) {
    }

    private final Map<String, Group> byName = new LinkedHashMap<>();
    private final Map<UUID, String> names = new LinkedHashMap<>();

    void add(Group group) {
        byName.put(key(group.name()), group);
        names.put(group.id(), group.name());
    }

    public Optional<Group> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(key(name)));
    }

    public Collection<Group> all() {
        return byName.values();
    }

    public List<Group> toCreate() {
        return byName.values().stream().filter(Group::create).toList();
    }

    /** The name of a group this resolution knows, or null. */
    public String name(UUID id) {
        return names.get(id);
    }

    static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
