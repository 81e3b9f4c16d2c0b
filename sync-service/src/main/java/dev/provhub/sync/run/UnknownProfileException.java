package dev.provhub.sync.run;

/** No profile of that name in the configuration. */
public class UnknownProfileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String profile;

    public UnknownProfileException(String profile) {
        super("no profile '" + profile + "' in the configuration (provhub.sync.profiles.*)");
        this.profile = profile;
    }

    public String profile() {
        return profile;
    }
}
