package dev.provhub.importer.rules;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.provhub.importer.password.PasswordFormat;

/**
 * The built-in integration of the seed's CarnivalUserImporter (formerly CUKUserImporter): new users never get a
 * random password; their initial password comes from the {@code DateOfBirth} profile field, through the
 * organisation's password format when it has one (which may use {@code DateOfBirth}), else the date's digits.
 */
@ApplicationScoped
public class DateOfBirthPasswordIntegration implements ImportIntegration {

    public static final String FIELD = "DateOfBirth";

    @Override
    public String name() {
        return "DateOfBirthPassword";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("CarnivalUserImporter", "CUKUserImporter");
    }

    @Override
    public boolean decidesPasswords() {
        return true;
    }

    @Override
    public String initialPassword(ImportContext context, ImportRow row) {
        String dateOfBirth = context.profileValue(row, FIELD);
        if (dateOfBirth == null || dateOfBirth.isBlank()) {
            throw new RowRejectedException("no DateOfBirth: the organisation's passwords are made from it");
        }
        PasswordFormat format = context.passwordFormat();
        if (format != null) {
            return context.renderPassword(row);
        }
        return dateOfBirth.replaceAll("[^0-9]", "");
    }
}
