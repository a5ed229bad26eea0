package dev.emredis.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Expected strings come from redis-server 7.0.15 (x86-64) INCRBYFLOAT replies. */
class LongDoubleTest {
    private static LongDouble p(String s) {
        return LongDouble.parse(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String sum(String a, String b) {
        LongDouble r = p(a).add(p(b));
        return r == null ? "nan" : r.toHumanString();
    }

    @Test
    void sumsRoundLikeX87ExtendedPrecision() {
        assertThat(sum("10.5", "0.1")).isEqualTo("10.6");
        assertThat(sum("0.1", "0.2")).isEqualTo("0.3");
        assertThat(sum("5.7", "1e3")).isEqualTo("1005.70000000000000001");
        assertThat(sum("1005.70000000000000001", "0x10")).isEqualTo("1021.70000000000000001");
        assertThat(sum("9007199254740993", "1")).isEqualTo("9007199254740994");
        assertThat(sum("18446744073709551615", "1")).isEqualTo("18446744073709551616");
        assertThat(sum("3.14159265358979323846264338327950288", "0")).isEqualTo("3.14159265358979324");
        // a tie at the 18th decimal rounds to even
        assertThat(sum("1", "0.000003814697265625")).isEqualTo("1.00000381469726562");
        assertThat(sum("-1e-30", "0")).isEqualTo("0");
        assertThat(sum("inf", "-inf")).isEqualTo("nan");
        assertThat(sum("1e4932", "1e4932")).isEqualTo("inf");
    }

    @Test
    void parseFollowsStrtold() {
        assertThat(p("0x1.8p1").toHumanString()).isEqualTo("3");
        assertThat(p("0X.8P-1").toHumanString()).isEqualTo("0.25");
        assertThat(p(".5").toHumanString()).isEqualTo("0.5");
        assertThat(p("5.").toHumanString()).isEqualTo("5");
        assertThat(p("+2").toHumanString()).isEqualTo("2");
        assertThat(p("1e-4950")).isNotNull(); // subnormal: accepted
        assertThat(p("0e5000")).isNotNull();
        assertThat(p("Infinity").isInfinite()).isTrue();
        for (String bad : new String[] {"", " 1", "1 ", "1e", "0x", ".", "nan", "-nan", "1e5000", "1e-5000", "1.19e4932", "1,5", "abc"}) {
            assertThat(p(bad)).as(bad).isNull();
        }
    }
}
