package dev.provhub.sync.profile;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.provhub.httpapi.Roles;
import dev.provhub.sync.run.ProfileRunActiveException;
import dev.provhub.sync.run.SyncRunView;
import dev.provhub.sync.run.SyncRuns;
import dev.provhub.sync.run.UnknownProfileException;

/** The configured sync profiles: what they sync, when they run, what they remember; run one now. */
@Path("/api/syncs/profiles")
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    /** A profile as the API shows it (never a delta link: they carry Graph's tokens). */
    public record ProfileView(String name, String options, String cron, boolean incrementalReady, Instant lastRunAt,
            Instant lastFullAt) {
    }

    private final SyncProfiles profiles;
    private final SyncRuns runs;

    ProfileResource(SyncProfiles profiles, SyncRuns runs) {
        this.profiles = profiles;
        this.runs = runs;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The configured profiles")
    @APIResponse(responseCode = "200", description = "The profiles")
    @Transactional
    public List<ProfileView> list() {
        return profiles.all().stream().map(profile -> {
            Optional<ProfileState> state = ProfileState.findByIdOptional(profile.name());
            return new ProfileView(profile.name(), profile.optionsText(), profile.cron().orElse(null),
                    state.map(s -> s.groupsDeltaLink != null).orElse(false),
                    state.map(s -> s.lastRunAt).orElse(null), state.map(s -> s.lastFullAt).orElse(null));
        }).toList();
    }

    @POST
    @Path("/{name}/runs")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Queue a run of the profile now", description = "Incremental when the profile has delta "
            + "links, unless full=true.")
    @APIResponse(responseCode = "202", description = "The sync, queued")
    @APIResponse(responseCode = "404", description = "No such profile")
    @APIResponse(responseCode = "409", description = "A run of the profile is queued or running")
    public Response run(@PathParam("name") String name, @QueryParam("full") @DefaultValue("false") boolean full,
            @QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        SyncProfiles.Profile profile = profiles.find(name).orElseThrow(() -> new UnknownProfileException(name));
        if (runs.profileActive(name)) {
            throw new ProfileRunActiveException(name);
        }
        SyncRunView run = runs.enqueue(profile.options().withFull(full || profile.options().full())
                .withDryRun(dryRun || profile.options().dryRun()), name, "rest", null);
        return Response.accepted(run).location(URI.create("/api/syncs/" + run.id())).build();
    }
}
