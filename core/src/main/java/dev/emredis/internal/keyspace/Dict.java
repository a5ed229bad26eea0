package dev.emredis.internal.keyspace;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A chained hash table keyed by byte arrays, shaped like Redis's dict so that the observable
 * contracts match: SCAN with a reverse-binary cursor (every element present for the whole
 * iteration is returned at least once, across resizes) and cheap random sampling (RANDOMKEY,
 * active expiry, eviction). Not thread safe: owned by the event loop.
 */
public final class Dict<V> {
    /** One key/value pair; {@code aux} is free for the owner (the keyspace keeps expire times there). */
    public static final class Entry<V> {
        public final byte[] key;
        final int hash;
        public V value;
        public long aux;
        /** When the key was added (a value overwrite keeps it): Redis 7.0's slot-to-keys list order. */
        public long seq;
        Entry<V> next;

        Entry(byte[] key, int hash, V value) {
            this.key = key;
            this.hash = hash;
            this.value = value;
        }
    }

    private static final int MIN_SIZE = 4;

    private Entry<V>[] table;
    private int size;
    private long nextSeq;

    @SuppressWarnings("unchecked")
    public Dict() {
        table = (Entry<V>[]) new Entry[MIN_SIZE];
    }

    public static int hash(byte[] k) {
        int h = 1;
        for (byte b : k) h = 31 * h + b;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Number of buckets, as Redis reports in INFO keyspace-like statistics. */
    public int buckets() {
        return table.length;
    }

    public Entry<V> getEntry(byte[] key) {
        int h = hash(key);
        for (Entry<V> e = table[h & (table.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) return e;
        }
        return null;
    }

    public V get(byte[] key) {
        Entry<V> e = getEntry(key);
        return e == null ? null : e.value;
    }

    public boolean containsKey(byte[] key) {
        return getEntry(key) != null;
    }

    /** Inserts or replaces; returns the entry (aux kept on replace). */
    /** The value the last {@link #put} replaced, or null when it added a new key. */
    private V replaced;

    public V replaced() {
        return replaced;
    }

    public Entry<V> put(byte[] key, V value) {
        int h = hash(key);
        int idx = h & (table.length - 1);
        for (Entry<V> e = table[idx]; e != null; e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) {
                replaced = e.value;
                e.value = value;
                return e;
            }
        }
        replaced = null;
        Entry<V> e = new Entry<>(key, h, value);
        e.seq = nextSeq++;
        e.next = table[idx];
        table[idx] = e;
        size++;
        if (size > table.length) resize(table.length * 2);
        return e;
    }

    public Entry<V> remove(byte[] key) {
        int h = hash(key);
        int idx = h & (table.length - 1);
        Entry<V> prev = null;
        for (Entry<V> e = table[idx]; e != null; prev = e, e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) {
                if (prev == null) table[idx] = e.next;
                else prev.next = e.next;
                size--;
                if (table.length > MIN_SIZE && size * 10 < table.length) resize(Math.max(MIN_SIZE, Integer.highestOneBit(Math.max(size, 1)) * 2));
                return e;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public void clear() {
        table = (Entry<V>[]) new Entry[MIN_SIZE];
        size = 0;
    }

    @SuppressWarnings("unchecked")
    private void resize(int newSize) {
        Entry<V>[] old = table;
        Entry<V>[] nt = (Entry<V>[]) new Entry[newSize];
        int mask = newSize - 1;
        for (Entry<V> head : old) {
            for (Entry<V> e = head; e != null; ) {
                Entry<V> next = e.next;
                int i = e.hash & mask;
                e.next = nt[i];
                nt[i] = e;
                e = next;
            }
        }
        table = nt;
    }

    public void forEach(BiConsumer<byte[], V> f) {
        for (Entry<V> head : table) {
            for (Entry<V> e = head; e != null; e = e.next) f.accept(e.key, e.value);
        }
    }

    /** Visits entries; safe for the visitor to read but not to modify the dict. */
    public void forEachEntry(java.util.function.Consumer<Entry<V>> f) {
        for (Entry<V> head : table) {
            for (Entry<V> e = head; e != null; e = e.next) f.accept(e);
        }
    }

    /** A snapshot of all keys (for KEYS and whole-db operations that modify while iterating). */
    public java.util.List<byte[]> keys() {
        java.util.List<byte[]> out = new java.util.ArrayList<>(size);
        for (Entry<V> head : table) {
            for (Entry<V> e = head; e != null; e = e.next) out.add(e.key);
        }
        return out;
    }

    /**
     * One SCAN step in Redis's reverse-binary order: visits the bucket at {@code cursor} and returns
     * the next cursor (0 when the iteration is complete).
     */
    public long scan(long cursor, java.util.function.Consumer<Entry<V>> f) {
        if (size == 0) return 0;
        long mask = table.length - 1;
        for (Entry<V> e = table[(int) (cursor & mask)]; e != null; e = e.next) f.accept(e);
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        v = Long.reverse(v);
        return v;
    }

    /** A random entry (Redis's dictGetFairRandomKey spirit), or null if empty. */
    public Entry<V> randomEntry(java.util.random.RandomGenerator rnd) {
        if (size == 0) return null;
        Entry<V> head;
        do {
            head = table[rnd.nextInt(table.length)];
        } while (head == null);
        int len = 0;
        for (Entry<V> e = head; e != null; e = e.next) len++;
        int pick = rnd.nextInt(len);
        Entry<V> e = head;
        while (pick-- > 0) e = e.next;
        return e;
    }
}
