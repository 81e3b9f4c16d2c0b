package dev.provhub.sync.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.provhub.dboutage.DatabaseOutage;
import dev.provhub.events.UserChangeType;
import dev.provhub.runs.Run;
import dev.provhub.runs.RunItem;
import dev.provhub.runs.RunItems;
import dev.provhub.runs.RunLostException;
import dev.provhub.runs.Runs;
import dev.provhub.sync.config.SyncConfig;
import dev.provhub.sync.directory.AppGroup;
import dev.provhub.sync.directory.AppUser;
import dev.provhub.sync.directory.MembershipRow;
import dev.provhub.sync.directory.Memberships;
import dev.provhub.sync.directory.UserChangePublisher;
import dev.provhub.sync.directory.UserType;
import dev.provhub.sync.mapping.MappedUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Applies what a run read: resolves the application groups it needs, checks the removal threshold over every
 * decision before anything changes, then creates the groups and decides and writes the users chunk by chunk, each
 * chunk in a transaction with its events. A dry run takes the same path inside one transaction that is rolled
 * back: the same decisions and the same summary, no change, no event.
 */
@ApplicationScoped
class SyncApplier {

    private static final Logger LOG = Logger.getLogger(SyncApplier.class);

    private final EntityManager em;
    private final Memberships memberships;
    private final UserChangePublisher publisher;
    private final Runs runs;
    private final RunItems items;
    private final SyncConfig config;
    private final MeterRegistry registry;
    private final DatabaseOutage outage;

    SyncApplier(EntityManager em, Memberships memberships, UserChangePublisher publisher, Runs runs, RunItems items,
            SyncConfig config, MeterRegistry registry, DatabaseOutage outage) {
        this.em = em;
        this.memberships = memberships;
        this.publisher = publisher;
        this.runs = runs;
        this.items = items;
        this.config = config;
        this.registry = registry;
        this.outage = outage;
    }

    /**
     * @param beforeCommit runs in the transaction of the last chunk (the run's own state: profile, summary)
     * @throws RemovalThresholdException before anything changed
     */
    SyncSummary apply(Run run, SyncOptions options, SyncInput input, Function<SyncSummary, Runnable> beforeCommit) {
        var summary = new SyncSummary();
        input.notes().forEach(summary::note);
        summary.add("ignoredMembers", input.ignoredMembers());
        GroupResolution groups = QuarkusTransaction.requiringNew().call(() -> resolve(options, input, summary));
        var decider = new UserDecider(options, input.roots(), groups, config.defaultGroup());
        List<List<UserWork>> chunks = chunks(input.works());
        checkThreshold(options, groups, decider, chunks);
        if (!input.skipped().isEmpty()) {
            items.add(run.id, input.skipped());
            summary.add("usersSkipped", input.skipped().size());
        }
        long total = input.works().size();
        if (options.dryRun()) {
            QuarkusTransaction.begin();
            try {
                applyAll(run, options, groups, decider, chunks, summary, total, true);
            } finally {
                QuarkusTransaction.rollback();
            }
            QuarkusTransaction.requiringNew().run(beforeCommit.apply(summary));
        } else {
            QuarkusTransaction.requiringNew().run(() -> {
                runs.lockOwned(run.id);
                createGroups(groups, input, summary);
            });
            applyAll(run, options, groups, decider, chunks, summary, total, false);
            QuarkusTransaction.requiringNew().run(() -> {
                runs.lockOwned(run.id);
                beforeCommit.apply(summary).run();
            });
        }
        return summary;
    }

    private void applyAll(Run run, SyncOptions options, GroupResolution groups, UserDecider decider,
            List<List<UserWork>> chunks, SyncSummary summary, long total, boolean dryRun) {
        if (dryRun) {
            createGroups(groups, null, summary);
        }
        long done = 0;
        for (List<UserWork> chunk : chunks) {
            var chunkItems = new ArrayList<RunItem>();
            if (dryRun) {
                applyChunk(options, groups, decider, chunk, summary, chunkItems);
                em.flush();
                em.clear();
            } else {
                applyChunkCommitted(run, options, groups, decider, chunk, summary, chunkItems);
            }
            done += chunk.size();
            items.add(run.id, chunkItems);
            long progress = done;
            if (dryRun) {
                QuarkusTransaction.suspendingExisting().run(() -> runs.progress(run.id, progress, total,
                        summary.totals()));
            } else {
                runs.progress(run.id, progress, total, summary.totals());
            }
        }
    }

    /** One chunk in its own transaction; a chunk that fails is applied again user by user, so one bad user fails alone. */
    private void applyChunkCommitted(Run run, SyncOptions options, GroupResolution groups, UserDecider decider,
            List<UserWork> chunk, SyncSummary summary, List<RunItem> chunkItems) {
        var chunkSummary = new SyncSummary();
        var pending = new ArrayList<RunItem>();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                runs.lockOwned(run.id);
                applyChunk(options, groups, decider, chunk, chunkSummary, pending);
            });
            merge(summary, chunkSummary);
            chunkItems.addAll(pending);
            return;
        } catch (RunLostException e) {
            throw e;
        } catch (RuntimeException e) {
            if (outage.isOutage(e)) {
                throw e; // no user of the chunk is at fault: the run waits the outage out and runs again
            }
            LOG.warnf("A chunk of %d users failed (%s); applying them one by one", chunk.size(), e.toString());
        }
        for (UserWork work : chunk) {
            var single = new SyncSummary();
            var singleItems = new ArrayList<RunItem>();
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    runs.lockOwned(run.id);
                    applyChunk(options, groups, decider, List.of(work), single, singleItems);
                });
                merge(summary, single);
                chunkItems.addAll(singleItems);
            } catch (RunLostException e) {
                throw e;
            } catch (RuntimeException e) {
                if (outage.isOutage(e)) {
                    throw e;
                }
                String name = work.mapped() != null ? work.mapped().userName() : String.valueOf(work.graphId());
                LOG.warnf("User %s failed: %s", name, e.toString());
                summary.add("usersFailed", 1);
                chunkItems.add(RunItem.forKey(name, "failed", "could not be written: " + rootCause(e)));
            }
        }
    }

    private static void merge(SyncSummary into, SyncSummary from) {
        from.totals().forEach(into::add);
        from.view(null, null, null, null).groups().forEach(into::group);
        from.view(null, null, null, null).notes().forEach(into::note);
    }

    private void applyChunk(SyncOptions options, GroupResolution groups, UserDecider decider, List<UserWork> chunk,
            SyncSummary summary, List<RunItem> chunkItems) {
        ExistingState state = load(chunk);
        var decisions = new ArrayList<Decision>();
        for (UserWork work : chunk) {
            decisions.add(decider.decide(work, state));
        }
        var users = new HashMap<UUID, AppUser>();
        var adds = new ArrayList<MembershipRow>();
        var removes = new ArrayList<MembershipRow>();
        Instant now = Instant.now();
        for (Decision decision : decisions) {
            if (decision.outcome() == Decision.Outcome.SKIPPED) {
                summary.add("usersSkipped", 1);
                chunkItems.add(RunItem.forKey(decision.userName(), "skipped", decision.reason()));
                log(options, "  skipped %s: %s", decision.userName(), decision.reason());
                continue;
            }
            count(decision, groups, state, summary, decider);
            if (!decision.writes()) {
                continue;
            }
            AppUser user = write(decision, options, now);
            users.put(user.id, user);
            adds.addAll(decision.adds());
            removes.addAll(decision.removes());
            if (options.fullSummary()) {
                chunkItems.add(RunItem.forKey(user.userName, kind(decision), describe(decision, groups, state)));
            }
            log(options, "  %s %s: %s", kind(decision), user.userName, describe(decision, groups, state));
        }
        em.flush();
        memberships.remove(removes);
        memberships.add(adds);
        var published = new ArrayList<UUID>();
        decisions.stream().filter(d -> d.event() != null && users.containsKey(d.userId()))
                .forEach(d -> published.add(d.userId()));
        Map<UUID, List<String>> names = memberships.groupNames(published);
        for (Decision decision : decisions) {
            if (decision.event() != null && users.containsKey(decision.userId())) {
                publisher.publish(users.get(decision.userId()), decision.event(), decision.changedFields(),
                        names.get(decision.userId()));
                registry.counter("provhub.sync.changes", "kind", decision.event().wireName()).increment();
            }
        }
        em.flush();
    }

    private AppUser write(Decision decision, SyncOptions options, Instant now) {
        AppUser user = decision.existing();
        MappedUser mapped = decision.work().mapped();
        boolean create = user == null;
        if (create) {
            user = new AppUser();
            user.id = decision.userId();
            user.createdBySync = true;
            user.userType = (options.userType() == null ? UserType.REGULAR : options.userType()).wireName();
            user.createdAt = now;
        }
        if (decision.work().deletedInEntra()) {
            user.deleted = true;
            user.enabled = false;
        } else if (mapped != null) {
            user.userName = mapped.userName();
            user.firstName = mapped.firstName();
            user.lastName = mapped.lastName();
            user.email = mapped.email();
            user.upn = mapped.upn();
            user.displayName = mapped.displayName();
            user.trustedServerUserName = mapped.trustedServerUserName();
            user.graphId = mapped.graphId();
            user.enabled = mapped.enabled();
            user.deleted = false;
            var attributes = new TreeMap<>(user.customAttributes);
            for (String attribute : options.customUserAttributes()) {
                String value = mapped.customAttributes().get(attribute);
                if (value == null) {
                    attributes.remove(attribute);
                } else {
                    attributes.put(attribute, value);
                }
            }
            user.customAttributes = attributes;
        }
        if (decision.event() != null || create) {
            user.updatedAt = now;
        }
        if (create) {
            em.persist(user);
        }
        return user;
    }

    private void count(Decision decision, GroupResolution groups, ExistingState state, SyncSummary summary,
            UserDecider decider) {
        switch (decision.outcome()) {
            case CREATED -> summary.add("usersCreated", 1);
            case UPDATED -> summary.add("usersUpdated", 1);
            default -> summary.add("usersUnchanged", 1);
        }
        if (decision.event() == UserChangeType.DEACTIVATED) {
            summary.add("usersDeactivated", 1);
        } else if (decision.event() == UserChangeType.REACTIVATED) {
            summary.add("usersReactivated", 1);
        } else if (decision.event() == UserChangeType.DELETED) {
            summary.add("usersDeleted", 1);
        }
        summary.add("membershipsAdded", decision.joined().size());
        summary.add("membershipsRemoved", decision.left().size());
        var inGroups = new LinkedHashSet<String>();
        for (RootGroup root : decider.roots()) {
            if (decision.work().roots().contains(root.graphId()) && groups.find(root.appGroupName()).isPresent()) {
                inGroups.add(root.appGroupName());
            }
        }
        for (String group : inGroups) {
            summary.group(groups.find(group).map(GroupResolution.Group::name).orElse(group), new SyncSummary.GroupCounts(
                    decision.outcome() == Decision.Outcome.CREATED ? 1 : 0,
                    decision.outcome() == Decision.Outcome.UPDATED ? 1 : 0,
                    decision.outcome() == Decision.Outcome.UNCHANGED ? 1 : 0, 0, 0));
        }
        for (UUID joined : decision.joined()) {
            summary.group(groupName(joined, groups, state), new SyncSummary.GroupCounts(0, 0, 0, 1, 0));
        }
        for (UUID left : decision.left()) {
            summary.group(groupName(left, groups, state), new SyncSummary.GroupCounts(0, 0, 0, 0, 1));
        }
    }

    private static String groupName(UUID id, GroupResolution groups, ExistingState state) {
        String name = groups.name(id);
        return name != null ? name : state.groupNames.getOrDefault(id, id.toString());
    }

    private static String kind(Decision decision) {
        if (decision.event() == UserChangeType.CREATED) {
            return "created";
        }
        if (decision.event() == UserChangeType.DELETED) {
            return "deleted";
        }
        if (decision.event() == UserChangeType.DEACTIVATED) {
            return "deactivated";
        }
        if (decision.event() == UserChangeType.REACTIVATED) {
            return "reactivated";
        }
        return decision.outcome() == Decision.Outcome.UPDATED ? "updated" : "memberships";
    }

    private static String describe(Decision decision, GroupResolution groups, ExistingState state) {
        var parts = new ArrayList<String>();
        if (!decision.joined().isEmpty()) {
            parts.add("joined " + String.join(", ", decision.joined().stream()
                    .map(id -> groupName(id, groups, state)).toList()));
        }
        if (!decision.left().isEmpty()) {
            parts.add("left " + String.join(", ", decision.left().stream()
                    .map(id -> groupName(id, groups, state)).toList()));
        }
        var fields = decision.changedFields().stream().filter(f -> !f.equals("groups")).toList();
        if (!fields.isEmpty() && decision.event() != UserChangeType.CREATED) {
            parts.add("changed " + String.join(", ", fields));
        }
        return parts.isEmpty() ? "rewritten (--force)" : String.join("; ", parts);
    }

    // ---- groups

    private GroupResolution resolve(SyncOptions options, SyncInput input, SyncSummary summary) {
        var wanted = new LinkedHashSet<String>();
        var creatable = new HashSet<String>();
        var graphIds = new HashMap<String, String>();
        for (RootGroup root : input.roots()) {
            wanted.add(root.appGroupName());
            if (options.autoCreate().createsGroups() || options.targetGroup() != null) {
                creatable.add(GroupResolution.key(root.appGroupName()));
            }
            if (options.targetGroup() == null) {
                graphIds.put(GroupResolution.key(root.appGroupName()), root.graphId());
            }
        }
        boolean anyMapped = input.works().stream().anyMatch(w -> w.mapped() != null);
        if (!options.skipDefaultGroup() && anyMapped) {
            wanted.add(config.defaultGroup());
            creatable.add(GroupResolution.key(config.defaultGroup()));
        }
        for (UserWork work : input.works()) {
            if (work.mapped() != null) {
                work.mapped().attributeGroups().values().forEach(names -> names.forEach(name -> {
                    wanted.add(name);
                    if (options.autoCreate().createsGroups()) {
                        creatable.add(GroupResolution.key(name));
                    }
                }));
            }
        }
        var resolution = new GroupResolution();
        var existing = new HashMap<String, AppGroup>();
        if (!wanted.isEmpty()) {
            List<AppGroup> found = AppGroup.list("lower(name) in ?1", wanted.stream()
                    .map(GroupResolution::key).toList());
            found.forEach(g -> existing.put(GroupResolution.key(g.name), g));
        }
        var missing = new ArrayList<String>();
        for (String name : wanted) {
            String key = GroupResolution.key(name);
            AppGroup group = existing.get(key);
            if (group != null) {
                resolution.add(new GroupResolution.Group(group.id, group.name, false, graphIds.get(key)));
            } else if (creatable.contains(key)) {
                resolution.add(new GroupResolution.Group(UUID.randomUUID(), name.trim(), true, graphIds.get(key)));
            } else if (!missing.contains(name)) {
                missing.add(name);
            }
        }
        for (String name : missing) {
            summary.note("group '" + name + "' does not exist in the application and was not created "
                    + "(-a creates groups): its memberships are skipped");
        }
        return resolution;
    }

    private void createGroups(GroupResolution groups, SyncInput input, SyncSummary summary) {
        Instant now = Instant.now();
        for (GroupResolution.Group group : groups.toCreate()) {
            var created = new AppGroup();
            created.id = group.id();
            created.name = group.name();
            created.createdBySync = true;
            created.graphGroupId = group.graphGroupId();
            created.createdAt = now;
            created.persist();
            summary.add("groupsCreated", 1);
            summary.touch(group.name());
        }
        for (GroupResolution.Group group : groups.all()) {
            if (!group.create() && group.graphGroupId() != null) {
                em.createNativeQuery("update app_group set graph_group_id = ?2 where id = ?1 "
                        + "and graph_group_id is distinct from ?2").setParameter(1, group.id())
                        .setParameter(2, group.graphGroupId()).executeUpdate();
            }
        }
        em.flush();
    }

    // ---- threshold

    private void checkThreshold(SyncOptions options, GroupResolution groups, UserDecider decider,
            List<List<UserWork>> chunks) {
        var leaving = new HashMap<UUID, Integer>();
        var names = new HashMap<UUID, String>();
        for (List<UserWork> chunk : chunks) {
            QuarkusTransaction.requiringNew().run(() -> {
                ExistingState state = load(chunk);
                for (UserWork work : chunk) {
                    Decision decision = decider.decide(work, state);
                    for (UUID group : decision.left()) {
                        leaving.merge(group, 1, Integer::sum);
                        names.put(group, groupName(group, groups, state));
                    }
                }
                em.clear();
            });
        }
        if (leaving.isEmpty()) {
            return;
        }
        Map<UUID, Integer> sizes = QuarkusTransaction.requiringNew().call(() -> memberships.memberCounts(
                leaving.keySet()));
        var refused = new ArrayList<String>();
        double threshold = config.removals().thresholdPercent();
        leaving.forEach((group, count) -> {
            int size = sizes.getOrDefault(group, 0);
            double percent = size == 0 ? 0 : 100.0 * count / size;
            if (size >= config.removals().thresholdMinMembers() && percent > threshold) {
                refused.add(String.format(Locale.ROOT, "%d of the %d members of group '%s' (%.1f %%)", count, size,
                        names.get(group), percent));
            }
        });
        if (refused.isEmpty()) {
            return;
        }
        String message = String.format(Locale.ROOT, "The run would remove %s, more than the threshold of %s %%; "
                + "nothing was changed. Check the group names and the filter, or run with --force to allow it",
                String.join(", ", refused), threshold % 1 == 0 ? String.valueOf((long) threshold)
                        : String.valueOf(threshold));
        if (options.force()) {
            LOG.warn(message.replace("; nothing was changed", "; forced"));
            return;
        }
        throw new RemovalThresholdException(message);
    }

    // ---- loading

    @SuppressWarnings("unchecked")
    private ExistingState load(List<UserWork> chunk) {
        var graphIds = new ArrayList<String>();
        var names = new ArrayList<String>();
        var ids = new ArrayList<UUID>();
        for (UserWork work : chunk) {
            if (work.graphId() != null) {
                graphIds.add(work.graphId());
            }
            if (work.userId() != null) {
                ids.add(work.userId());
            }
            if (work.mapped() != null) {
                names.add(work.mapped().userName().toLowerCase(Locale.ROOT));
            }
        }
        graphIds.add("");
        names.add("");
        ids.add(new UUID(0, 0));
        List<AppUser> users = em.createQuery("from AppUser u where u.graphId in :graphIds or u.id in :ids "
                + "or (u.deleted = false and lower(u.userName) in :names)").setParameter("graphIds", graphIds)
                .setParameter("ids", ids).setParameter("names", names).getResultList();
        Map<UUID, List<MembershipRow>> rows = memberships.ofUsers(users.stream().map(u -> u.id).toList());
        var groupIds = new HashSet<UUID>();
        rows.values().forEach(list -> list.forEach(row -> groupIds.add(row.groupId())));
        var groupNames = new HashMap<UUID, String>();
        if (!groupIds.isEmpty()) {
            List<Object[]> found = em.createNativeQuery("select id, name from app_group where id = any (?1)")
                    .setParameter(1, groupIds.toArray(UUID[]::new)).getResultList();
            found.forEach(row -> groupNames.put((UUID) row[0], (String) row[1]));
        }
        return new ExistingState(users, rows, groupNames);
    }

    private List<List<UserWork>> chunks(List<UserWork> works) {
        int size = Math.max(1, config.chunkSize());
        var chunks = new ArrayList<List<UserWork>>();
        for (int from = 0; from < works.size(); from += size) {
            chunks.add(works.subList(from, Math.min(works.size(), from + size)));
        }
        return chunks;
    }

    private static void log(SyncOptions options, String format, Object... args) {
        if (options.verbose()) {
            LOG.infof(format, args);
        } else {
            LOG.debugf(format, args);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
