package dev.provhub.scim.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.scim.bulk.BulkRequestWriter;
import dev.provhub.scim.bulk.MappedRecord;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A job's records and requests in the database, with plain JDBC (batches) in the caller's transaction: staging
 * mapped records (one per externalId, the last wins), change detection against what the provisioning job last
 * accepted, requests of at most 50 records built and recorded before anything is sent, and their outcomes.
 */
@ApplicationScoped
public class JobRecords {

    /** A record's state. */
    public static final String PENDING = "PENDING";
    public static final String UNCHANGED = "UNCHANGED";
    public static final String QUEUED = "QUEUED";
    public static final String SENT = "SENT";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String GAVE_UP = "GAVE_UP";

    /** A request's state. */
    public static final String PREPARED = "PREPARED";
    public static final String SENDING = "SENDING";
    public static final String ACCEPTED = "ACCEPTED";
    public static final String REFUSED = "REFUSED";
    public static final String DRY_RUN = "DRY_RUN";

    private final AgroalDataSource dataSource;

    JobRecords(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A recorded request. */
    public record Request(UUID jobId, int n, UUID clientRequestId, int records, String payload, String state,
            Integer httpStatus, String location, int attempts, Instant attemptedAt, Instant answeredAt, String note) {
    }

    /** A record as the log follow-up sees it. */
    public record SentRecord(String externalId, int attempts, Instant sentAt, String hash) {
    }

    /** Forgets what an interrupted preparation staged. */
    public void clear(UUID jobId) {
        update("delete from scim_request where job_id = ?", jobId);
        update("delete from scim_record where job_id = ?", jobId);
    }

    /**
     * Stages mapped records; a record whose externalId is already staged replaces it (the file's later record wins).
     *
     * @return the lines superseded by a later record, with the externalId
     */
    public Map<Long, String> stage(UUID jobId, List<MappedRecord> records) {
        var superseded = new LinkedHashMap<Long, String>();
        run(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    insert into scim_record as t (job_id, external_id, line, bulk_id, hash, data, state)
                    values (?, ?, ?, ?, ?, ?, 'PENDING')
                    on conflict (job_id, external_id) do update set line = excluded.line, hash = excluded.hash,
                        data = excluded.data, state = 'PENDING'
                    returning (t.xmax <> 0), (select r.line from scim_record r
                                              where r.job_id = t.job_id and r.external_id = t.external_id)
                    """)) {
                for (MappedRecord record : records) {
                    st.setObject(1, jobId);
                    st.setString(2, record.externalId());
                    st.setLong(3, record.line());
                    st.setString(4, record.bulkId());
                    st.setString(5, record.hash());
                    st.setString(6, record.data());
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            superseded.put(rs.getLong(2), record.externalId());
                        }
                    }
                }
            }
            return null;
        });
        return superseded;
    }

    /**
     * Takes the pending records of user-change events for {@code target} into the job (their latest state), and
     * marks them taken, in one statement: a row a concurrent flush or a newer change holds is waited for and looked at
     * again, so no record is taken twice and no newer change is marked taken without being taken. Returns how many.
     */
    public int takeEvents(UUID jobId, String target) {
        return update("""
                with taken as (
                    update scim_event_record set pending = false where target = ? and pending
                    returning external_id, bulk_id, hash, data, changed_at)
                insert into scim_record (job_id, external_id, line, bulk_id, hash, data, state)
                select ?, external_id, row_number() over (order by changed_at, external_id), bulk_id, hash, data,
                       'PENDING'
                from taken""", target, jobId);
    }

    /** Marks records whose payload the provisioning job already accepted as unchanged; returns how many. */
    public int markUnchanged(UUID jobId, String target) {
        return update("""
                update scim_record r set state = 'UNCHANGED' from scim_sent_state s
                where r.job_id = ? and r.state = 'PENDING' and s.target = ? and s.external_id = r.external_id
                  and s.hash = r.hash""", jobId, target);
    }

    /**
     * Builds the requests of the job's pending records, 50 to a request in the order of their lines, numbered after
     * the job's last request, and records them (payload, its hash, a client-request-id) before anything is sent.
     *
     * @return how many requests were built
     */
    public int buildRequests(UUID jobId, String requestState) {
        return run(c -> {
            int n;
            try (PreparedStatement st = c.prepareStatement("select coalesce(max(n), 0) from scim_request where job_id = ?")) {
                st.setObject(1, jobId);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    n = rs.getInt(1);
                }
            }
            int built = 0;
            var batch = new ArrayList<String[]>();
            try (PreparedStatement select = c.prepareStatement("select external_id, bulk_id, data from scim_record "
                    + "where job_id = ? and state = 'PENDING' order by line, external_id")) {
                select.setObject(1, jobId);
                select.setFetchSize(500);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        batch.add(new String[] { rs.getString(1), rs.getString(2), rs.getString(3) });
                        if (batch.size() == BulkRequestWriter.MAX_OPERATIONS) {
                            insertRequest(c, jobId, ++n, batch, requestState);
                            built++;
                            batch.clear();
                        }
                    }
                }
            }
            if (!batch.isEmpty()) {
                insertRequest(c, jobId, ++n, batch, requestState);
                built++;
            }
            return built;
        });
    }

    private static void insertRequest(Connection c, UUID jobId, int n, List<String[]> records, String state)
            throws SQLException {
        var operations = records.stream().map(r -> new BulkRequestWriter.Operation(r[1], r[2])).toList();
        String payload = BulkRequestWriter.write(operations);
        try (PreparedStatement st = c.prepareStatement("insert into scim_request (job_id, n, client_request_id, "
                + "records, payload, payload_hash, state) values (?, ?, ?, ?, ?, ?, ?)")) {
            st.setObject(1, jobId);
            st.setInt(2, n);
            st.setObject(3, UUID.randomUUID());
            st.setInt(4, records.size());
            st.setString(5, payload);
            st.setString(6, sha256(payload));
            st.setString(7, state);
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("update scim_record set request_n = ?, state = 'QUEUED' "
                + "where job_id = ? and external_id = ?")) {
            for (String[] record : records) {
                st.setInt(1, n);
                st.setObject(2, jobId);
                st.setString(3, record[0]);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** The job's requests in a state, in order. */
    public List<Request> requests(UUID jobId, String state) {
        String columns = "select job_id, n, client_request_id, records, payload, state, http_status, location, "
                + "attempts, attempted_at, answered_at, note from scim_request where job_id = ?";
        return state == null ? query(columns + " order by n", jobId)
                : query(columns + " and state = ? order by n", jobId, state);
    }

    public Request request(UUID jobId, int n) {
        List<Request> found = query("select job_id, n, client_request_id, records, payload, state, http_status, "
                + "location, attempts, attempted_at, answered_at, note from scim_request where job_id = ? and n = ?",
                jobId, n);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Records that a request is being sent now: from here its outcome is unknown until the answer is recorded. */
    public void sending(UUID jobId, int n, Instant at) {
        update("update scim_request set state = 'SENDING', attempts = attempts + 1, attempted_at = ? "
                + "where job_id = ? and n = ?", Timestamp.from(at), jobId, n);
    }

    /** A 202: the request and its records are accepted, and what they carried is now what the job last accepted. */
    public void accepted(UUID jobId, int n, String location, Instant at, String target, String note) {
        update("update scim_request set state = 'ACCEPTED', http_status = 202, location = ?, answered_at = ?, "
                + "note = ? where job_id = ? and n = ?", location, Timestamp.from(at), note, jobId, n);
        update("update scim_record set state = 'SENT', attempts = attempts + 1, sent_at = ? where job_id = ? "
                + "and request_n = ? and state = 'QUEUED'", Timestamp.from(at), jobId, n);
        if (target != null) {
            update("""
                    insert into scim_sent_state (target, external_id, hash, job_id, accepted_at)
                    select ?, external_id, hash, job_id, ? from scim_record where job_id = ? and request_n = ?
                    on conflict (target, external_id) do update set hash = excluded.hash, job_id = excluded.job_id,
                        accepted_at = excluded.accepted_at""", target, Timestamp.from(at), jobId, n);
        }
    }

    /** Not received (429, bucket full, or not found in the logs): prepared again, to be sent later. */
    public void notReceived(UUID jobId, int n, Integer status, String note) {
        update("update scim_request set state = 'PREPARED', http_status = ?, note = ? where job_id = ? and n = ?",
                status, note, jobId, n);
    }

    /** Refused for good (a 400): its records failed with Graph's message. */
    public void refused(UUID jobId, int n, int status, String message, Instant at) {
        update("update scim_request set state = 'REFUSED', http_status = ?, note = ?, answered_at = ? "
                + "where job_id = ? and n = ?", status, message, Timestamp.from(at), jobId, n);
        update("update scim_record set state = 'FAILED', attempts = attempts + 1, outcome = ? where job_id = ? "
                + "and request_n = ?", "refused: HTTP " + status + " " + message, jobId, n);
    }

    /** The externalIds of a request's records. */
    public List<String> externalIds(UUID jobId, int n) {
        return run(c -> {
            try (PreparedStatement st = c.prepareStatement("select external_id from scim_record where job_id = ? "
                    + "and request_n = ?")) {
                st.setObject(1, jobId);
                st.setInt(2, n);
                try (ResultSet rs = st.executeQuery()) {
                    var ids = new ArrayList<String>();
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                    return ids;
                }
            }
        });
    }

    /** The records sent and waiting for their outcome in the logs. */
    public List<SentRecord> sent(UUID jobId) {
        return run(c -> {
            try (PreparedStatement st = c.prepareStatement("select external_id, attempts, sent_at, hash "
                    + "from scim_record where job_id = ? and state = 'SENT'")) {
                st.setObject(1, jobId);
                try (ResultSet rs = st.executeQuery()) {
                    var records = new ArrayList<SentRecord>();
                    while (rs.next()) {
                        Timestamp sentAt = rs.getTimestamp(3);
                        records.add(new SentRecord(rs.getString(1), rs.getInt(2), sentAt == null ? null
                                : sentAt.toInstant(), rs.getString(4)));
                    }
                    return records;
                }
            }
        });
    }

    /** One record's outcome from the logs. */
    public record Outcome(String externalId, String state, String outcome) {
    }

    /** Records outcomes from the logs in one batch; failures are forgotten as accepted (they go again next time). */
    public void outcomes(UUID jobId, List<Outcome> outcomes, String target) {
        if (outcomes.isEmpty()) {
            return;
        }
        run(c -> {
            try (PreparedStatement st = c.prepareStatement("update scim_record set state = ?, outcome = ? "
                    + "where job_id = ? and external_id = ?")) {
                for (Outcome outcome : outcomes) {
                    st.setString(1, outcome.state());
                    st.setString(2, outcome.outcome());
                    st.setObject(3, jobId);
                    st.setString(4, outcome.externalId());
                    st.addBatch();
                }
                st.executeBatch();
            }
            if (target != null) {
                try (PreparedStatement st = c.prepareStatement("delete from scim_sent_state where target = ? "
                        + "and external_id = ? and job_id = ?")) {
                    for (Outcome outcome : outcomes) {
                        if (!SUCCEEDED.equals(outcome.state())) {
                            st.setString(1, target);
                            st.setString(2, outcome.externalId());
                            st.setObject(3, jobId);
                            st.addBatch();
                        }
                    }
                    st.executeBatch();
                }
            }
            return null;
        });
    }

    /** Records one record's outcome from the logs; a failure is forgotten as accepted, and pending to retry. */
    public void outcome(UUID jobId, String externalId, String state, String outcome, String target) {
        update("update scim_record set state = ?, outcome = ? where job_id = ? and external_id = ?", state, outcome,
                jobId, externalId);
        if (!SUCCEEDED.equals(state) && target != null) {
            update("delete from scim_sent_state where target = ? and external_id = ? and job_id = ?", target,
                    externalId, jobId);
        }
    }

    /** Counts of the job's records by state. */
    public Map<String, Long> counts(UUID jobId) {
        return run(c -> {
            try (PreparedStatement st = c.prepareStatement("select state, count(*) from scim_record where job_id = ? "
                    + "group by state")) {
                st.setObject(1, jobId);
                try (ResultSet rs = st.executeQuery()) {
                    var counts = new LinkedHashMap<String, Long>();
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                    return counts;
                }
            }
        });
    }

    /** Records that failed or gave up, for the report: externalId, line, outcome. */
    public List<String[]> failures(UUID jobId) {
        return run(c -> {
            try (PreparedStatement st = c.prepareStatement("select external_id, line, outcome from scim_record "
                    + "where job_id = ? and state in ('FAILED', 'GAVE_UP') order by line")) {
                st.setObject(1, jobId);
                try (ResultSet rs = st.executeQuery()) {
                    var failures = new ArrayList<String[]>();
                    while (rs.next()) {
                        failures.add(new String[] { rs.getString(1), rs.getString(2), rs.getString(3) });
                    }
                    return failures;
                }
            }
        });
    }

    /** The SHA-256 of a text, in hex: what change detection compares. */
    public static String sha256Of(String text) {
        return sha256(text);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Request> query(String sql, Object... parameters) {
        return run(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                bind(st, parameters);
                try (ResultSet rs = st.executeQuery()) {
                    var requests = new ArrayList<Request>();
                    while (rs.next()) {
                        int status = rs.getInt(7);
                        Integer httpStatus = rs.wasNull() ? null : status;
                        Timestamp attempted = rs.getTimestamp(10);
                        Timestamp answered = rs.getTimestamp(11);
                        requests.add(new Request((UUID) rs.getObject(1), rs.getInt(2), (UUID) rs.getObject(3),
                                rs.getInt(4), rs.getString(5), rs.getString(6), httpStatus, rs.getString(8),
                                rs.getInt(9), attempted == null ? null : attempted.toInstant(),
                                answered == null ? null : answered.toInstant(), rs.getString(12)));
                    }
                    return requests;
                }
            }
        });
    }

    private int update(String sql, Object... parameters) {
        return run(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                bind(st, parameters);
                return st.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement st, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value == null) {
                st.setNull(i + 1, java.sql.Types.NULL);
            } else {
                st.setObject(i + 1, value);
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T run(Work<T> work) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        });
    }
}
