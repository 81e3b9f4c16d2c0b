package dev.provhub.m365sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;

/** The real Graph SDK v6 with azure-identity, signed in with a client secret and with a certificate. */
class GraphSdkGroupsTest {

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
    }

    @Test
    void pagesThroughFilteredGroupsWithPageIteratorSignedInWithSecret() throws Exception {
        GraphServiceClient graph = GraphSdkClients.withSecret(simulator, school.sync);

        GroupCollectionResponse first = graph.groups().get(request -> {
            request.queryParameters.filter = "startswith(displayName,'School ')";
            request.queryParameters.select = new String[] { "id", "displayName" };
            request.queryParameters.top = 2;
        });
        var names = new ArrayList<String>();
        new PageIterator.Builder<Group, GroupCollectionResponse>().client(graph).collectionPage(first)
                .collectionPageFactory(GroupCollectionResponse::createFromDiscriminatorValue)
                .processPageItemCallback(group -> names.add(group.getDisplayName())).build().iterate();

        assertThat(names).containsExactlyInAnyOrder("School Teachers", "School Staff", "School Pupils",
                "School Everyone", "School Governors", "School Parents");
        assertThat(simulator.journal().forPath("/v1.0/groups")).hasSize(3)
                .allSatisfy(entry -> assertThat(entry.status()).isEqualTo(200));
    }

    @Test
    void listsTransitiveUserMembersWithTheCastSignedInWithCertificate(@TempDir Path dir) throws Exception {
        GraphServiceClient graph = GraphSdkClients.withCertificate(simulator, school.sync,
                school.syncCertificatePfx(dir));

        UserCollectionResponse first = graph.groups().byGroupId(school.everyone).transitiveMembers().graphUser()
                .get(request -> {
                    request.headers.add("ConsistencyLevel", "eventual");
                    request.queryParameters.count = true;
                    request.queryParameters.select = new String[] { "id", "userPrincipalName", "accountEnabled" };
                    request.queryParameters.top = 999;
                });
        List<String> ids = new ArrayList<>();
        new PageIterator.Builder<User, UserCollectionResponse>().client(graph).collectionPage(first)
                .collectionPageFactory(UserCollectionResponse::createFromDiscriminatorValue)
                .processPageItemCallback(user -> ids.add(user.getId())).build().iterate();

        assertThat(first.getOdataCount()).isEqualTo(254L);
        assertThat(ids).hasSize(254).doesNotHaveDuplicates().contains(school.alice, school.carol, school.dave)
                .containsAll(school.pupilIds);
    }

    @Test
    void advancedQueriesNeedTheirHeaderOnEveryPage() throws Exception {
        GraphServiceClient graph = GraphSdkClients.withSecret(simulator, school.sync);
        UserCollectionResponse first = graph.groups().byGroupId(school.pupils).transitiveMembers().graphUser()
                .get(request -> {
                    request.headers.add("ConsistencyLevel", "eventual");
                    request.queryParameters.count = true;
                    request.queryParameters.top = 100;
                });
        List<String> ids = new ArrayList<>();
        new PageIterator.Builder<User, UserCollectionResponse>().client(graph).collectionPage(first)
                .collectionPageFactory(UserCollectionResponse::createFromDiscriminatorValue)
                .requestConfigurator(request -> {
                    request.headers.add("ConsistencyLevel", "eventual");
                    return request;
                })
                .processPageItemCallback(user -> ids.add(user.getId())).build().iterate();

        assertThat(ids).hasSize(250).doesNotHaveDuplicates();
        assertThat(simulator.journal().forPath("/transitiveMembers")).hasSize(3)
                .allSatisfy(entry -> assertThat(entry.header("ConsistencyLevel")).isEqualTo("eventual"));
    }

    @Test
    void readsAUserWithDirectoryExtensionsBySelectingThem() throws Exception {
        GraphServiceClient graph = GraphSdkClients.withSecret(simulator, school.sync);

        User alice = graph.users().byUserId("alice.anders@" + school.builder.domain())
                .get(request -> request.queryParameters.select = new String[] { "id", "employeeId",
                        SchoolTenant.EMPLOYEE_NUMBER,
                        "onPremisesExtensionAttributes" });

        assertThat(alice.getId()).isEqualTo(school.alice);
        assertThat(alice.getEmployeeId()).isEqualTo("E-1001");
        assertThat(alice.getAdditionalData()).containsEntry(SchoolTenant.EMPLOYEE_NUMBER, "1001");
        assertThat(alice.getOnPremisesExtensionAttributes().getExtensionAttribute1()).isEqualTo("north-campus");
    }
}
