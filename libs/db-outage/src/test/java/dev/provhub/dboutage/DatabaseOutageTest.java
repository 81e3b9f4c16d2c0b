package dev.provhub.dboutage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.provhub.localinfra.LocalInfra;
import dev.provhub.localinfra.LocalPostgres;
import dev.provhub.localinfra.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Against a real PostgreSQL server that the tests stop and start again (this module's tests alone use it). */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "outage"))
class DatabaseOutageTest {

    @Inject
    DatabaseOutage outage;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aFailureOfTheWorkWhileTheDatabaseAnswersIsNotAnOutage() {
        var duplicate = new RuntimeException(new SQLException("duplicate key value", "23505"));

        assertThat(outage.isOutage(duplicate)).isFalse();
        assertThat(outage.waitedOut(duplicate)).isFalse();
    }

    @Test
    void aConnectionFailureIsAnOutageEvenWhenTheDatabaseIsBackAlready() {
        var refused = new IllegalStateException(new RuntimeException(new SQLException("Connection refused", "08001")));
        var shutdown = new SQLException("terminating connection due to administrator command", "57P01");

        assertThat(outage.isOutage(refused)).isTrue();
        assertThat(outage.isOutage(shutdown)).isTrue();
        assertThat(outage.waitedOut(refused)).isTrue();
    }

    @Test
    void aFailureWhileTheDatabaseIsStoppedIsWaitedOutUntilItIsBack() throws Exception {
        LocalPostgres postgres = LocalInfra.postgres();
        postgres.stop();
        RuntimeException failure;
        try {
            failure = query();
        } finally {
            // back within the wait (3 s here)
            CompletableFuture.runAsync(postgres::restart, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
        }

        assertThat(outage.waitedOut(failure)).isTrue();
        assertThat(outage.answers()).isTrue();
        assertThat(query()).as("the work done again succeeds").isNull();
    }

    @Test
    void aDatabaseThatStaysAwayLongerThanTheWaitEndsTheWait() {
        LocalPostgres postgres = LocalInfra.postgres();
        postgres.stop();
        try {
            RuntimeException failure = query();
            assertThat(failure).isNotNull();

            assertThatThrownBy(() -> outage.waitedOut(failure)).isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("did not answer within").hasCause(failure);
        } finally {
            postgres.restart();
        }
    }

    /** Runs a query; returns how it failed, or null. */
    private RuntimeException query() {
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("select 1");
            return null;
        } catch (SQLException e) {
            return new IllegalStateException(e);
        }
    }
}
