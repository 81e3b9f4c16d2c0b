package dev.provhub.importer.password;

import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * The seed's table of initial passwords, each row with and without a password format; with a password column, both
 * with a provided password and with an empty one where the seed distinguishes them. The columns:
 * use-password-on-create, use-random-if-not-provided, a password column, its value, a password format, and the
 * outcome: FILE (the row's password), FORMAT, RANDOM (no usable password) or ERROR (not created). Run as a pure
 * function ({@code InitialPasswordRuleTest}) and end to end ({@code PasswordRulesTest}).
 */
public final class SeedPasswordTable {

    private SeedPasswordTable() {
    }

    public static Stream<Arguments> rows() {
        return Stream.of(
                // row 1: false | false | false
                Arguments.of(false, false, false, null, false, "ERROR"),
                Arguments.of(false, false, false, null, true, "FORMAT"),
                // row 2: false | false | true (a provided password makes no difference)
                Arguments.of(false, false, true, "Provided123", false, "ERROR"),
                Arguments.of(false, false, true, "Provided123", true, "FORMAT"),
                // row 3: false | true | false
                Arguments.of(false, true, false, null, false, "RANDOM"),
                Arguments.of(false, true, false, null, true, "FORMAT"),
                // row 4: false | true | true
                Arguments.of(false, true, true, "Provided123", false, "RANDOM"),
                Arguments.of(false, true, true, "Provided123", true, "FORMAT"),
                // row 5: true | false | false
                Arguments.of(true, false, false, null, false, "ERROR"),
                Arguments.of(true, false, false, null, true, "FORMAT"),
                // row 6: true | false | true
                Arguments.of(true, false, true, "Provided123", false, "FILE"),
                Arguments.of(true, false, true, "Provided123", true, "FILE"),
                Arguments.of(true, false, true, "", false, "ERROR"),
                Arguments.of(true, false, true, "", true, "FORMAT"),
                // row 7: true | true | false
                Arguments.of(true, true, false, null, false, "RANDOM"),
                Arguments.of(true, true, false, null, true, "FORMAT"),
                // row 8: true | true | true
                Arguments.of(true, true, true, "Provided123", false, "FILE"),
                Arguments.of(true, true, true, "", false, "RANDOM"),
                Arguments.of(true, true, true, "", true, "FORMAT"));
    }
}
