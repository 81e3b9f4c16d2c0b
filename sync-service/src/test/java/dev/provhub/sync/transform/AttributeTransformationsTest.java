package dev.provhub.sync.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** --attributes-transformation: the seed's Python syntax, JSON, rule order, and the linear-time engine. */
class AttributeTransformationsTest {

    @Test
    void readsTheSeedsExamplesAsPrinted() {
        var match = AttributeTransformations.parse("[{'attr_name': 'trusted_server_username', "
                + "'action': '^([a-zA-Z0-9._%+-]+)@', 'method':'match'}]");
        assertThat(match.apply("trusted_server_username", "jane.doe@example.com")).isEqualTo("jane.doe");

        var sub = AttributeTransformations.parse("[{'attr_name': 'trusted_server_username', 'action': '_,@', "
                + "'method':'sub'}]");
        assertThat(sub.apply("trusted_server_username", "jane_example.com")).isEqualTo("jane@example.com");
    }

    @Test
    void jsonGivesTheSameRules() {
        var json = AttributeTransformations.parse("[{\"attr_name\": \"trusted_server_username\", "
                + "\"action\": \"^([a-zA-Z0-9._%+-]+)@\", \"method\": \"match\"}]");
        assertThat(json.apply("trusted_server_username", "jane.doe@example.com")).isEqualTo("jane.doe");
    }

    @Test
    void rulesCombineInOrderAndOnlyTouchTheirAttribute() {
        var rules = AttributeTransformations.parse("[{'attr_name': 'username', 'action': '^([^@]+)@', 'method': "
                + "'match'}, {'attr_name': 'username', 'action': '\\\\.,-', 'method': 'sub'}, "
                + "{'attr_name': 'email', 'action': '(\\\\w+)@(\\\\w+),\\\\2@\\\\1', 'method': 'sub'}]");
        assertThat(rules.apply("username", "jane.doe@example.com")).isEqualTo("jane-doe");
        assertThat(rules.apply("first_name", "jane.doe")).isEqualTo("jane.doe");
        assertThat(rules.apply("email", "jane@example")).isEqualTo("example@jane");
    }

    @Test
    void aValueThatDoesNotMatchIsKept() {
        var rules = AttributeTransformations.parse("[{'attr_name': 'username', 'action': '^x(.*)', 'method': 'match'}]");
        assertThat(rules.apply("username", "jane")).isEqualTo("jane");
    }

    @Test
    void refusesWhatItCannotReadNamingTheProblem() {
        assertThatThrownBy(() -> AttributeTransformations.parse("[{'attr_name': 'username', 'action': 'x'}]"))
                .hasMessageContaining("needs 'method'");
        assertThatThrownBy(() -> AttributeTransformations.parse("[{'attr_name': 'username', 'action': 'x', "
                + "'method': 'replace'}]")).hasMessageContaining("neither 'match' nor 'sub'");
        assertThatThrownBy(() -> AttributeTransformations.parse("[{'attr_name': 'username', 'action': 'x', "
                + "'method': 'match'")).hasMessageContaining("character");
        assertThatThrownBy(() -> AttributeTransformations.parse("[{'attr_name': 'username', 'action': '(a)\\\\1', "
                + "'method': 'match'}]")).hasMessageContaining("linear-time engine");
        assertThatThrownBy(() -> AttributeTransformations.parse("__import__('os')"))
                .isInstanceOf(InvalidTransformationException.class);
    }

    @Test
    void refusesDeepNestingAndBrokenReplacementsBeforeARunIsQueued() {
        assertThatThrownBy(() -> AttributeTransformations.parse("[".repeat(20_000) + "]".repeat(20_000)))
                .isInstanceOf(InvalidTransformationException.class).hasMessageContaining("nest deeper than 16");
        assertThatThrownBy(() -> AttributeTransformations.parse("[{'attr_name': 'email', 'action': 'a', "
                + "'method': 'sub', 'replacement': '\\g<1'}]")).isInstanceOf(InvalidTransformationException.class)
                .hasMessageContaining("unclosed \\g<");
    }

    @Test
    void aHostilePatternCannotHangARun() {
        var rules = AttributeTransformations.parse("[{'attr_name': 'username', 'action': '^(a+)+$', 'method': 'match'}]");
        String evil = "a".repeat(50_000) + "!";
        long started = System.nanoTime();
        assertThat(rules.apply("username", evil)).isEqualTo(evil);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }
}
