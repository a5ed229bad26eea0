package dev.emredis.internal.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Stream IDs: unsigned order, successor/predecessor, the radix tree key, and Redis's ID parsing. */
class StreamIDTest {
    private static StreamID.Parsed parse(String s, long missingSeq, boolean strict, boolean autoSeq) {
        return StreamID.parse(s.getBytes(StandardCharsets.ISO_8859_1), missingSeq, strict, autoSeq);
    }

    private static String id(String s) {
        StreamID.Parsed p = parse(s, 0, true, false);
        return p == null ? null : p.id.toString();
    }

    @Test
    void ordersBothPartsAsUnsigned() {
        StreamID big = new StreamID(-1L, 0); // 18446744073709551615-0
        assertThat(big.compareTo(new StreamID(Long.MAX_VALUE, -1L))).isPositive();
        assertThat(new StreamID(1, -1L).compareTo(new StreamID(1, 5))).isPositive();
        assertThat(new StreamID(1, 5).compareTo(new StreamID(2, 0))).isNegative();
        assertThat(StreamID.MAX.toString()).isEqualTo("18446744073709551615-18446744073709551615");
        assertThat(new StreamID(7, 3)).isEqualTo(new StreamID(7, 3)).hasSameHashCodeAs(new StreamID(7, 3));
    }

    @Test
    void successorAndPredecessorCarryAcrossTheSequence() {
        assertThat(new StreamID(1, 2).next().toString()).isEqualTo("1-3");
        assertThat(new StreamID(1, -1L).next().toString()).isEqualTo("2-0");
        assertThat(StreamID.MAX.next()).isNull();
        assertThat(new StreamID(2, 0).prev().toString()).isEqualTo("1-18446744073709551615");
        assertThat(new StreamID(2, 5).prev().toString()).isEqualTo("2-4");
        assertThat(StreamID.MIN.prev()).isNull();
    }

    @Test
    void raxKeyIsBigEndianMsThenSeq() {
        byte[] k = new StreamID(0x0102030405060708L, 0x1112131415161718L).raxKey();
        assertThat(k).hasSize(16);
        assertThat(k[0]).isEqualTo((byte) 1);
        assertThat(k[7]).isEqualTo((byte) 8);
        assertThat(k[8]).isEqualTo((byte) 0x11);
        assertThat(k[15]).isEqualTo((byte) 0x18);
    }

    @Test
    void parsesFullAndPartialIds() {
        assertThat(id("5-3")).isEqualTo("5-3");
        assertThat(parse("5", 0, true, false).id.toString()).isEqualTo("5-0");
        assertThat(parse("5", -1L, false, false).id.toString()).isEqualTo("5-18446744073709551615");
        assertThat(id("18446744073709551615-18446744073709551615")).isEqualTo(StreamID.MAX.toString());
        assertThat(id("18446744073709551616-0")).isNull();
        assertThat(id("1-18446744073709551616")).isNull();
    }

    @Test
    void minusAndPlusOnlyWhenNotStrict() {
        assertThat(parse("-", 0, false, false).id).isEqualTo(StreamID.MIN);
        assertThat(parse("+", 0, false, false).id).isEqualTo(StreamID.MAX);
        assertThat(parse("-", 0, true, false)).isNull();
        assertThat(parse("+", 0, true, false)).isNull();
    }

    @Test
    void autoSequenceOnlyWhenAllowed() {
        StreamID.Parsed p = parse("7-*", 0, true, true);
        assertThat(p.seqGiven).isFalse();
        assertThat(p.id.toString()).isEqualTo("7-0");
        assertThat(parse("7-3", 0, true, true).seqGiven).isTrue();
        assertThat(parse("7-*", 0, true, false)).isNull();
        assertThat(parse("7-**", 0, true, true)).isNull();
        assertThat(parse("*", 0, true, true)).isNull();
    }

    @Test
    void partsAreReadLikeStrtoull() {
        // string2ull: a strict integer first, then strtoull (spaces, sign, leading zeros)
        assertThat(id(" 5-1")).isEqualTo("5-1");
        assertThat(id("+6-+1")).isEqualTo("6-1");
        assertThat(id("0007-0002")).isEqualTo("7-2");
        assertThat(id("-1-1")).isNull(); // split at the first '-': an empty ms part
        assertThat(id("9--1")).isNull(); // a negative strict integer is refused...
        assertThat(id("9--01")).isEqualTo("9-18446744073709551615"); // ...but strtoull wraps "-01"
        assertThat(id("9-")).isNull();
        assertThat(id("9-x")).isNull();
        assertThat(id("9.5")).isNull();
        assertThat(id("")).isNull();
        assertThat(id("1-2-3")).isNull();
    }

    @Test
    void textEndsAtTheFirstNulAndLongArgumentsAreInvalid() {
        assertThat(id("11-1\u0000junk")).isEqualTo("11-1");
        assertThat(id("-\u0000x")).isNull(); // "-" in strict mode
        assertThat(id("0".repeat(126) + "1")).isEqualTo("1-0"); // 127 bytes: fine
        assertThat(id("0".repeat(127) + "1")).isNull(); // more than 127 bytes
    }
}
