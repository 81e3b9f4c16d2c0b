package dev.provhub.importer.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.provhub.importer.org.ImportSettings;
import dev.provhub.importer.org.SettingsReader;
import dev.provhub.importer.rules.RowRejectedException;

/**
 * The seed's password table as a pure function: use-password-on-create x use-random-if-not-provided x a password
 * column (with a value or empty) x a password format, to the password a new user gets. The same table runs end to
 * end, through imports, in {@code PasswordRulesTest}.
 */
class InitialPasswordRuleTest {

    static final Supplier<String> FORMAT = () -> "Kiilunen123!";

    @ParameterizedTest(name = "usePasswordOnCreate={0} useRandom={1} column={2} value=''{3}'' format={4} -> {5}")
    @MethodSource("dev.provhub.importer.password.SeedPasswordTable#rows")
    void theSeedsTable(boolean usePasswordOnCreate, boolean useRandom, boolean column, String value, boolean format,
            String expected) {
        ImportSettings settings = settings(usePasswordOnCreate, useRandom);
        String fromFile = column ? (value == null ? "" : value) : null;

        if (expected.equals("ERROR")) {
            assertThatThrownBy(() -> InitialPasswordRule.choose(settings, fromFile, format ? FORMAT : null, null))
                    .isInstanceOf(RowRejectedException.class).hasMessageStartingWith("no password");
            return;
        }
        InitialPassword chosen = InitialPasswordRule.choose(settings, fromFile, format ? FORMAT : null, null);

        switch (expected) {
            case "FILE" -> assertThat(chosen.password()).isEqualTo(value);
            case "FORMAT" -> assertThat(chosen.password()).isEqualTo("Kiilunen123!");
            case "RANDOM" -> assertThat(chosen.usable()).isFalse();
            default -> throw new IllegalArgumentException(expected);
        }
        assertThat(chosen.usable()).isEqualTo(!expected.equals("RANDOM"));
    }

    @Test
    void anIntegrationsPasswordTakesThePlaceOfTheFormatAndOfRandom() {
        InitialPassword chosen = InitialPasswordRule.choose(settings(false, true), null, FORMAT,
                () -> "Born01011990!");

        assertThat(chosen.password()).isEqualTo("Born01011990!");
        assertThat(chosen.source()).isEqualTo(InitialPassword.Source.INTEGRATION);
    }

    @Test
    void aChosenPasswordMustMeetThePolicyAndTheReasonNeverShowsIt() {
        assertThatThrownBy(() -> InitialPasswordRule.choose(settings(true, false), "Ab1x", null, null))
                .isInstanceOf(RowRejectedException.class).hasMessageContaining("password policy")
                .hasMessageNotContaining("Ab1x");
    }

    private static ImportSettings settings(boolean usePasswordOnCreate, boolean useRandom) {
        var attributes = new HashMap<String, Object>();
        attributes.put("usePasswordOnCreate", usePasswordOnCreate);
        attributes.put("useRandomPasswordIfNotProvided", useRandom);
        return SettingsReader.read(attributes);
    }
}
