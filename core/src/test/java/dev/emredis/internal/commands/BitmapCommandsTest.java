package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import org.junit.jupiter.api.Test;

/** Bit commands: exact replies checked against redis-server 7.0.15. */
class BitmapCommandsTest extends EmulatorTest {
    @Test
    void setbitGrowsTheStringAndReportsTheOldBit() {
        assertThat(c.call("SETBIT", "b", "7", "1")).isEqualTo(":0\r\n");
        assertThat(c.call("GET", "b")).isEqualTo("$1\r\n\u0001\r\n");
        assertThat(c.call("SETBIT", "b", "7", "0")).isEqualTo(":1\r\n");
        assertThat(c.call("SETBIT", "b", "100", "1")).isEqualTo(":0\r\n");
        assertThat(c.call("STRLEN", "b")).isEqualTo(":13\r\n");
        assertThat(c.call("SETBIT", "b", "1", "2")).isEqualTo("-ERR bit is not an integer or out of range\r\n");
        assertThat(c.call("SETBIT", "b", "4294967296", "1")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
    }

    @Test
    void countsAndPositions() {
        c.call("SET", "s", "foobar");
        assertThat(c.call("BITCOUNT", "s")).isEqualTo(":26\r\n");
        assertThat(c.call("BITCOUNT", "s", "5", "30", "BIT")).isEqualTo(":17\r\n");
        c.call("SET", "p", "\u0000");
        assertThat(c.call("BITPOS", "p", "1")).isEqualTo(":-1\r\n");
        c.call("SETBIT", "ones", "0", "1");
        assertThat(c.call("BITPOS", "nokey", "0")).isEqualTo(":0\r\n");
        assertThat(c.call("BITPOS", "p", "2")).isEqualTo("-ERR The bit argument must be 1 or 0.\r\n");
    }

    @Test
    void bitfieldOverflowModes() {
        assertThat(c.call("BITFIELD", "bf", "SET", "u8", "0", "255", "GET", "u8", "0", "GET", "i8", "0"))
                .isEqualTo("*3\r\n:0\r\n:255\r\n:-1\r\n");
        assertThat(c.call("BITFIELD", "bf", "INCRBY", "u8", "0", "10")).isEqualTo("*1\r\n:9\r\n");
        assertThat(c.call("BITFIELD", "bf", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "300")).isEqualTo("*1\r\n:255\r\n");
        assertThat(c.call("BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1")).isEqualTo("*1\r\n$-1\r\n");
        assertThat(c.call("BITFIELD_RO", "bf", "SET", "u8", "0", "1"))
                .isEqualTo("-ERR BITFIELD_RO only supports the GET subcommand\r\n");
        assertThat(c.call("BITFIELD", "bf", "GET", "u64", "0"))
                .isEqualTo("-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
    }
}
