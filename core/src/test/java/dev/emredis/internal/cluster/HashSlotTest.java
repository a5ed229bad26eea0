package dev.emredis.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** CRC16/XMODEM and hash tags: the vectors of CLUSTER KEYSLOT on Redis 7.0.15. */
class HashSlotTest {
    @Test
    void crc16CheckValue() {
        byte[] b = "123456789".getBytes();
        assertThat(HashSlot.crc16(b, 0, b.length)).isEqualTo(0x31C3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "123456789|12739", "foo|12182", "bar|5061", "hello|866", "key|12539", "user:1|10778",
        "{user1000}.following|3443", "{user1000}.followers|3443", "foo{}{bar}|8363", "foo{{bar}}zap|4015",
        "foo{bar}{zap}|5061", "{}|15257", "a{|14311", "{a|10276", "{{}}|4092", "06S|0",
    })
    void slots(String key, int slot) {
        assertThat(HashSlot.of(key)).isEqualTo(slot);
    }

    @Test
    void emptyKeyIsSlotZero() {
        assertThat(HashSlot.of(new byte[0])).isZero();
    }

    @Test
    void hashesRawBytes() {
        // a tag with a byte >= 0x80: hashed as raw bytes, not as a Java char
        byte[] k = {'{', (byte) 0xC3, (byte) 0xA9, '}', 'x'};
        assertThat(HashSlot.of(k)).isEqualTo(HashSlot.crc16(new byte[] {(byte) 0xC3, (byte) 0xA9}, 0, 2) & 16383);
    }
}
