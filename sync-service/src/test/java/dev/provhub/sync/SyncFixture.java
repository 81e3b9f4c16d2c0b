package dev.provhub.sync;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.provhub.m365sim.M365Simulator;
import dev.provhub.m365sim.M365SimulatorTestResource;
import dev.provhub.sync.cli.ProvisionCommand;
import dev.provhub.sync.directory.AppUser;
import dev.provhub.sync.run.SyncRunView;
import dev.provhub.sync.run.SyncRuns;

/**
 * What the tests share: a clean directory and simulator, the command run as an administrator would run it, and
 * the directory read back.
 */
@ApplicationScoped
public class SyncFixture {

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String out, String err, SyncRunView run) {
        public long total(String name) {
            return run.summary().totals().get(name);
        }
    }

    private final ProvisionCommand command;
    private final SyncRuns runs;
    private final EntityManager em;

    SyncFixture(ProvisionCommand command, SyncRuns runs, EntityManager em) {
        this.command = command;
        this.runs = runs;
        this.em = em;
    }

    public static M365Simulator simulator() {
        return M365SimulatorTestResource.simulator();
    }

    /** A fresh simulator tenant and an empty application. */
    @Transactional
    public void reset() {
        simulator().reset();
        em.createNativeQuery("truncate membership, app_user, app_group, sync_run, sync_profile_state, "
                + "sync_profile_root, sync_graph_edge, run_item, run, outbox_event cascade").executeUpdate();
    }

    /** {@code provision <args>} with the configured credentials and no O365_USERSYNC_* variables. */
    public Result provision(String... args) {
        return provision(Map.of(), args);
    }

    public Result provision(Map<String, String> environment, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
                var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = command.run(args, new HashMap<>(environment), o, e);
        }
        SyncRunView run = latestRun();
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), run);
    }

    public SyncRunView latestRun() {
        var recent = runs.recent(1);
        return recent.isEmpty() ? null : runs.view(recent.get(0).id(), true);
    }

    public SyncRunView run(UUID id) {
        return runs.view(id, true);
    }

    @Transactional
    public AppUser user(String userName) {
        var found = em.createQuery("from AppUser u where lower(u.userName) = lower(?1)", AppUser.class)
                .setParameter(1, userName).getResultList();
        if (found.isEmpty()) {
            return null;
        }
        em.detach(found.get(0));
        return found.get(0);
    }

    @Transactional
    public long userCount() {
        return ((Number) em.createNativeQuery("select count(*) from app_user").getSingleResult()).longValue();
    }

    @Transactional
    public List<String> groupNames() {
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery("select name from app_group order by lower(name)").getResultList();
        return new ArrayList<>(names);
    }

    /** The user names of a group's members, sorted. */
    @Transactional
    public List<String> members(String group) {
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery("select distinct u.user_name from membership m "
                + "join app_group g on g.id = m.group_id join app_user u on u.id = m.user_id "
                + "where lower(g.name) = lower(?1) order by u.user_name").setParameter(1, group).getResultList();
        return new ArrayList<>(names);
    }

    /** The sources of one user's membership of a group. */
    @Transactional
    public List<String> sources(String group, String userName) {
        @SuppressWarnings("unchecked")
        List<String> sources = em.createNativeQuery("select m.source from membership m "
                + "join app_group g on g.id = m.group_id join app_user u on u.id = m.user_id "
                + "where lower(g.name) = lower(?1) and lower(u.user_name) = lower(?2) order by m.source")
                .setParameter(1, group).setParameter(2, userName).getResultList();
        return new ArrayList<>(sources);
    }

    /** Runs of a profile that ended, whatever their outcome. */
    @Transactional
    public long finishedRunsOfProfile(String profile) {
        return ((Number) em.createNativeQuery("select count(*) from run r join sync_run s on s.run_id = r.id "
                + "where s.profile = ?1 and r.status not in ('QUEUED', 'RUNNING')").setParameter(1, profile)
                .getSingleResult()).longValue();
    }

    @Transactional
    public long outboxEvents() {
        return ((Number) em.createNativeQuery("select count(*) from outbox_event").getSingleResult()).longValue();
    }

    /** Every table that a run changes, as text, to compare before and after. */
    @Transactional
    public String directoryDump() {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("select concat_ws('|', "
                + "(select string_agg(concat_ws(',', user_name, first_name, last_name, email, enabled, deleted, "
                + "custom_attributes::text, event_version), ';' order by user_name) from app_user), "
                + "(select string_agg(name, ';' order by name) from app_group), "
                + "(select count(*) from membership), (select count(*) from outbox_event))").getResultList();
        return String.valueOf(rows.get(0));
    }

    @Transactional
    public void sql(String statement) {
        em.createNativeQuery(statement).executeUpdate();
    }
}
