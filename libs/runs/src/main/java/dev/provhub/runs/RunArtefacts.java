package dev.provhub.runs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Files of runs kept in the database: what a run received (an uploaded CSV, so that any replica can run it) and
 * what it wrote (an export's files, so that any replica can serve them, and one retention job cleans them for
 * all). Stored and read in chunks, so neither side holds a whole file in memory.
 */
@ApplicationScoped
public class RunArtefacts {

    private final AgroalDataSource dataSource;
    private final int chunkBytes;

    RunArtefacts(AgroalDataSource dataSource, RunsConfig config) {
        this.dataSource = dataSource;
        this.chunkBytes = config.artefactChunkBytes();
    }

    /**
     * Stores {@code file} as the run's artefact {@code name}, replacing one of that name, in the caller's
     * transaction if there is one (so a queued run and its file commit together).
     */
    public RunArtefact store(UUID runId, String name, String mediaType, Path file) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection(); InputStream in = Files.newInputStream(file)) {
                delete(c, runId, name);
                long size = 0;
                int n = 0;
                try (PreparedStatement st = c.prepareStatement(
                        "insert into run_artefact_chunk (run_id, name, n, data) values (?, ?, ?, ?)")) {
                    byte[] chunk;
                    while ((chunk = in.readNBytes(chunkBytes)).length > 0) {
                        st.setObject(1, runId);
                        st.setString(2, name);
                        st.setInt(3, n++);
                        st.setBytes(4, chunk);
                        st.executeUpdate();
                        size += chunk.length;
                    }
                }
                try (PreparedStatement st = c.prepareStatement("insert into run_artefact (run_id, name, media_type, "
                        + "size_bytes, created_at) values (?, ?, ?, ?, now())")) {
                    st.setObject(1, runId);
                    st.setString(2, name);
                    st.setString(3, mediaType);
                    st.setLong(4, size);
                    st.executeUpdate();
                }
                return new RunArtefact(runId, name, mediaType, size, Instant.now());
            }
        });
    }

    /** The run's artefacts, by name. */
    public List<RunArtefact> list(UUID runId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement st = c.prepareStatement("select name, media_type, size_bytes, created_at "
                            + "from run_artefact where run_id = ? order by name")) {
                st.setObject(1, runId);
                try (ResultSet rs = st.executeQuery()) {
                    var artefacts = new ArrayList<RunArtefact>();
                    while (rs.next()) {
                        artefacts.add(new RunArtefact(runId, rs.getString(1), rs.getString(2), rs.getLong(3),
                                rs.getTimestamp(4).toInstant()));
                    }
                    return artefacts;
                }
            }
        });
    }

    /** Whether any run has an artefact named {@code name} (file names a server must never get twice). */
    public boolean nameUsed(String name) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement st = c.prepareStatement("select 1 from run_artefact where name = ? limit 1")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public Optional<RunArtefact> find(UUID runId, String name) {
        return list(runId).stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * The artefact's bytes, read one chunk at a time as the stream is consumed.
     *
     * @throws IllegalArgumentException when the run has no artefact of that name
     */
    public InputStream open(UUID runId, String name) {
        RunArtefact artefact = find(runId, name)
                .orElseThrow(() -> new IllegalArgumentException("run " + runId + " has no artefact " + name));
        return new ChunkStream(artefact);
    }

    /** Copies the artefact to {@code target} (a run's scratch copy on this process's disk). */
    public Path copyTo(UUID runId, String name, Path target) {
        try (InputStream in = open(runId, name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the run's artefact {@code name}, if it has one. */
    public void delete(UUID runId, String name) {
        QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                delete(c, runId, name);
            }
            return null;
        });
    }

    /** Deletes the artefacts stored before {@code cutoff}, of every run; returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement st = c.prepareStatement("delete from run_artefact_chunk k using run_artefact a "
                        + "where a.created_at < ? and k.run_id = a.run_id and k.name = a.name")) {
                    st.setTimestamp(1, Timestamp.from(cutoff));
                    st.executeUpdate();
                }
                try (PreparedStatement st = c.prepareStatement("delete from run_artefact where created_at < ?")) {
                    st.setTimestamp(1, Timestamp.from(cutoff));
                    return st.executeUpdate();
                }
            }
        });
    }

    private static void delete(Connection c, UUID runId, String name) throws SQLException {
        for (String table : List.of("run_artefact_chunk", "run_artefact")) {
            try (PreparedStatement st = c.prepareStatement("delete from " + table + " where run_id = ? and name = ?")) {
                st.setObject(1, runId);
                st.setString(2, name);
                st.executeUpdate();
            }
        }
    }

    private byte[] chunk(RunArtefact artefact, int n) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement st = c.prepareStatement(
                            "select data from run_artefact_chunk where run_id = ? and name = ? and n = ?")) {
                st.setObject(1, artefact.runId());
                st.setString(2, artefact.name());
                st.setInt(3, n);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    /** Reads an artefact chunk by chunk; each chunk is one short query. */
    private final class ChunkStream extends InputStream {

        private final RunArtefact artefact;
        private byte[] current = new byte[0];
        private int position;
        private int next;
        private boolean ended;

        ChunkStream(RunArtefact artefact) {
            this.artefact = artefact;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                if (ended) {
                    return -1;
                }
                byte[] chunk = chunk(artefact, next++);
                if (chunk == null) {
                    ended = true;
                    return -1;
                }
                current = chunk;
                position = 0;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
