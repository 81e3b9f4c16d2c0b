package dev.provhub.scim.run;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A SCIM job's own details and state, beside the runs that are its passes (the first run's id is the job's). */
@Entity
@Table(name = "scim_job")
public class ScimJob extends PanacheEntityBase {

    @Id
    public UUID id;

    /** {@code csv} or {@code events}. */
    @Column(nullable = false)
    public String source;

    /** As given (object id or appId) until resolved, then the object id. */
    @Column(name = "service_principal")
    public String servicePrincipal;

    @Column(name = "provisioning_job")
    public String provisioningJob;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "client_certificate")
    public String clientCertificate;

    @Column(name = "mapping_name")
    public String mappingName;

    /** The mapping file's text; null for the default mapping. */
    public String mapping;

    public String namespace;

    @Column(name = "csv_name")
    public String csvName;

    @Column(name = "full_send", nullable = false)
    public boolean fullSend;

    @Column(name = "restart_service", nullable = false)
    public boolean restartService;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @Column(name = "requested_by")
    public String requestedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ScimJobState state;

    @Column(name = "wait_reason")
    public String waitReason;

    @Column(name = "resume_at")
    public Instant resumeAt;

    /** The run of its current (or last) pass. */
    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "records_read", nullable = false)
    public long recordsRead;

    @Column(name = "records_rejected", nullable = false)
    public long recordsRejected;

    @Column(name = "records_superseded", nullable = false)
    public long recordsSuperseded;

    @Column(name = "requests_total", nullable = false)
    public int requestsTotal;

    @Column(name = "requests_sent", nullable = false)
    public int requestsSent;

    @Column(name = "first_sent_at")
    public Instant firstSentAt;

    public String failure;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public static ScimJob forRun(UUID runId) {
        return find("runId", runId).firstResult();
    }
}
