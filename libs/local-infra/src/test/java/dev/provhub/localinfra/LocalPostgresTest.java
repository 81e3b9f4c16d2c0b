package dev.provhub.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class LocalPostgresTest {

    @Test
    void jdbcClientWritesAndReadsInADatabaseOfItsOwn() throws Exception {
        LocalPostgres postgres = LocalInfra.postgres();
        String url = postgres.createDatabase("local_infra_test");
        assertThat(postgres.createDatabase("local_infra_test")).as("creating twice is harmless").isEqualTo(url);

        try (var c = DriverManager.getConnection(url, postgres.username(), postgres.password());
                var st = c.createStatement()) {
            st.execute("create table if not exists greeting (id serial primary key, text text not null)");
            st.execute("insert into greeting (text) values ('hello')");
            try (var rs = st.executeQuery("select text, current_database() from greeting order by id desc limit 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("hello");
                assertThat(rs.getString(2)).isEqualTo("local_infra_test");
            }
        }
    }

    @Test
    void isPostgres17WhenEmbedded() throws Exception {
        LocalPostgres postgres = LocalInfra.postgres();
        if (postgres.isEmbedded()) {
            assertThat(postgres.checkHealth()).startsWith("17.");
        } else {
            assertThat(postgres.checkHealth()).isNotBlank();
        }
    }

    @Test
    void anEmbeddedServerKeepsItsDataWhenStoppedAndStartedAgainAndDeletesItWhenClosed() throws Exception {
        Path dataDir = Files.createTempDirectory("provhub-pg-restart");
        try (LocalPostgres postgres = LocalPostgres.embedded(dataDir, 0)) {
            String url = postgres.createDatabase("restarted");
            try (var c = DriverManager.getConnection(url, postgres.username(), postgres.password());
                    var st = c.createStatement()) {
                st.execute("create table kept (text text)");
                st.execute("insert into kept values ('before')");
            }

            postgres.stop();
            assertThatThrownBy(postgres::checkHealth).isInstanceOf(SQLException.class);
            postgres.restart();

            try (var c = DriverManager.getConnection(url, postgres.username(), postgres.password());
                    var st = c.createStatement();
                    var rs = st.executeQuery("select text from kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("before");
            }
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void refusesDatabaseNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> LocalInfra.postgres().createDatabase("x; drop database postgres"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
