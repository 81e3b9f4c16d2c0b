package dev.provhub.sync.run;

import java.util.List;

/** Group names the run was given that Office 365 does not have: refused before anything changes. */
public class UnknownGroupsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> names;

    public UnknownGroupsException(List<String> names) {
        super("Office 365 has no group named " + String.join(", ", names.stream().map(n -> "'" + n + "'").toList())
                + "; nothing was changed");
        this.names = List.copyOf(names);
    }

    public List<String> names() {
        return names;
    }
}
