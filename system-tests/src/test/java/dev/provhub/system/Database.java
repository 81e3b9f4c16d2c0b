package dev.provhub.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.provhub.localinfra.LocalPostgres;

/** A service's database as a test reads it from outside: plain JDBC, one connection per question. */
final class Database {

    /** Reads one row of a result. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final LocalPostgres server;
    private final String name;

    Database(LocalPostgres server, String name) {
        this.server = server;
        this.name = name;
    }

    /** The JDBC URL, for the service's configuration. */
    String url() {
        return server.jdbcUrl(name);
    }

    /** The single number a query answers, e.g. a {@code count(*)}. */
    long number(String sql, Object... params) {
        List<Long> numbers = list(sql, row -> row.getLong(1), params);
        if (numbers.size() != 1) {
            throw new IllegalStateException("expected one row, got " + numbers.size() + ": " + sql);
        }
        return numbers.get(0);
    }

    /**
     * The replica that owns run {@code runId} (libs/runs' {@code run} table: the instance name and a suffix), or
     * null while no replica does.
     */
    ServiceProcess runOwner(String runId, List<ServiceProcess> replicas) {
        String owner = strings("select coalesce(owner, '') from run where id = ?", UUID.fromString(runId))
                .get(0);
        return replicas.stream().filter(r -> owner.startsWith(r.name() + "-")).findFirst().orElse(null);
    }

    /** Runs {@code COPY ... FROM STDIN} with {@code data}; the rows copied. */
    long copyIn(String copySql, String data) {
        try (Connection c = server.connect(name)) {
            return c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(copySql,
                    new java.io.StringReader(data));
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException(copySql + ": " + e.getMessage(), e);
        }
    }

    /** A connection of its own, for a test that writes as a service does; the caller closes it. */
    Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** Runs a statement that returns no rows. */
    void execute(String sql) {
        try (Connection c = server.connect(name); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row, as text. */
    List<String> strings(String sql, Object... params) {
        return list(sql, row -> row.getString(1), params);
    }

    <T> List<T> list(String sql, RowReader<T> reader, Object... params) {
        try (Connection c = server.connect(name); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                var rows = new ArrayList<T>();
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Locks {@code table} against every reader and writer until the returned lock is closed: a database that
     * stalls whoever touches the table, while everything else goes on.
     */
    TableLock lock(String table) {
        try {
            Connection c = server.connect(name);
            try {
                c.setAutoCommit(false);
                try (var st = c.createStatement()) {
                    st.execute("lock table " + table + " in access exclusive mode");
                }
                return new TableLock(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not lock " + table + ": " + e.getMessage(), e);
        }
    }

    /** A table lock held in an open transaction; closing it ends the transaction and frees the table. */
    static final class TableLock implements AutoCloseable {

        private final Connection connection;

        private TableLock(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            try (connection) {
                connection.rollback();
            } catch (SQLException e) {
                throw new IllegalStateException("could not release a table lock: " + e.getMessage(), e);
            }
        }
    }
}
