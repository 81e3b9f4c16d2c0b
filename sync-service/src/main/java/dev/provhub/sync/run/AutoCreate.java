package dev.provhub.sync.run;

/** The seed's {@code -a/--auto-create [{all,groups}]}. */
public enum AutoCreate {
    /** Flag absent: only groups that already exist, only their existing users. */
    NONE,
    /** {@code -a groups}: groups are created, existing users updated; no user is created. */
    GROUPS,
    /** {@code -a} or {@code -a all}: groups and users are created. */
    ALL;

    public boolean createsGroups() {
        return this != NONE;
    }

    public boolean createsUsers() {
        return this == ALL;
    }
}
