package dev.emredis.internal.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The low-level codecs: CRC-64, LZF, RDB lengths and strings, listpack, ziplist, intset, zipmap. */
class CodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] s(String v) {
        return v.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void crc64MatchesRedisCheckValueAndDumpFooter() {
        assertThat(Crc64.of(s("123456789"), 0, 9)).isEqualTo(0xe9c6d914c4b8d9caL);
        // Redis 7.0: DUMP of "hello"
        byte[] dump = HEX.parseHex("000568656c6c6f0a006372df766534200a");
        long crc = Crc64.of(dump, 0, dump.length - 8);
        for (int i = 0; i < 8; i++) assertThat(dump[dump.length - 8 + i]).isEqualTo((byte) (crc >>> (8 * i)));
    }

    @Test
    void lzfCompressesAsRedisDoes() {
        // Redis 7.0: DUMP of 100 'a' is c3 09 40 64 + these 9 bytes
        assertThat(Lzf.compress(s("a".repeat(100)), 96)).isEqualTo(HEX.parseHex("016161e057000161610a".substring(0, 18)));
        assertThat(Lzf.compress(s("abcdefghijklmnopqrstuvwxyz"), 22)).isNull(); // incompressible: no gain
    }

    @Test
    void lzfRoundTripsRandomAndRepetitiveData() {
        Random r = new Random(7);
        for (int n = 1; n < 3000; n += 1 + n / 8) {
            byte[] in = new byte[n];
            for (int i = 0; i < n; i++) in[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : 'a' + r.nextInt(3));
            byte[] c = Lzf.compress(in, n + 64);
            assertThat(c).isNotNull();
            assertThat(Lzf.decompress(c, 0, c.length, n)).as("n=%d", n).isEqualTo(in);
        }
        // corrupt input: a back reference before the start, a wrong output size
        assertThat(Lzf.decompress(new byte[] {(byte) 0x20, 5}, 0, 2, 3)).isNull();
        byte[] c = Lzf.compress(s("a".repeat(50)), 60);
        assertThat(Lzf.decompress(c, 0, c.length, 49)).isNull();
        assertThat(Lzf.decompress(c, 0, c.length, 51)).isNull();
    }

    @Test
    void rdbLengthsAndStrings() {
        RdbOut o = new RdbOut(true);
        long[] lens = {0, 63, 64, 16383, 16384, 0xffffffffL, 0x100000000L, -1};
        for (long l : lens) o.len(l);
        for (String v : new String[] {"0", "-128", "127", "128", "-32769", "2147483647", "2147483648", "007", "", "x".repeat(30), "a".repeat(100)}) o.string(s(v));
        o.longString(Long.MIN_VALUE);
        byte[] b = o.toByteArray();
        RdbIn in = new RdbIn(b, 0, b.length);
        for (long l : lens) assertThat(in.len()).isEqualTo(l);
        for (String v : new String[] {"0", "-128", "127", "128", "-32769", "2147483647", "2147483648", "007", "", "x".repeat(30), "a".repeat(100)}) {
            assertThat(new String(in.string(), StandardCharsets.ISO_8859_1)).isEqualTo(v);
        }
        assertThat(new String(in.string(), StandardCharsets.ISO_8859_1)).isEqualTo(Long.toString(Long.MIN_VALUE));
        assertThat(in.remaining()).isZero();
        // small integers are stored encoded: "127" is c0 7f
        RdbOut small = new RdbOut(false);
        small.string(s("127"));
        assertThat(small.toByteArray()).isEqualTo(HEX.parseHex("c07f"));
        assertThatThrownBy(() -> new RdbIn(HEX.parseHex("4005"), 0, 2).string()).isInstanceOf(RdbFormatException.class);
        assertThatThrownBy(() -> new RdbIn(HEX.parseHex("c4"), 0, 1).string()).isInstanceOf(RdbFormatException.class);
    }

    @Test
    void listpackMatchesRedisBytes() {
        // the single node of Redis 7.0's DUMP of RPUSH l a 1 200 -5000 40000 9000000 3000000000 x*64
        Listpack.Builder lp = new Listpack.Builder();
        for (String v : new String[] {"a", "1", "200", "-5000", "40000", "9000000", "3000000000", "x".repeat(64)}) lp.add(s(v));
        byte[] b = lp.build();
        assertThat(b.length).isEqualTo(107);
        assertThat(HEX.formatHex(b, 0, 22)).isEqualTo("6b000000080081610201" + "01c0c802f178ec03f2409c00".substring(0, 24));
        List<byte[]> back = Listpack.decode(b);
        assertThat(back).hasSize(8);
        assertThat(new String(back.get(6), StandardCharsets.US_ASCII)).isEqualTo("3000000000");
        assertThat(back.get(7)).isEqualTo(s("x".repeat(64)));
    }

    @Test
    void listpackRoundTripsEveryEncodingAndRejectsDamage() {
        List<String> vals = new ArrayList<>();
        for (long v : new long[] {0, 127, 128, -1, 4095, -4096, 4096, 32767, -32768, 32768, 8388607, -8388608, 8388608,
                Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31, Long.MAX_VALUE, Long.MIN_VALUE}) vals.add(Long.toString(v));
        for (int n : new int[] {0, 1, 63, 64, 4095, 4096, 20000}) vals.add("s".repeat(n));
        vals.add("007");
        vals.add("-0");
        Listpack.Builder lp = new Listpack.Builder();
        for (String v : vals) lp.add(s(v));
        byte[] b = lp.build();
        List<byte[]> back = Listpack.decode(b);
        assertThat(back).hasSize(vals.size());
        for (int i = 0; i < vals.size(); i++) assertThat(new String(back.get(i), StandardCharsets.ISO_8859_1)).isEqualTo(vals.get(i));
        byte[] wrongTotal = b.clone();
        wrongTotal[0]++;
        assertThatThrownBy(() -> Listpack.decode(wrongTotal)).isInstanceOf(RdbFormatException.class);
        byte[] wrongCount = b.clone();
        wrongCount[4]++;
        assertThatThrownBy(() -> Listpack.decode(wrongCount)).isInstanceOf(RdbFormatException.class);
        byte[] badBacklen = Listpack.Builder.class.cast(new Listpack.Builder().add(s("abc"))).build();
        badBacklen[10]++;
        assertThatThrownBy(() -> Listpack.decode(badBacklen)).isInstanceOf(RdbFormatException.class);
    }

    @Test
    void ziplistIntsetZipmap() {
        // a ziplist of "a", 5 (immediate), -100 (int8), 300 (int16)
        byte[] zl = HEX.parseHex("18000000110000000400" + "000161" + "03f6" + "02fe9c" + "03c02c01" + "ff");
        zl[0] = (byte) zl.length;
        zl[4] = 18;
        List<byte[]> v = Ziplist.decode(zl);
        assertThat(v).extracting(x -> new String(x, StandardCharsets.US_ASCII)).containsExactly("a", "5", "-100", "300");
        byte[] badPrev = zl.clone();
        badPrev[13] = 9;
        assertThatThrownBy(() -> Ziplist.decode(badPrev)).isInstanceOf(RdbFormatException.class);

        byte[] is = Intset.encode(new long[] {-2, 1, 70000}, 3, 4);
        assertThat(HEX.formatHex(is)).isEqualTo("0400000003000000feffffff0100000070110100");
        assertThat(Intset.decode(is)).containsExactly(-2, 1, 70000);
        assertThatThrownBy(() -> Intset.decode(Intset.encode(new long[] {2, 1}, 2, 2))).isInstanceOf(RdbFormatException.class);
        assertThatThrownBy(() -> Intset.decode(Intset.encode(new long[0], 0, 2))).isInstanceOf(RdbFormatException.class);

        byte[] zm = HEX.parseHex("02" + "0161" + "010031" + "026262" + "010162" + "7a" + "ff");
        assertThat(Zipmap.decode(zm)).extracting(x -> new String(x, StandardCharsets.US_ASCII)).containsExactly("a", "1", "bb", "b");
    }
}
