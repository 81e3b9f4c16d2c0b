package dev.provhub.sync.run;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.provhub.runs.Run;
import dev.provhub.runs.RunHandler;
import dev.provhub.runs.RunOutcome;
import dev.provhub.runs.Runs;
import dev.provhub.sync.graph.DeltaExpiredException;
import dev.provhub.sync.graph.GraphClients;
import dev.provhub.sync.graph.GraphCredentials;
import dev.provhub.sync.graph.GraphReadException;
import dev.provhub.sync.graph.GraphSession;
import dev.provhub.sync.mapping.UserMapping;
import dev.provhub.sync.profile.GraphEdges;
import dev.provhub.sync.profile.ProfileState;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs syncs (kind {@code sync}): reads Graph (in full, or from a profile's delta links), applies what it read, and
 * ends the run with its summary in the transaction of its last changes, where a profile's delta links are stored
 * too. A run that fails (unknown groups, the removal threshold, Graph refusing) fails whole and says why.
 */
@ApplicationScoped
public class SyncRunner implements RunHandler {

    public static final String KIND = "sync";
    private static final Logger LOG = Logger.getLogger(SyncRunner.class);

    private final Runs runs;
    private final GraphClients clients;
    private final RunCredentials credentials;
    private final FullRead fullRead;
    private final IncrementalRead incrementalRead;
    private final SyncApplier applier;
    private final GraphEdges edges;

    SyncRunner(Runs runs, GraphClients clients, RunCredentials credentials, FullRead fullRead,
            IncrementalRead incrementalRead, SyncApplier applier, GraphEdges edges) {
        this.runs = runs;
        this.clients = clients;
        this.credentials = credentials;
        this.fullRead = fullRead;
        this.incrementalRead = incrementalRead;
        this.applier = applier;
        this.edges = edges;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public RunOutcome execute(Run run) {
        SyncRun details = QuarkusTransaction.requiringNew().call(() -> SyncRun.<SyncRun> findById(run.id));
        if (details == null) {
            return RunOutcome.failed("the run's options were not recorded", null);
        }
        SyncOptions options = details.options;
        GraphCredentials signIn = credentials.of(run.id).orElseGet(clients::configured);
        SyncInput[] input = { null };
        try (GraphSession session = clients.open(signIn, options.proxy())) {
            try {
                UserMapping mapping = new UserMapping(SyncOptionsValidator.validate(options));
                input[0] = read(session, options, mapping, details.profile);
                SyncInput read = input[0];
                LOG.infof("Sync %s (%s): %d groups, %d users to decide", run.id, read.mode(), read.roots().size(),
                        read.works().size());
                SyncSummary[] result = { null };
                applier.apply(run, options, read, summary -> () -> {
                    result[0] = summary;
                    finish(run.id, details.profile, options, read, summary, session);
                });
                SyncSummary summary = result[0];
                return RunOutcome.completed(summary.totals(), summary.total("usersFailed") > 0);
            } catch (UnknownGroupsException | RemovalThresholdException | GraphReadException
                    | InvalidSyncOptionsException e) {
                LOG.warnf("Sync %s failed: %s", run.id, e.getMessage());
                var summary = new SyncSummary();
                summary.note(e.getMessage());
                SyncInput read = input[0];
                int requests = session.requests();
                QuarkusTransaction.requiringNew().run(() -> {
                    SyncRun row = SyncRun.findById(run.id);
                    row.summary = summary.view(read == null ? null : read.mode(), read == null ? null
                            : read.modeReason(), requests, session.throttled());
                    row.graphRequests = requests;
                });
                return RunOutcome.failed(e.getMessage(), summary.totals());
            }
        } finally {
            credentials.release(run.id);
        }
    }

    private SyncInput read(GraphSession session, SyncOptions options, UserMapping mapping, String profile) {
        if (profile == null) {
            return fullRead.read(session, options, mapping, null, "a run without a profile reads in full");
        }
        String fingerprint = ProfileFingerprint.of(options);
        ProfileState state = QuarkusTransaction.requiringNew().call(() -> ProfileState.<ProfileState> findById(
                profile));
        String reason;
        if (options.full()) {
            reason = "asked for (--full)";
        } else if (state == null || state.groupsDeltaLink == null || state.usersDeltaLink == null) {
            reason = "the profile's first run";
        } else if (!state.fingerprint.equals(fingerprint)) {
            reason = "the profile's options changed";
        } else if (options.restrictsUsers()) {
            reason = "a run for some users only reads in full";
        } else {
            try {
                SyncInput incremental = incrementalRead.read(session, options, mapping, profile, state);
                if (incremental != null) {
                    return incremental;
                }
                reason = "the groups changed shape (a group renamed, added, nested or deleted)";
            } catch (DeltaExpiredException e) {
                reason = "the delta link expired (" + e.getMessage() + ")";
            }
        }
        LOG.infof("Profile %s reads in full: %s", profile, reason);
        return fullRead.read(session, options, mapping, profile, reason);
    }

    /** In the transaction of the run's last changes: its summary, a profile's delta links and groups, the end. */
    private void finish(UUID runId, String profile, SyncOptions options, SyncInput input, SyncSummary summary,
            GraphSession session) {
        SyncRun row = SyncRun.findById(runId);
        row.mode = input.mode();
        row.modeReason = input.modeReason();
        row.graphRequests = session.requests();
        row.summary = summary.view(input.mode(), input.modeReason(), session.requests(), session.throttled());
        if (profile != null && !options.dryRun() && !options.restrictsUsers() && input.groupsDeltaLink() != null) {
            ProfileState found = ProfileState.findById(profile);
            ProfileState state = found == null ? new ProfileState() : found;
            state.profile = profile;
            state.fingerprint = ProfileFingerprint.of(options);
            state.groupsDeltaLink = input.groupsDeltaLink();
            state.usersDeltaLink = input.usersDeltaLink();
            state.lastRunAt = Instant.now();
            if (input.mode().equals("full")) {
                state.lastFullAt = state.lastRunAt;
            }
            if (found == null) {
                // persisted only when complete: storing the edges below flushes it, and every column is required
                state.persist();
            }
            if (input.edges() != null) {
                edges.store(profile, input.edges());
            }
        }
        runs.finish(runId, RunOutcome.completed(summary.totals(), summary.total("usersFailed") > 0));
    }

    @Override
    public StaleRunPolicy onStale() {
        // a sync run again reaches the same state: what was applied is found applied
        return StaleRunPolicy.RETRY;
    }
}
