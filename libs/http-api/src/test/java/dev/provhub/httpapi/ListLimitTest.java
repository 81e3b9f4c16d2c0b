package dev.provhub.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListLimitTest {

    @Test
    void aLimitIsBroughtIntoOneToFiveHundred() {
        assertThat(ListLimit.of(Integer.parseInt(ListLimit.DEFAULT))).isEqualTo(50);
        assertThat(ListLimit.of(7)).isEqualTo(7);
        assertThat(ListLimit.of(0)).isEqualTo(1);
        assertThat(ListLimit.of(-5)).isEqualTo(1);
        assertThat(ListLimit.of(501)).isEqualTo(500);
        assertThat(ListLimit.of(Integer.MAX_VALUE)).isEqualTo(ListLimit.MAX);
    }
}
