package dev.provhub.m365sim.provisioning;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The provisioning logs ({@code provisioningObjectSummary} entries) of a tenant, newest first. */
public final class ProvisioningLog {

    private final List<ObjectNode> entries = new ArrayList<>();

    synchronized void add(ObjectNode entry) {
        entries.add(0, entry);
    }

    public synchronized List<ObjectNode> entries() {
        return new ArrayList<>(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
