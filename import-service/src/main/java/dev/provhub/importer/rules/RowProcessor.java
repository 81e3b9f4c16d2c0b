package dev.provhub.importer.rules;

import static dev.provhub.importer.rules.ImportRow.present;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.provhub.events.UserChangeType;
import dev.provhub.events.UserChangedEvent;
import dev.provhub.importer.org.ImportMode;
import dev.provhub.importer.org.InvalidSettingsException;
import dev.provhub.importer.org.OrgPaths;
import dev.provhub.importer.org.Organisation;
import dev.provhub.importer.org.OrganisationDirectory;
import dev.provhub.importer.password.InitialPassword;
import dev.provhub.importer.password.InitialPasswordRule;
import dev.provhub.importer.password.PasswordFormat;
import dev.provhub.importer.user.DirectoryUser;
import dev.provhub.importer.user.UserChangePublisher;
import dev.provhub.importer.user.UserFinder;
import dev.provhub.importer.user.UserNameGenerator;

/**
 * Applies one row by the MarineLMS rules (seed 001), with the single-source additions (seed 004) for full imports.
 * Every check that can reject a row runs before anything is written, so a rejected row changes nothing.
 */
@ApplicationScoped
public class RowProcessor {

    private final EntityManager em;
    private final UserNameGenerator userNames;
    private final UserChangePublisher publisher;
    private final OrganisationDirectory organisations;

    RowProcessor(EntityManager em, UserNameGenerator userNames, UserChangePublisher publisher,
            OrganisationDirectory organisations) {
        this.em = em;
        this.userNames = userNames;
        this.publisher = publisher;
        this.organisations = organisations;
    }

    /** @throws RowRejectedException with the reason, before any change was made */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = RowRejectedException.class)
    public RowOutcome apply(ImportContext ctx, ImportRow row) {
        String action = row.action().trim().toUpperCase(Locale.ROOT);
        if (!action.isEmpty() && !action.equals("D") && !action.equals("X")) {
            throw new RowRejectedException("the first column must be D (delete), X (deactivate) or empty, not '"
                    + row.action() + "'");
        }
        boolean full = ctx.settings().importMode() == ImportMode.FULL;
        if (full && !present(row.recordUid())) {
            throw new RowRejectedException("no RecordUID: a full import identifies users by it");
        }
        if (!full && !present(row.loginId()) && !present(row.orgLoginId())) {
            throw new RowRejectedException("no LoginID or OrgLoginID to identify the user");
        }
        checkEmail("EmailAddress", row.email());
        checkEmail("ContactEmail", row.contactEmail());
        Organisation target = target(ctx, row);
        Optional<DirectoryUser> found = find(ctx, row);
        if (!action.equals("D") && !action.equals("X")) {
            checkKeysAreFree(ctx, row, found.orElse(null));
        }
        ctx.integration().beforeUser(ctx, row);

        if (action.equals("D")) {
            return delete(ctx, found);
        }
        if (action.equals("X")) {
            return deactivate(found);
        }
        DirectoryUser user = found.orElse(null);
        RowOutcome outcome;
        if (user == null) {
            user = create(ctx, row, target);
            outcome = RowOutcome.of(ImportCounts.Kind.CREATED);
        } else {
            outcome = createOrUpdateExisting(ctx, row, target, user);
        }
        if (outcome.kind() != ImportCounts.Kind.SKIPPED) {
            ctx.users().add(user);
            ctx.integration().afterUser(ctx, user, row, row.fields());
        }
        return outcome;
    }

    private Organisation target(ImportContext ctx, ImportRow row) {
        Organisation org = ctx.organisation();
        if (!present(row.orgPath())) {
            return org;
        }
        String path;
        try {
            path = OrgPaths.normalise(row.orgPath());
        } catch (InvalidSettingsException e) {
            throw new RowRejectedException("OrgPath: " + e.reason());
        }
        if (path.equalsIgnoreCase(org.path)) {
            return org;
        }
        if (ctx.settings().importMode() == ImportMode.FULL
                || !path.toLowerCase(Locale.ROOT).startsWith(org.path.toLowerCase(Locale.ROOT) + "/")) {
            throw new RowRejectedException("OrgPath " + path + " is not " + org.path
                    + (ctx.settings().importMode() == ImportMode.FULL ? "" : " or one of its organisations"));
        }
        return ctx.targets().computeIfAbsent(path.toLowerCase(Locale.ROOT), p -> organisations.byPath(path)
                .orElseThrow(() -> new RowRejectedException("OrgPath " + path + " does not exist")));
    }

    /** UserName (LoginID), then OrgLoginID, then e-mail; by RecordUID in full imports. */
    private Optional<DirectoryUser> find(ImportContext ctx, ImportRow row) {
        UserFinder users = ctx.users();
        if (ctx.settings().importMode() == ImportMode.FULL) {
            Optional<DirectoryUser> byRecord = users.byRecordUid(row.recordUid());
            if (byRecord.isPresent()) {
                return byRecord;
            }
        }
        if (present(row.loginId())) {
            Optional<DirectoryUser> byName = users.byUserName(row.loginId());
            if (byName.isPresent()) {
                return byName;
            }
            if (row.loginId().contains("@")) {
                Optional<DirectoryUser> byLoginEmail = users.byEmail(row.loginId());
                if (byLoginEmail.isPresent()) {
                    return checkedEmailMatch(row, byLoginEmail.get());
                }
            }
        }
        if (present(row.orgLoginId())) {
            Optional<DirectoryUser> byOrgLogin = users.byOrgLoginId(ctx.organisation().id, row.orgLoginId());
            if (byOrgLogin.isPresent()) {
                return byOrgLogin;
            }
        }
        if (present(row.email())) {
            Optional<DirectoryUser> byEmail = users.byEmail(row.email());
            if (byEmail.isPresent()) {
                return checkedEmailMatch(row, byEmail.get());
            }
        }
        return Optional.empty();
    }

    /**
     * A row may not give its user an e-mail or OrgLoginID another live user has: the database refuses it anyway
     * (unique indexes), and the row deserves a reason, not an error.
     */
    private static void checkKeysAreFree(ImportContext ctx, ImportRow row, DirectoryUser user) {
        if (present(row.email()) && (user == null || !row.email().trim().equalsIgnoreCase(user.email))) {
            ctx.users().byEmail(row.email().trim()).filter(other -> !other.deleted && other != user)
                    .ifPresent(other -> {
                        throw new RowRejectedException("the e-mail address " + row.email().trim()
                                + " belongs to user " + other.userName);
                    });
        }
        if (present(row.orgLoginId()) && user != null && !row.orgLoginId().trim().equalsIgnoreCase(user.orgLoginId)) {
            ctx.users().byOrgLoginId(user.homeOrgId, row.orgLoginId().trim())
                    .filter(other -> !other.deleted && other != user).ifPresent(other -> {
                        throw new RowRejectedException("the OrgLoginID " + row.orgLoginId().trim()
                                + " belongs to user " + other.userName);
                    });
        }
    }

    private static Optional<DirectoryUser> checkedEmailMatch(ImportRow row, DirectoryUser user) {
        if (present(row.orgLoginId()) && user.orgLoginId != null
                && !user.orgLoginId.equalsIgnoreCase(row.orgLoginId())) {
            throw new RowRejectedException("the e-mail address belongs to user " + user.userName
                    + ", whose OrgLoginID is not " + row.orgLoginId());
        }
        return Optional.of(user);
    }

    private RowOutcome delete(ImportContext ctx, Optional<DirectoryUser> found) {
        if (found.isEmpty()) {
            return RowOutcome.skipped("no such user to delete");
        }
        DirectoryUser user = found.get();
        if (user.deleted) {
            return RowOutcome.of(ImportCounts.Kind.UNCHANGED);
        }
        UserChangedEvent before = publisher.describe(user);
        user.deleted = true;
        user.deletedAt = Instant.now();
        user.active = false;
        if (!ctx.settings().preserveOrgLoginIdOnDelete()) {
            user.orgLoginId = null;
            user.email = null;
        }
        touch(user);
        publisher.publish(user, UserChangeType.DELETED, before);
        return RowOutcome.of(ImportCounts.Kind.DELETED);
    }

    private RowOutcome deactivate(Optional<DirectoryUser> found) {
        if (found.isEmpty()) {
            return RowOutcome.skipped("no such user to deactivate");
        }
        DirectoryUser user = found.get();
        if (user.deleted) {
            return RowOutcome.skipped("the user is deleted");
        }
        if (!user.active) {
            return RowOutcome.of(ImportCounts.Kind.UNCHANGED);
        }
        UserChangedEvent before = publisher.describe(user);
        user.active = false;
        touch(user);
        publisher.publish(user, UserChangeType.DEACTIVATED, before);
        return RowOutcome.of(ImportCounts.Kind.DEACTIVATED);
    }

    private RowOutcome createOrUpdateExisting(ImportContext ctx, ImportRow row, Organisation target,
            DirectoryUser user) {
        UserChangedEvent before = publisher.describe(user);
        if (user.deleted) {
            if (!ctx.options().reactivate()) {
                return RowOutcome.skipped("the user was deleted; run with reactivate to restore it");
            }
            user.deleted = false;
            user.deletedAt = null;
            user.active = true;
            applyValues(ctx, row, user);
            join(user, target, ctx);
            touch(user);
            publisher.publish(user, UserChangeType.REACTIVATED, before);
            return RowOutcome.of(ImportCounts.Kind.RESTORED);
        }
        if (user.limbo) {
            // SiSoPi: a user waiting in limbo is moved to the organisation that imports it and reactivated
            user.limbo = false;
            user.purgeAt = null;
            user.active = true;
            user.orgIds.clear();
            applyValues(ctx, row, user);
            join(user, target, ctx);
            touch(user);
            publisher.publish(user, UserChangeType.REACTIVATED, before);
            return RowOutcome.of(ImportCounts.Kind.REACTIVATED);
        }
        if (!user.active) {
            if (!ctx.options().reactivate()) {
                return RowOutcome.skipped("the user is deactivated and this run may not reactivate");
            }
            user.active = true;
            if (ctx.options().update()) {
                applyValues(ctx, row, user);
            }
            join(user, target, ctx);
            touch(user);
            publisher.publish(user, UserChangeType.REACTIVATED, before);
            return RowOutcome.of(ImportCounts.Kind.REACTIVATED);
        }
        if (!ctx.options().update()) {
            return RowOutcome.skipped("the user exists and this run may not update");
        }
        applyValues(ctx, row, user);
        join(user, target, ctx);
        if (!publisher.publish(user, UserChangeType.UPDATED, before)) {
            return RowOutcome.of(ImportCounts.Kind.UNCHANGED);
        }
        touch(user);
        return RowOutcome.of(ImportCounts.Kind.UPDATED);
    }

    private DirectoryUser create(ImportContext ctx, ImportRow row, Organisation target) {
        InitialPassword password = initialPassword(ctx, row);
        var user = new DirectoryUser();
        user.id = UUID.randomUUID();
        user.homeOrgId = ctx.organisation().id;
        user.orgLoginId = blankToNull(row.orgLoginId());
        user.email = blankToNull(row.email());
        if (user.email == null && present(row.loginId()) && row.loginId().contains("@")) {
            user.email = row.loginId();
        }
        user.contactEmail = blankToNull(row.contactEmail());
        user.firstName = blankToNull(row.firstName());
        user.lastName = blankToNull(row.lastName());
        user.canViewReports = "true".equalsIgnoreCase(row.canViewReports());
        user.forcePasswordChange = "true".equalsIgnoreCase(row.forcePasswordChange());
        user.active = true;
        if (ctx.settings().importMode() == ImportMode.FULL) {
            user.recordUid = row.recordUid();
            user.sourceUid = ctx.settings().sourceUid();
        }
        row.profile().forEach((field, value) -> {
            if (present(value) && !value.equalsIgnoreCase(ImportContext.REMOVE)) {
                user.profile.put(field, value);
            }
        });
        // hashing is slow on purpose: the runner hashes a batch's passwords in parallel before it commits
        user.passwordHash = null;
        if (password.usable()) {
            ctx.hashLater(user, password.password());
        }
        user.passwordExpired = !password.usable() || ctx.settings().expireInitialPassword();
        user.userName = userNames.generate(ctx.settings().userNameScheme(), nameSource(ctx, row),
                ctx.reservedNames());
        user.orgIds.add(target.id);
        user.createdAt = Instant.now();
        user.updatedAt = user.createdAt;
        // written with the batch's other new users at its end (NewUsers), as it is then
        ctx.created(user);
        publisher.publish(user, UserChangeType.CREATED, null);
        return user;
    }

    /**
     * The base of the user name the row would give a new user, or null when it would not create one (it deletes,
     * deactivates, names an existing user, or is rejected): the runner reserves these names for a whole batch in
     * one round trip.
     */
    public String plannedBaseName(ImportContext ctx, ImportRow row) {
        if (!row.action().isBlank()) {
            return null;
        }
        try {
            if (find(ctx, row).isPresent()) {
                return null;
            }
        } catch (RowRejectedException e) {
            return null;
        }
        return UserNameGenerator.base(ctx.settings().userNameScheme(), nameSource(ctx, row));
    }

    /** What a new user's name is made of: the values {@link #create} gives the user. */
    private static UserNameGenerator.Source nameSource(ImportContext ctx, ImportRow row) {
        String email = blankToNull(row.email());
        if (email == null && present(row.loginId()) && row.loginId().contains("@")) {
            email = row.loginId();
        }
        return new UserNameGenerator.Source(blankToNull(row.firstName()), blankToNull(row.lastName()), email,
                blankToNull(row.orgLoginId()),
                ctx.settings().importMode() == ImportMode.FULL ? row.recordUid() : null);
    }

    private InitialPassword initialPassword(ImportContext ctx, ImportRow row) {
        ImportIntegration integration = ctx.integration();
        Supplier<String> fromIntegration = integration.decidesPasswords()
                ? () -> integration.initialPassword(ctx, row)
                : null;
        Supplier<String> fromFormat = ctx.passwordFormat() == null ? null : () -> ctx.renderPassword(row);
        try {
            return InitialPasswordRule.choose(ctx.settings(), row.password(), fromFormat, fromIntegration);
        } catch (PasswordFormat.MissingPasswordValueException e) {
            throw new RowRejectedException(e.getMessage());
        }
    }

    /** The seed's update rules: empty cells change nothing; passwords of existing users never change. */
    private static void applyValues(ImportContext ctx, ImportRow row, DirectoryUser user) {
        if (present(row.firstName())) {
            user.firstName = row.firstName();
        }
        if (present(row.lastName())) {
            user.lastName = row.lastName();
        }
        if (present(row.email())) {
            user.email = row.email();
        }
        if (present(row.contactEmail())) {
            user.contactEmail = row.contactEmail();
        }
        if (present(row.orgLoginId())) {
            user.orgLoginId = row.orgLoginId();
        }
        if (isBoolean(row.canViewReports())) {
            user.canViewReports = Boolean.parseBoolean(row.canViewReports().trim());
        }
        if (isBoolean(row.forcePasswordChange())) {
            user.forcePasswordChange = Boolean.parseBoolean(row.forcePasswordChange().trim());
        }
        row.profile().forEach((field, value) -> {
            if (!present(value)) {
                return;
            }
            String existingKey = user.profile.keySet().stream().filter(k -> k.equalsIgnoreCase(field)).findFirst()
                    .orElse(field);
            if (value.equalsIgnoreCase(ImportContext.REMOVE)) {
                user.profile.remove(existingKey);
            } else if (!value.equals(user.profile.get(existingKey))) {
                user.profile.remove(existingKey);
                user.profile.put(field, value);
            }
        });
        if (ctx.settings().importMode() == ImportMode.FULL && user.sourceUid == null) {
            user.sourceUid = ctx.settings().sourceUid();
        }
    }

    private void join(DirectoryUser user, Organisation target, ImportContext ctx) {
        user.orgIds.add(target.id);
    }

    private static void touch(DirectoryUser user) {
        user.updatedAt = Instant.now();
    }

    private static boolean isBoolean(String value) {
        return value != null && (value.trim().equalsIgnoreCase("true") || value.trim().equalsIgnoreCase("false"));
    }

    private static void checkEmail(String column, String value) {
        if (present(value) && !value.trim().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new RowRejectedException(column + " '" + value + "' is not an e-mail address");
        }
    }

    private static String blankToNull(String value) {
        return present(value) ? value.trim() : null;
    }
}
