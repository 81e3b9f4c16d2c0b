package dev.provhub.sync.graph;

/** An Office 365 group: its object id and display name. */
public record GraphGroup(String id, String displayName) {
}
