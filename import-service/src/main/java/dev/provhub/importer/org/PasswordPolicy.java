package dev.provhub.importer.org;

/**
 * Complexity rules an initial password from the file or from the password format must meet. A random password is
 * exempt (nobody can know it; the user must reset it).
 */
public record PasswordPolicy(Integer minLength, Boolean requireUpper, Boolean requireLower, Boolean requireDigit,
        Boolean requireSpecial) {

    public PasswordPolicy {
        minLength = minLength == null ? 8 : minLength;
        requireUpper = requireUpper == null || requireUpper;
        requireLower = requireLower == null || requireLower;
        requireDigit = requireDigit == null || requireDigit;
        requireSpecial = requireSpecial != null && requireSpecial;
    }

    public static PasswordPolicy defaults() {
        return new PasswordPolicy(null, null, null, null, null);
    }

    /** Why {@code password} is refused, or null when it meets every rule. Never includes the password. */
    public String violation(String password) {
        if (password.length() < minLength) {
            return "shorter than " + minLength + " characters";
        }
        if (requireUpper && password.chars().noneMatch(Character::isUpperCase)) {
            return "has no upper-case letter";
        }
        if (requireLower && password.chars().noneMatch(Character::isLowerCase)) {
            return "has no lower-case letter";
        }
        if (requireDigit && password.chars().noneMatch(Character::isDigit)) {
            return "has no digit";
        }
        if (requireSpecial && password.chars().allMatch(Character::isLetterOrDigit)) {
            return "has no special character";
        }
        return null;
    }
}
