package dev.provhub.scim.api;

import dev.provhub.scim.mapping.MappingIssue;

/** A validation issue as the API shows it. */
public record MappingIssueView(String severity, MappingIssue.Kind kind, String path, String file, int line,
        int column, String message) {

    public static MappingIssueView of(MappingIssue issue) {
        return new MappingIssueView(issue.error() ? "error" : "warning", issue.kind(), issue.path(),
                issue.position().file(), issue.position().line(), issue.position().column(), issue.message());
    }
}
