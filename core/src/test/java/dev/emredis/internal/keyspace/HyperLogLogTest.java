package dev.emredis.internal.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The representation and the estimator against values taken from redis-server 7.0.15: the hex
 * strings are what its GET returned for the same operations, the counts what its PFCOUNT said.
 */
class HyperLogLogTest {
    private static final long MAX = 3000;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] v) {
        return HexFormat.of().formatHex(v);
    }

    private static String sha256(byte[] v) throws Exception {
        return hex(MessageDigest.getInstance("SHA-256").digest(v));
    }

    /** One PFADD command's effect on the value. */
    private static int pfadd(HyperLogLog h, String... elements) {
        int updated = 0;
        for (String e : elements) {
            int r = h.add(b(e), MAX);
            assertThat(r).isNotNegative();
            updated += r;
        }
        if (updated > 0) h.invalidateCache();
        return updated > 0 ? 1 : 0;
    }

    /** One single-key PFCOUNT's effect: use or refresh the cache. */
    private static long pfcount(HyperLogLog h) {
        if (h.cacheValid()) return h.cachedCardinality();
        long card = h.count();
        h.cachedCardinality(card);
        return card;
    }

    private static HyperLogLog sequential(int n) {
        HyperLogLog h = HyperLogLog.empty();
        for (int i = 1; i <= n; i++) pfadd(h, Integer.toString(i));
        return h;
    }

    @Test
    void emptyValueAndHeader() {
        HyperLogLog h = HyperLogLog.empty();
        assertThat(hex(h.bytes())).isEqualTo("48594c4c0100000000000000000000007fff");
        h.invalidateCache();
        // PFADD of no element on a missing key
        assertThat(hex(h.bytes())).isEqualTo("48594c4c0100000000000000000000807fff");
        assertThat(pfcount(h)).isZero();
        assertThat(hex(h.bytes())).isEqualTo("48594c4c0100000000000000000000007fff");
    }

    @Test
    void smallSparseBytesMatchRedis() {
        HyperLogLog h = HyperLogLog.empty();
        assertThat(pfadd(h, "a", "b", "c")).isEqualTo(1);
        assertThat(hex(h.bytes())).isEqualTo("48594c4c01000000000000000000008060f38050b1844bfb80425a");
        assertThat(pfcount(h)).isEqualTo(3);
        assertThat(hex(h.bytes())).isEqualTo("48594c4c01000000030000000000000060f38050b1844bfb80425a");
        assertThat(pfadd(h, "d")).isEqualTo(1);
        // the stale cache keeps its old bytes, only the top bit is set
        assertThat(hex(h.bytes())).isEqualTo("48594c4c0100000003000000000000805c7b8044768050b1844bfb80425a");
        assertThat(pfadd(h, "d")).isZero();
        assertThat(hex(h.bytes())).isEqualTo("48594c4c0100000003000000000000805c7b8044768050b1844bfb80425a");
        assertThat(h.decode()).isEqualTo("Z:7292 v:1,1 Z:1143 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603");
    }

    @Test
    void hundredElementsInOnePfadd() {
        HyperLogLog h = HyperLogLog.empty();
        String[] els = new String[100];
        for (int i = 0; i < 100; i++) els[i] = Integer.toString(i + 1);
        pfadd(h, els);
        assertThat(pfcount(h)).isEqualTo(100);
        assertThat(hex(h.bytes())).isEqualTo("48594c4c01000000640000000000000041768c407684409a9040c9804100801c8c"
                + "40418840e688405f803f8041688040419840708408804120804059842080078040f48042108841368040e2800a8040"
                + "b08c37883380407680404680408580405f803380404d8840549040da80415b80228040e2804058804094803780248041"
                + "718040658442119440aa8040799040db8040ac904147881a84414280158440bf8440d28c4115844081940b8c40b38031"
                + "8c28802d803c80404780446e8040928041e6881588408d80410a8040488440eb803784405a8440a580406d84413e8429"
                + "8040da802480405880068042f4804059801d8840aa8c40ed80404880404a942c80388c308040b28840f28c40b8801584"
                + "18883a8040d994408a80407b8040e8");
    }

    @Test
    void sparseAndDenseValuesMatchRedisByHash() throws Exception {
        HyperLogLog s = sequential(1000);
        assertThat(s.encoding()).isEqualTo(HyperLogLog.SPARSE);
        assertThat(pfcount(s)).isEqualTo(1001);
        assertThat(s.length()).isEqualTo(1922);
        assertThat(sha256(s.bytes())).isEqualTo("719dd6d68459551c0ffe9f675882cee133adeaf55feed3f7ef33f0f0df867a33");

        HyperLogLog d = sequential(5000);
        assertThat(d.encoding()).isEqualTo(HyperLogLog.DENSE);
        assertThat(pfcount(d)).isEqualTo(4985);
        assertThat(d.length()).isEqualTo(HyperLogLog.DENSE_SIZE);
        assertThat(sha256(d.bytes())).isEqualTo("8ac9da7e3738a0c460d8d9f3e0d9005e59dde54d38c2ad5e65d24f9520f17fe3");
    }

    @Test
    void countsMatchRedis() {
        int[] n = {1, 10, 100, 1000, 3000, 10000, 50000, 100000, 200000};
        long[] expected = {1, 10, 100, 1001, 3005, 9988, 50353, 99562, 200292};
        int[] enc = {1, 1, 1, 1, 0, 0, 0, 0, 0};
        for (int k = 0; k < n.length; k++) {
            HyperLogLog h = HyperLogLog.empty();
            for (int i = 0; i < n[k]; i += 1000) {
                String[] batch = new String[Math.min(1000, n[k] - i)];
                for (int j = 0; j < batch.length; j++) batch[j] = Integer.toString(i + j + 1);
                pfadd(h, batch);
            }
            assertThat(pfcount(h)).as("N=%d", n[k]).isEqualTo(expected[k]);
            assertThat(h.encoding()).as("N=%d", n[k]).isEqualTo(enc[k]);
        }
    }

    @Test
    void unionOfRegistersCountsLikeRedis() {
        byte[] max = new byte[HyperLogLog.REGISTERS];
        assertThat(sequential(100).mergeInto(max)).isTrue();
        assertThat(sequential(1000).mergeInto(max)).isTrue();
        assertThat(sequential(5000).mergeInto(max)).isTrue();
        assertThat(HyperLogLog.countRaw(max)).isEqualTo(4985);
        assertThat(HyperLogLog.countRaw(new byte[HyperLogLog.REGISTERS])).isZero();
    }

    @Test
    void denseAndSparseAgree() {
        HyperLogLog s = sequential(1500);
        HyperLogLog d = new HyperLogLog(s.bytes());
        assertThat(d.toDense()).isTrue();
        assertThat(d.count()).isEqualTo(s.count());
        for (int i = 0; i < 300; i++) {
            pfadd(s, "x" + i);
            pfadd(d, "x" + i);
        }
        assertThat(d.count()).isEqualTo(s.count());
    }

    @Test
    void registerAndRunLengthMatchRedis() {
        // PFADD q1 a; PFDEBUG DECODE q1 on redis-server: register 12711 gets a run of 2
        assertThat(HyperLogLog.registerAndCount(b("a"))).isEqualTo(12711 << 8 | 2);
        HyperLogLog one = HyperLogLog.empty();
        pfadd(one, "a");
        assertThat(one.decode()).isEqualTo("Z:12711 v:2,1 Z:3672");
    }

    @Test
    void headerValidation() {
        assertThat(HyperLogLog.isValid(b("HYLL"))).isFalse();
        assertThat(HyperLogLog.isValid(HyperLogLog.empty().bytes())).isTrue();
        byte[] enc2 = HyperLogLog.empty().bytes();
        enc2[4] = 2;
        assertThat(HyperLogLog.isValid(enc2)).isFalse();
        byte[] shortDense = HyperLogLog.empty().bytes();
        shortDense[4] = 0;
        assertThat(HyperLogLog.isValid(shortDense)).isFalse();
        HyperLogLog d = HyperLogLog.empty();
        d.toDense();
        assertThat(HyperLogLog.isValid(d.bytes())).isTrue();
    }

    @Test
    void corruptedSparseValues() {
        // no opcodes at all
        HyperLogLog none = new HyperLogLog(HexFormat.of().parseHex("48594c4c010000000000000000000080"));
        assertThat(none.count()).isEqualTo(-1);
        assertThat(none.add(b("a"), MAX)).isEqualTo(-1);
        assertThat(none.toDense()).isFalse();
        // a run past the last register is rejected by conversion and merge
        HyperLogLog over = new HyperLogLog(HexFormat.of().parseHex("48594c4c0100000000000000000000807fff80"));
        assertThat(over.count()).isEqualTo(-1);
        assertThat(over.toDense()).isFalse();
        assertThat(over.mergeInto(new byte[HyperLogLog.REGISTERS])).isFalse();
        // the registers it covers can still be updated in place
        assertThat(over.add(b("a"), MAX)).isEqualTo(1);
    }

    @Test
    void promotionAtSparseMaxBytes() {
        HyperLogLog h = HyperLogLog.empty();
        for (int i = 1; i <= 8; i++) h.add(b(Integer.toString(i)), 40);
        assertThat(h.encoding()).isEqualTo(HyperLogLog.DENSE);
        HyperLogLog z = HyperLogLog.empty();
        z.add(b("a"), 0);
        assertThat(z.encoding()).isEqualTo(HyperLogLog.DENSE);
        assertThat(z.count()).isEqualTo(1);
    }
}
