package dev.provhub.importer.password;

/**
 * What a new user starts with: a chosen password (from the file, the format or an integration), or none at all
 * ("random" in the seed: an unusable password the user must reset).
 */
public record InitialPassword(String password, Source source) {

    public enum Source {
        FILE,
        FORMAT,
        INTEGRATION,
        RANDOM
    }

    public static InitialPassword random() {
        return new InitialPassword(null, Source.RANDOM);
    }

    public boolean usable() {
        return password != null;
    }

    @Override
    public String toString() {
        return "InitialPassword[" + source + "]";
    }
}
