package dev.provhub.m365sim.tenant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.provhub.m365sim.provisioning.SynchronizationJob;

/**
 * One simulated Microsoft Entra tenant: its directory, its app registrations and the provisioning jobs of its
 * service principals.
 */
public final class Tenant {

    /** Licences that set the daily bulkUpload quota (2,000 calls with Entra ID P1/P2, 6,000 with Governance). */
    public enum Licence {
        P1(2_000),
        GOVERNANCE(6_000);

        private final int bulkUploadCallsPerDay;

        Licence(int bulkUploadCallsPerDay) {
            this.bulkUploadCallsPerDay = bulkUploadCallsPerDay;
        }

        public int bulkUploadCallsPerDay() {
            return bulkUploadCallsPerDay;
        }
    }

    private final String id;
    private final String displayName;
    private final String defaultDomain;
    private final Licence licence;
    private final Directory directory;
    private final Map<String, RegisteredApplication> applications = new LinkedHashMap<>();
    private final Map<String, List<SynchronizationJob>> jobs = new LinkedHashMap<>();

    public Tenant(String id, String displayName, String defaultDomain, Licence licence, Directory directory) {
        this.id = id;
        this.displayName = displayName;
        this.defaultDomain = defaultDomain;
        this.licence = licence;
        this.directory = directory;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public String defaultDomain() {
        return defaultDomain;
    }

    public Licence licence() {
        return licence;
    }

    public Directory directory() {
        return directory;
    }

    public synchronized void addApplication(RegisteredApplication application) {
        applications.put(application.appId().toLowerCase(), application);
    }

    public synchronized RegisteredApplication application(String appId) {
        return appId == null ? null : applications.get(appId.toLowerCase());
    }

    public synchronized List<RegisteredApplication> applications() {
        return new ArrayList<>(applications.values());
    }

    public synchronized void addJob(SynchronizationJob job) {
        jobs.computeIfAbsent(job.servicePrincipalId(), id -> new ArrayList<>()).add(job);
    }

    /** The provisioning jobs of a service principal, in the order they were added. */
    public synchronized List<SynchronizationJob> jobs(String servicePrincipalId) {
        return new ArrayList<>(jobs.getOrDefault(servicePrincipalId.toLowerCase(), List.of()));
    }

    public synchronized SynchronizationJob job(String servicePrincipalId, String jobId) {
        for (SynchronizationJob job : jobs(servicePrincipalId)) {
            if (job.id().equalsIgnoreCase(jobId)) {
                return job;
            }
        }
        return null;
    }

    public synchronized List<SynchronizationJob> allJobs() {
        var all = new ArrayList<SynchronizationJob>();
        jobs.values().forEach(all::addAll);
        return all;
    }
}
