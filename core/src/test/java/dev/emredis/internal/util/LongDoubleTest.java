package dev.emredis.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LongDoubleTest {
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
