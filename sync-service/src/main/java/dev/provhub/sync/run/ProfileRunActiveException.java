package dev.provhub.sync.run;

/** A run of the profile is queued or running, so another was not queued. */
public class ProfileRunActiveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String profile;

    public ProfileRunActiveException(String profile) {
        super("a run of profile '" + profile + "' is queued or running");
        this.profile = profile;
    }

    public String profile() {
        return profile;
    }
}
