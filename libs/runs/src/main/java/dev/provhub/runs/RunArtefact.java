package dev.provhub.runs;

import java.time.Instant;
import java.util.UUID;

/** A file a run received or wrote, as stored in the database. */
public record RunArtefact(UUID runId, String name, String mediaType, long sizeBytes, Instant createdAt) {
}
