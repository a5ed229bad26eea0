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
        // hex digits beyond a double's 53 bits are kept (strtold reads them exactly)
        assertThat(p("0x1.0000000000000008p60").toHumanString()).isEqualTo("1152921504606846976.5");
        assertThat(p("0x1000000000000000.8").toHumanString()).isEqualTo("1152921504606846976.5");
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

    private static String incr(String a, String b) {
        LongDouble x = LongDouble.parse(a.getBytes(StandardCharsets.US_ASCII));
        LongDouble y = LongDouble.parse(b.getBytes(StandardCharsets.US_ASCII));
        LongDouble r = x.add(y);
        return r == null || r.isInfinite() ? "nan-or-inf" : r.toHumanString();
    }

    /** Each expectation is what redis-server 7.0.15 (x86-64) answered for SET a; INCRBYFLOAT b. */
    @Test
    void matchesRedisOnX86() {
        assertThat(incr("10.5", "0.1")).isEqualTo("10.6");
        assertThat(incr("5000", "200")).isEqualTo("5200");
        assertThat(incr("3", "-3")).isEqualTo("0");
        assertThat(incr("0.3", "-0.30000000000000001")).isEqualTo("-0.00000000000000001");
        assertThat(incr("1", "1e-20")).isEqualTo("1");
        assertThat(incr("9223372036854775807", "1")).isEqualTo("9223372036854775808");
        assertThat(incr("0", "0x10")).isEqualTo("16");
        assertThat(incr("10.6", "1e308")).startsWith("99999999999999999996685879655845645660560099847415567207797047994921734868838061872100126921888539320446747225054013223152134749593960583597420814430196418767959100019603190778663109604507106667939153395788938914560543563061268364901618630217086589253444881623791300855757318142424510452728255046343928578048");
        assertThat(incr("1e400", "1")).isEqualTo("10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880");
        assertThat(incr("0", "inf")).isEqualTo("nan-or-inf");
    }

    @Test
    void rejectsWhatStrtoldRejects() {
        for (String bad : new String[] {"", " 1", "1 ", "1.5e", "abc", "nan", "1e-5000", "1e5000"}) {
            assertThat(LongDouble.parse(bad.getBytes(StandardCharsets.US_ASCII))).as(bad).isNull();
        }
    }
}
