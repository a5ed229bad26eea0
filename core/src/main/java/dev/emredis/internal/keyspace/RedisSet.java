package dev.emredis.internal.keyspace;

import dev.emredis.internal.util.Num;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A set value. Like Redis 7.0 a set of integers is an "intset" (sorted 64-bit values, so members
 * come back in numeric order) until it holds more than {@code set-max-intset-entries} members or
 * a member that is not a canonical integer; then it is a "hashtable" ({@link Dict}) for good.
 */
public final class RedisSet extends RedisObject {
    /** Redis caps the intset limit at 2^30 entries. */
    private static final long INTSET_HARD_LIMIT = 1L << 30;

    /** Intset encoding: sorted values in ints[0..n). Null once converted. */
    private long[] ints;
    private int n;
    /** Intset element width in bytes (2, 4, 8): upgraded as needed, never downgraded. */
    private int width = 2;
    /** Hashtable encoding. */
    private Dict<Boolean> ht;

    private RedisSet(boolean intset) {
        if (intset) ints = new long[4];
        else ht = new Dict<>();
    }

    /** setTypeCreate: an intset if the first member is an integer, else a hashtable. */
    public static RedisSet createFor(byte[] firstMember) {
        return new RedisSet(asLong(firstMember) != null);
    }

    /** An empty intset (the STORE variants and SUNION/SDIFF build their result in one). */
    public static RedisSet newIntset() {
        return new RedisSet(true);
    }

    private static Long asLong(byte[] b) {
        return b.length <= 20 ? Num.parseLong(b) : null;
    }

    @Override
    public String type() {
        return "set";
    }

    @Override
    public String encoding() {
        return ints != null ? "intset" : "hashtable";
    }

    public boolean isIntset() {
        return ints != null;
    }

    public int size() {
        return ints != null ? n : ht.size();
    }

    public Dict<Boolean> dict() {
        return ht;
    }

    private int find(long v) {
        return Arrays.binarySearch(ints, 0, n, v);
    }

    private static int widthOf(long v) {
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) return 2;
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return 4;
        return 8;
    }

    /** setTypeAdd; returns true if the member is new. */
    public boolean add(byte[] member, long maxIntsetEntries) {
        if (ints != null) {
            Long v = asLong(member);
            if (v == null) {
                convert();
                ht.put(member, Boolean.TRUE);
                return true;
            }
            int i = find(v);
            if (i >= 0) return false;
            i = -i - 1;
            if (n == ints.length) ints = Arrays.copyOf(ints, n * 2);
            System.arraycopy(ints, i, ints, i + 1, n - i);
            ints[i] = v;
            n++;
            width = Math.max(width, widthOf(v));
            if (n > Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) convert();
            return true;
        }
        if (ht.containsKey(member)) return false;
        ht.put(member, Boolean.TRUE);
        return true;
    }

    public boolean remove(byte[] member) {
        if (ints != null) {
            Long v = asLong(member);
            if (v == null) return false;
            int i = find(v);
            if (i < 0) return false;
            System.arraycopy(ints, i + 1, ints, i, n - i - 1);
            n--;
            return true;
        }
        return ht.remove(member) != null;
    }

    public boolean contains(byte[] member) {
        if (ints != null) {
            Long v = asLong(member);
            return v != null && find(v) >= 0;
        }
        return ht.containsKey(member);
    }

    /** The sorted values of an intset-encoded set (DUMP writes them as an intset blob). */
    public long[] intsetValues() {
        return Arrays.copyOf(ints, n);
    }

    /** The intset's element width in bytes (2, 4 or 8): never shrinks, as in Redis. */
    public int intsetWidth() {
        return width;
    }

    /** An intset-encoded set holding {@code sorted} (ascending, distinct) at the given width (RESTORE). */
    public static RedisSet fromIntset(long[] sorted, int width) {
        RedisSet s = new RedisSet(true);
        s.ints = Arrays.copyOf(sorted, Math.max(4, sorted.length));
        s.n = sorted.length;
        s.width = width;
        return s;
    }

    /** intset to hashtable, one way. */
    public void convert() {
        if (ints == null) return;
        Dict<Boolean> d = new Dict<>();
        for (int i = 0; i < n; i++) d.put(Num.bytes(ints[i]), Boolean.TRUE);
        ht = d;
        ints = null;
        n = 0;
    }

    /** A uniformly random member. */
    public byte[] random(java.util.random.RandomGenerator rnd) {
        if (ints != null) return Num.bytes(ints[rnd.nextInt(n)]);
        return ht.randomEntry(rnd).key;
    }

    /** Visits members: numeric order for intset, table order for hashtable. */
    public void forEach(Consumer<byte[]> f) {
        if (ints != null) {
            for (int i = 0; i < n; i++) f.accept(Num.bytes(ints[i]));
        } else {
            ht.forEachEntry(e -> f.accept(e.key));
        }
    }

    /** A snapshot of the members in iteration order. */
    public java.util.List<byte[]> members() {
        java.util.List<byte[]> out = new java.util.ArrayList<>(size());
        forEach(out::add);
        return out;
    }

    @Override
    public long memoryUsage(long samples) {
        if (ints != null) return 16 + MemorySizes.jemalloc(8 + (long) n * width);
        long size = 16 + MemorySizes.DICT + 8L * ht.buckets();
        if (ht.isEmpty()) return size;
        long[] acc = new long[2];
        long limit = samples;
        ht.forEachEntry(e -> {
            if (acc[1] >= limit) return;
            acc[0] += MemorySizes.DICT_ENTRY + MemorySizes.sds(e.key.length);
            acc[1]++;
        });
        return size + (long) ((double) acc[0] / acc[1] * ht.size());
    }

    @Override
    public RedisObject copy() {
        RedisSet s = new RedisSet(ints != null);
        if (ints != null) {
            s.ints = Arrays.copyOf(ints, Math.max(4, n));
            s.n = n;
            s.width = width;
        } else {
            ht.forEachEntry(e -> s.ht.put(e.key, Boolean.TRUE));
        }
        return s;
    }
}
