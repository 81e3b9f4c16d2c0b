package dev.provhub.scim.bulk;

import java.util.List;
import java.util.stream.Collectors;

import dev.provhub.scim.mapping.MappingIssue;

/** A mapping that does not validate: nothing is generated or sent; every issue is listed. */
public class MappingInvalidException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<MappingIssue> issues;

    public MappingInvalidException(List<MappingIssue> issues) {
        super("the attribute mapping is not valid:\n" + issues.stream().map(i -> "  " + i)
                .collect(Collectors.joining("\n")));
        this.issues = List.copyOf(issues);
    }

    public List<MappingIssue> issues() {
        return issues;
    }
}
