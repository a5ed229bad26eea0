package dev.emredis.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Num.parseDouble as Redis's string2d: strtod, whole string, no NaN, no ERANGE. */
class NumTest {
    private static Double d(String s) {
        return Num.parseDouble(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void acceptsWhatStrtodReadsWhole() {
        assertThat(d("1.5")).isEqualTo(1.5);
        assertThat(d("-2")).isEqualTo(-2.0);
        assertThat(d("+3e2")).isEqualTo(300.0);
        assertThat(d("1.")).isEqualTo(1.0);
        assertThat(d(".5")).isEqualTo(0.5);
        assertThat(d("0x10")).isEqualTo(16.0);
        assertThat(d("-0x1p4")).isEqualTo(-16.0);
        assertThat(d("0x.8")).isEqualTo(0.5);
        assertThat(d("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(d("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(d("0e-999")).isEqualTo(0.0);
        assertThat(Double.doubleToRawLongBits(d("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(d("1e-310")).isEqualTo(1e-310); // subnormal: ERANGE but neither 0 nor HUGE_VAL
    }

    @Test
    void refusesTheRest() {
        for (String s : new String[] {"", " 1", "1 ", "1e", "0x", ".", "-", "abc", "nan", "-nan", "1e400", "-1e400",
            "1e-400", "1\u00002", "++1", "0x1p", "1,5"}) {
            assertThat(d(s)).as("'%s'", s).isNull();
        }
    }
}
