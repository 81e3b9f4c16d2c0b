package dev.provhub.scim.bulk;

/**
 * One source record mapped to a SCIM User: where it came from, its externalId and stable bulkId, the {@code data}
 * object as JSON, and the hash of that JSON (what change detection compares).
 */
public record MappedRecord(long line, String externalId, String bulkId, String data, String hash) {
}
