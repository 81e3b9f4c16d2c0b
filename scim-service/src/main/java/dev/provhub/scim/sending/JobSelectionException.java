package dev.provhub.scim.sending;

import java.util.List;

/**
 * The provisioning job cannot be chosen: the service principal has none, none of the given id, or several and none
 * was named (CSV2SCIM silently took the first). The message lists the jobs there are.
 */
public class JobSelectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> jobs;

    public JobSelectionException(String message, List<String> jobs) {
        super(message + (jobs.isEmpty() ? "" : "; its jobs: " + String.join(", ", jobs)));
        this.jobs = List.copyOf(jobs);
    }

    public List<String> jobs() {
        return jobs;
    }
}
