package dev.emredis.internal.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DictTest {
    private static byte[] k(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void putGetRemove() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 1000; i++) d.put(k(i), i);
        assertThat(d.size()).isEqualTo(1000);
        assertThat(d.get(k(500))).isEqualTo(500);
        for (int i = 0; i < 990; i++) assertThat(d.remove(k(i))).isNotNull();
        assertThat(d.size()).isEqualTo(10);
        assertThat(d.get(k(995))).isEqualTo(995);
        assertThat(d.get(k(5))).isNull();
        assertThat(d.buckets()).isLessThan(1024);
    }

    /** Redis's SCAN guarantee: keys present for the whole iteration are returned, even across resizes. */
    @Test
    void scanReturnsStableKeysAcrossGrowthAndShrink() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 500; i++) d.put(k(i), i);
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = d.scan(cursor, e -> seen.add(new String(e.key, StandardCharsets.US_ASCII)));
            step++;
            if (step == 20) for (int i = 500; i < 3000; i++) d.put(k(i), i); // grow
            if (step == 60) for (int i = 100; i < 3000; i++) d.remove(k(i)); // shrink
        } while (cursor != 0);
        for (int i = 0; i < 100; i++) assertThat(seen).contains("key:" + i);
    }

    @Test
    void randomEntryCoversTheTable() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 10; i++) d.put(k(i), i);
        SplittableRandom r = new SplittableRandom(1);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) seen.add(d.randomEntry(r).value);
        assertThat(seen).hasSize(10);
    }
}
