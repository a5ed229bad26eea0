package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The three number formats of the geo replies and errors, as Redis 7.0.15 prints them. */
class GeoFormatTest {
    @Test
    void distancesHaveFourDecimalsRoundedLikeLlrint() {
        assertThat(GeoCommands.distance4(0)).isEqualTo("0.0000");
        assertThat(GeoCommands.distance4(166274.15156960033)).isEqualTo("166274.1516");
        assertThat(GeoCommands.distance4(0.0001)).isEqualTo("0.0001");
        assertThat(GeoCommands.distance4(0.00005)).isEqualTo("0.0000"); // 0.5 rounds to even
        assertThat(GeoCommands.distance4(0.00015)).isEqualTo("0.0001"); // 1.4999999999999998
        assertThat(GeoCommands.distance4(12.5)).isEqualTo("12.5000");
    }

    @Test
    void coordinatesAreHumanLongDoubles() {
        assertThat(GeoCommands.human(13.361389338970184)).isEqualTo("13.36138933897018433");
        assertThat(GeoCommands.human(180)).isEqualTo("180");
        assertThat(GeoCommands.human(1e-7)).isEqualTo("0.0000001");
        assertThat(GeoCommands.human(-1e-20)).isEqualTo("0");
        assertThat(GeoCommands.human(-0.0)).isEqualTo("0");
    }

    @Test
    void errorCoordinatesArePrintfF() {
        assertThat(GeoCommands.printfF(200)).isEqualTo("200.000000");
        assertThat(GeoCommands.printfF(-0.0000001)).isEqualTo("-0.000000");
        assertThat(GeoCommands.printfF(-0.0)).isEqualTo("-0.000000");
        assertThat(GeoCommands.printfF(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(GeoCommands.printfF(0.0000005)).isEqualTo("0.000000"); // just below the half in binary
        assertThat(GeoCommands.printfF(1e20)).isEqualTo("100000000000000000000.000000");
    }
}
