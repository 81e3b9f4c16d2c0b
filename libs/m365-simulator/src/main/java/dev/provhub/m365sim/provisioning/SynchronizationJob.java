package dev.provhub.m365sim.provisioning;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.provhub.m365sim.http.GraphJson;

/**
 * An API-driven inbound provisioning job of a service principal: its state ({@code Active}, {@code Paused},
 * {@code Quarantine}) and its synchronization schema, which declares the custom SCIM attributes bulk requests may
 * carry.
 */
public final class SynchronizationJob {

    public enum State {
        ACTIVE("Active"),
        PAUSED("Paused"),
        QUARANTINE("Quarantine");

        private final String code;

        State(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static State fromCode(String code) {
            for (State state : values()) {
                if (state.code.equalsIgnoreCase(code)) {
                    return state;
                }
            }
            throw new IllegalArgumentException("unknown job state " + code + " (Active, Paused, Quarantine)");
        }
    }

    private final String id;
    private final String servicePrincipalId;
    private final String templateId;
    private volatile State state;
    private volatile ObjectNode schema;

    public SynchronizationJob(String id, String servicePrincipalId, String templateId, State state, ObjectNode schema) {
        this.id = id;
        this.servicePrincipalId = servicePrincipalId.toLowerCase(Locale.ROOT);
        this.templateId = templateId;
        this.state = state;
        this.schema = schema == null ? InboundSchema.defaultSchema(id) : schema;
    }

    /** {@code API2AAD.<32 hex>.<tenant id>}: the form Microsoft gives inbound provisioning job ids. */
    public static String newInboundJobId(String tenantId) {
        return "API2AAD." + java.util.UUID.randomUUID().toString().replace("-", "") + "." + tenantId;
    }

    public String id() {
        return id;
    }

    public String servicePrincipalId() {
        return servicePrincipalId;
    }

    public String templateId() {
        return templateId;
    }

    public State state() {
        return state;
    }

    public void state(State newState) {
        this.state = newState;
    }

    /** A copy of the schema. */
    public ObjectNode schema() {
        return schema.deepCopy();
    }

    public void replaceSchema(ObjectNode newSchema) {
        this.schema = newSchema.deepCopy();
    }

    /** The job as {@code GET .../jobs/{id}} shows it. */
    public ObjectNode toJson() {
        ObjectNode job = GraphJson.object();
        job.put("id", id);
        job.put("templateId", templateId);
        ObjectNode schedule = job.putObject("schedule");
        schedule.putNull("expiration");
        schedule.put("interval", "PT40M");
        // a paused job's schedule is disabled, as the documentation's job listing shows
        schedule.put("state", state == State.ACTIVE ? "Active" : "Disabled");
        ObjectNode status = job.putObject("status");
        status.put("code", state.code());
        status.put("countSuccessiveCompleteFailures", 0);
        status.put("escrowsPruned", false);
        status.putNull("lastExecution");
        status.putNull("lastSuccessfulExecution");
        status.putNull("lastSuccessfulExecutionWithExports");
        status.putArray("progress");
        status.put("steadyStateFirstAchievedTime", "0001-01-01T00:00:00Z");
        status.put("steadyStateLastAchievedTime", "0001-01-01T00:00:00Z");
        if (state == State.QUARANTINE) {
            ObjectNode quarantine = status.putObject("quarantine");
            quarantine.put("reason", "EncounteredBaseEscrowThreshold");
        } else {
            status.putNull("quarantine");
        }
        status.putArray("synchronizedEntryCountByType");
        status.putNull("troubleshootingUrl");
        job.putArray("synchronizationJobSettings");
        return job;
    }
}
