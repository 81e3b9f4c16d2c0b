package dev.provhub.importer.rules;

/**
 * The switches of one run, as the seed's command has them, plus ours.
 *
 * @param update existing users may be updated
 * @param reactivate deactivated (or deleted and preserved) users may be reactivated
 * @param dryRun run every rule, report, then roll everything back: no writes, no events
 * @param force apply a full import even when it removes more users than the organisation's threshold
 */
public record ImportOptions(boolean update, boolean reactivate, boolean dryRun, boolean force) {
}
