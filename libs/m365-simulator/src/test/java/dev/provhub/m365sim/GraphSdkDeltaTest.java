package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.graph.groups.delta.DeltaGetResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.serialization.UntypedArray;
import com.microsoft.kiota.serialization.UntypedNode;
import com.microsoft.kiota.serialization.UntypedObject;
import com.microsoft.kiota.serialization.UntypedString;

/**
 * A groups delta round trip with the real SDK, as sync-service will run it: a full round (members spread over
 * entries and pages, merged per group id), changes, an incremental round from the deltaLink, and the expired token
 * that forces a full sync.
 */
class GraphSdkDeltaTest {

    static SchoolTenant school;
    static M365Simulator simulator;

    @BeforeAll
    static void start() {
        school = new SchoolTenant();
        simulator = M365Simulator.start(school.fixture());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
        simulator.settings().deltaPageSize(3).deltaMembersPerEntry(40);
    }

    /** What a delta client keeps: members per group id, display names, groups removed. */
    static final class GroupMirror {
        final Map<String, Set<String>> members = new HashMap<>();
        final Map<String, String> names = new HashMap<>();
        final Set<String> removedGroups = new HashSet<>();
        final Map<String, Integer> pagesPerGroup = new HashMap<>();
        int pages;

        String sync(GraphServiceClient graph, DeltaGetResponse first) {
            DeltaGetResponse page = first;
            while (true) {
                pages++;
                var seenOnPage = new HashSet<String>();
                for (Group group : page.getValue()) {
                    apply(group);
                    if (seenOnPage.add(group.getId())) {
                        pagesPerGroup.merge(group.getId(), 1, Integer::sum);
                    }
                }
                if (page.getOdataDeltaLink() != null) {
                    return page.getOdataDeltaLink();
                }
                page = graph.groups().delta().withUrl(page.getOdataNextLink()).get();
            }
        }

        void apply(Group group) {
            Map<String, Object> extra = group.getAdditionalData();
            if (extra.containsKey("@removed")) {
                removedGroups.add(group.getId());
                members.remove(group.getId());
                return;
            }
            if (group.getDisplayName() != null) {
                names.put(group.getId(), group.getDisplayName());
            }
            Object delta = extra.get("members@delta");
            if (delta instanceof UntypedArray array) {
                Set<String> current = members.computeIfAbsent(group.getId(), id -> new HashSet<>());
                for (UntypedNode node : array.getValue()) {
                    Map<String, UntypedNode> member = ((UntypedObject) node).getValue();
                    String id = ((UntypedString) member.get("id")).getValue();
                    if (member.containsKey("@removed")) {
                        current.remove(id);
                    } else {
                        current.add(id);
                    }
                }
            }
        }
    }

    @Test
    void fullRoundThenOnlyTheChangesThenAnExpiredTokenThatForcesAFullSync() throws Exception {
        GraphServiceClient graph = GraphSdkClients.withSecret(simulator, school.sync);
        var mirror = new GroupMirror();

        String deltaLink = mirror.sync(graph, graph.groups().delta()
                .get(request -> request.queryParameters.select = new String[] { "displayName", "members" }));

        assertThat(mirror.members.get(school.pupils)).hasSize(250).containsAll(school.pupilIds);
        assertThat(mirror.pagesPerGroup.get(school.pupils)).as("the pupils' members are spread over pages")
                .isGreaterThan(1);
        assertThat(mirror.members.get(school.staff)).containsExactlyInAnyOrder(school.alice, school.bob,
                school.teachers, school.laptop, school.contact, school.sync.servicePrincipalId());
        assertThat(mirror.names).hasSize(7);

        simulator.directory().addMember(school.teachers, school.bob);
        simulator.directory().removeMember(school.pupils, school.pupilIds.get(0));
        simulator.directory().update(school.governors(), renamed("School Board"));
        simulator.directory().delete(school.dave);
        var incremental = new GroupMirror();
        String nextDeltaLink = incremental.sync(graph, graph.groups().delta().withUrl(deltaLink)
                .get(request -> request.headers.add("Prefer", "return=minimal")));

        assertThat(incremental.names).as("only changed properties with return=minimal")
                .containsOnly(Map.entry(school.governors(), "School Board"));
        assertThat(incremental.members.keySet()).containsExactlyInAnyOrder(school.teachers, school.pupils,
                school.archive());
        assertThat(incremental.members.get(school.teachers)).containsExactly(school.bob);
        var changedGroups = new GroupMirror();
        changedGroups.sync(graph, graph.groups().delta().withUrl(deltaLink).get());
        assertThat(changedGroups.names).as("every tracked property of changed groups by default").containsOnlyKeys(
                school.governors(), school.teachers, school.pupils, school.archive());
        mirror.sync(graph, graph.groups().delta().withUrl(deltaLink).get());
        assertThat(mirror.members.get(school.teachers)).containsExactlyInAnyOrder(school.alice, school.carol,
                school.bob);
        assertThat(mirror.members.get(school.pupils)).hasSize(249).doesNotContain(school.pupilIds.get(0));
        assertThat(mirror.members.get(school.archive())).isEmpty();

        var nothing = new GroupMirror();
        nothing.sync(graph, graph.groups().delta().withUrl(nextDeltaLink).get());
        assertThat(nothing.members).isEmpty();
        assertThat(nothing.names).isEmpty();

        simulator.clock().advance(Duration.ofDays(8));
        // eight days on, the cached access token has expired too: a service builds its client anew
        GraphServiceClient later = GraphSdkClients.withSecret(simulator, school.sync);
        assertThatThrownBy(() -> later.groups().delta().withUrl(nextDeltaLink).get())
                .isInstanceOfSatisfying(ODataError.class, error -> {
                    assertThat(error.getResponseStatusCode()).isEqualTo(410);
                    assertThat(error.getError().getCode()).isEqualTo("syncStateNotFound");
                });
        var fullAgain = new GroupMirror();
        fullAgain.sync(later, later.groups().delta()
                .get(request -> request.queryParameters.select = new String[] { "displayName", "members" }));
        assertThat(fullAgain.members.get(school.pupils)).hasSize(249);
    }

    @Test
    void deletedGroupsComeBackAsRemoved() throws Exception {
        GraphServiceClient graph = GraphSdkClients.withSecret(simulator, school.sync);
        String deltaLink = new GroupMirror().sync(graph, graph.groups().delta()
                .get(request -> request.queryParameters.select = new String[] { "displayName" }));

        simulator.directory().delete(school.archive());
        var mirror = new GroupMirror();
        mirror.sync(graph, graph.groups().delta().withUrl(deltaLink).get());

        assertThat(mirror.removedGroups).containsExactly(school.archive());
    }

    @Test
    void usersDeltaReportsChangedAndRemovedUsers() throws Exception {
        GraphServiceClient graph = GraphSdkClients.withSecret(simulator, school.sync);
        simulator.settings().deltaPageSize(100);
        var response = graph.users().delta().get(request -> request.queryParameters.select = new String[] {
                "displayName", "accountEnabled", "department" });
        int users = 0;
        while (response.getOdataNextLink() != null) {
            users += response.getValue().size();
            response = graph.users().delta().withUrl(response.getOdataNextLink()).get();
        }
        users += response.getValue().size();
        assertThat(users).isEqualTo(254);

        var disabled = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        disabled.put("accountEnabled", false);
        simulator.directory().update(school.bob, disabled);
        simulator.directory().update(school.carol, renamed("Carol C."));
        simulator.directory().delete(school.dave);
        var changes = graph.users().delta().withUrl(response.getOdataDeltaLink()).get();

        assertThat(changes.getValue()).hasSize(3);
        var byId = new HashMap<String, com.microsoft.graph.models.User>();
        changes.getValue().forEach(user -> byId.put(user.getId(), user));
        assertThat(byId.get(school.bob).getAccountEnabled()).isFalse();
        assertThat(byId.get(school.carol).getDisplayName()).isEqualTo("Carol C.");
        assertThat(byId.get(school.dave).getAdditionalData()).containsKey("@removed");
    }

    @Test
    void aTokenThatWasEditedIsRefused() {
        GraphServiceClient graph = GraphSdkClients.withSecret(simulator, school.sync);
        String deltaLink = new GroupMirror().sync(graph, graph.groups().delta().get());
        String edited = deltaLink.substring(0, deltaLink.length() - 3) + "AAA";

        assertThatThrownBy(() -> graph.groups().delta().withUrl(edited).get())
                .isInstanceOfSatisfying(ODataError.class,
                        error -> assertThat(error.getResponseStatusCode()).isEqualTo(400));
    }

    static com.fasterxml.jackson.databind.node.ObjectNode renamed(String name) {
        var patch = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        patch.put("displayName", name);
        return patch;
    }

    static List<String> ids(List<Group> groups) {
        return groups.stream().map(Group::getId).toList();
    }
}
