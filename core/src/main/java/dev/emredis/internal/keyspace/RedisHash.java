package dev.emredis.internal.keyspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A hash value. Small hashes are "listpack" encoded like Redis: fields in insertion order
 * (HGETALL, HKEYS, HSCAN replies follow it), updates in place, deletions close the gap. Past
 * {@code hash-max-listpack-entries} fields or with a field or value longer than
 * {@code hash-max-listpack-value} bytes the hash becomes a "hashtable" (a {@link Dict}, so HSCAN
 * has the reverse-binary cursor guarantee) and never goes back.
 */
public final class RedisHash extends RedisObject {
    /** Listpack encoding: field, value, field, value... in order. Null once converted. */
    private ArrayList<byte[]> lp;
    /** Hashtable encoding. */
    private Dict<byte[]> ht;

    public RedisHash() {
        lp = new ArrayList<>();
    }

    @Override
    public String type() {
        return "hash";
    }

    @Override
    public String encoding() {
        return lp != null ? "listpack" : "hashtable";
    }

    public boolean isListpack() {
        return lp != null;
    }

    public int size() {
        return lp != null ? lp.size() / 2 : ht.size();
    }

    /** The dict of a hashtable-encoded hash (null while listpack). */
    public Dict<byte[]> dict() {
        return ht;
    }

    private int indexOf(byte[] field) {
        for (int i = 0; i < lp.size(); i += 2) {
            if (Arrays.equals(lp.get(i), field)) return i;
        }
        return -1;
    }

    public byte[] get(byte[] field) {
        if (lp != null) {
            int i = indexOf(field);
            return i < 0 ? null : lp.get(i + 1);
        }
        return ht.get(field);
    }

    public boolean contains(byte[] field) {
        return get(field) != null;
    }

    /** hashTypeTryConversion: any argument longer than the value limit converts before writing. */
    public void tryConversion(byte[][] argv, int start, int end, long maxValue) {
        if (lp == null) return;
        for (int i = start; i <= end; i++) {
            if (argv[i].length > maxValue) {
                convert();
                return;
            }
        }
    }

    /**
     * hashTypeSet: sets a field, converting first if the field or value is too long for a listpack
     * and after if there are too many fields. Returns true if the field is new.
     */
    public boolean set(byte[] field, byte[] value, long maxEntries, long maxValue) {
        if (lp != null && (field.length > maxValue || value.length > maxValue)) convert();
        if (lp != null) {
            int i = indexOf(field);
            if (i >= 0) {
                lp.set(i + 1, value);
                return false;
            }
            lp.add(field);
            lp.add(value);
            if (lp.size() / 2 > maxEntries) convert();
            return true;
        }
        Dict.Entry<byte[]> e = ht.getEntry(field);
        if (e != null) {
            e.value = value;
            return false;
        }
        ht.put(field, value);
        return true;
    }

    public boolean delete(byte[] field) {
        if (lp != null) {
            int i = indexOf(field);
            if (i < 0) return false;
            lp.remove(i + 1);
            lp.remove(i);
            return true;
        }
        return ht.remove(field) != null;
    }

    /** listpack to hashtable, one way. */
    public void convert() {
        if (lp == null) return;
        Dict<byte[]> d = new Dict<>();
        for (int i = 0; i < lp.size(); i += 2) d.put(lp.get(i), lp.get(i + 1));
        ht = d;
        lp = null;
    }

    /** Visits field/value pairs: insertion order for listpack, table order for hashtable. */
    public void forEach(BiConsumer<byte[], byte[]> f) {
        if (lp != null) {
            for (int i = 0; i < lp.size(); i += 2) f.accept(lp.get(i), lp.get(i + 1));
        } else {
            ht.forEach(f);
        }
    }

    /** Field at position i of a listpack-encoded hash. */
    public byte[] fieldAt(int i) {
        return lp.get(2 * i);
    }

    public byte[] valueAt(int i) {
        return lp.get(2 * i + 1);
    }

    /** A uniformly random pair {field, value}. */
    public byte[][] randomPair(java.util.random.RandomGenerator rnd) {
        if (lp != null) {
            int i = rnd.nextInt(size());
            return new byte[][] {fieldAt(i), valueAt(i)};
        }
        Dict.Entry<byte[]> e = ht.randomEntry(rnd);
        return new byte[][] {e.key, e.value};
    }

    @Override
    public long memoryUsage(long samples) {
        if (lp != null) {
            long bytes = MemorySizes.LP_OVERHEAD;
            for (byte[] b : lp) bytes += MemorySizes.listpackEntry(b);
            return 16 + MemorySizes.jemalloc(bytes);
        }
        long size = 16 + MemorySizes.DICT + 8L * ht.buckets();
        if (ht.isEmpty()) return size;
        long[] acc = new long[2];
        long limit = samples;
        ht.forEachEntry(e -> {
            if (acc[1] >= limit) return;
            acc[0] += MemorySizes.DICT_ENTRY + MemorySizes.sds(e.key.length) + MemorySizes.sds(e.value.length);
            acc[1]++;
        });
        return size + (long) ((double) acc[0] / acc[1] * ht.size());
    }

    @Override
    public RedisObject copy() {
        RedisHash h = new RedisHash();
        if (lp != null) {
            h.lp = new ArrayList<>(lp);
        } else {
            h.lp = null;
            h.ht = new Dict<>();
            ht.forEach(h.ht::put);
        }
        return h;
    }
}
