package dev.provhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.provhub.events.UserChangedEvent;
import dev.provhub.events.UserChangedEventJson;
import dev.provhub.localinfra.LocalInfra;

/**
 * A consumer's view: the events the relay published to Kafka, newest version per user, tell exactly the
 * directory's state after the runs (users, names, activity, groups), and versions only grow.
 */
@SyncServiceTest
class PublishedEventsTest extends FreshTenantTest {

    @Inject
    EntityManager em;

    @Test
    void theNewestEventOfEveryUserIsTheUserInTheDirectory() {
        String marker = UUID.randomUUID().toString();
        fixture.provision("-a", "all", "--process-child-groups", "--map-attr-to-group", "department", "O365 Staff");
        fixture.simulator().directory().update(DemoTenantIds.user("staff.member09"),
                JsonNodeFactory.instance.objectNode().put("accountEnabled", false).put("givenName", marker));
        fixture.simulator().directory().removeMember(DemoTenantIds.group("O365 Staff"),
                DemoTenantIds.user("staff.member35"));
        fixture.provision("-a", "all", "--process-child-groups", "--map-attr-to-group", "department", "O365 Staff");

        Map<UUID, List<Object>> directory = directory();
        Map<UUID, UserChangedEvent> newest = new HashMap<>();
        var properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "events-test-" + marker);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(UserChangedEvent.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !matches(newest, directory)) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    UserChangedEvent event = UserChangedEventJson.read(record.value());
                    if (!directory.containsKey(event.id())) {
                        continue;
                    }
                    assertThat(record.key()).isEqualTo(event.id().toString());
                    UserChangedEvent known = newest.get(event.id());
                    if (known == null || event.version() > known.version()) {
                        newest.put(event.id(), event);
                    }
                }
            }
        }
        assertThat(newest.keySet()).isEqualTo(directory.keySet());
        newest.forEach((id, event) -> assertThat(view(event)).as(event.userName()).isEqualTo(directory.get(id)));
        UserChangedEvent disabled = newest.values().stream().filter(e -> marker.equals(e.givenName())).findFirst()
                .orElseThrow();
        assertThat(disabled.active()).isFalse();
        assertThat(disabled.type().wireName()).isEqualTo("user.deactivated");
        assertThat(disabled.origin()).isEqualTo("sync-service");
    }

    private static boolean matches(Map<UUID, UserChangedEvent> newest, Map<UUID, List<Object>> directory) {
        if (!newest.keySet().equals(directory.keySet())) {
            return false;
        }
        return newest.entrySet().stream().allMatch(e -> view(e.getValue()).equals(directory.get(e.getKey())));
    }

    private static List<Object> view(UserChangedEvent event) {
        return List.of(event.userName(), String.valueOf(event.givenName()), event.active(),
                new java.util.TreeSet<>(event.groups()).toString(),
                event.version(), String.valueOf(event.sourceKey()));
    }

    @Transactional
    @SuppressWarnings("unchecked")
    Map<UUID, List<Object>> directory() {
        var users = new HashMap<UUID, List<Object>>();
        List<Object[]> rows = em.createNativeQuery("select u.id, u.user_name, u.first_name, u.enabled and not u.deleted, "
                + "coalesce((select string_agg(distinct g.name, '|' order by g.name) from membership m "
                + "join app_group g on g.id = m.group_id where m.user_id = u.id), ''), u.event_version, u.graph_id "
                + "from app_user u").getResultList();
        for (Object[] row : rows) {
            String groups = (String) row[4];
            users.put((UUID) row[0], List.of(row[1], String.valueOf(row[2]), row[3],
                    new java.util.TreeSet<>(groups.isEmpty() ? List.of() : List.of(groups.split("\\|"))).toString(),
                    ((Number) row[5]).longValue(),
                    String.valueOf(row[6])));
        }
        return users;
    }
}
