package dev.emredis.internal.keyspace;

import java.util.Arrays;

/**
 * A list value: a growable ring buffer with O(1) push/pop at both ends and O(1) index access.
 * Redis 7.0 always reports lists as {@code quicklist}.
 */
public final class RedisList extends RedisObject {
    private byte[][] items = new byte[8][];
    private int head;
    private int size;
    /**
     * Element counts of the quicklist nodes a RESTORE payload brought (Redis keeps a loaded list's
     * nodes as they were); dropped at the first change, after which the layout is computed.
     * A plain node (one element stored outside a listpack) is recorded as -1.
     */
    private int[] loadedNodes;

    /** Keeps the node layout of a restored list (counts summing to its size, -1 for a plain node). */
    public void loadedLayout(int[] nodeCounts) {
        this.loadedNodes = nodeCounts;
    }

    /** True if node {@code i} of a restored, unchanged list is a plain node. */
    public boolean loadedPlain(int i) {
        return loadedNodes != null && loadedNodes[i] < 0;
    }

    public int size() {
        return size;
    }

    public byte[] get(int index) {
        return items[(head + index) & (items.length - 1)];
    }

    public void addFirst(byte[] v) {
        loadedNodes = null;
        grow();
        head = (head - 1) & (items.length - 1);
        items[head] = v;
        size++;
    }

    public void addLast(byte[] v) {
        loadedNodes = null;
        grow();
        items[(head + size) & (items.length - 1)] = v;
        size++;
    }

    public byte[] removeFirst() {
        loadedNodes = null;
        byte[] v = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return v;
    }

    public byte[] removeLast() {
        loadedNodes = null;
        int i = (head + size - 1) & (items.length - 1);
        byte[] v = items[i];
        items[i] = null;
        size--;
        return v;
    }

    /** Replaces the element at index. */
    public void set(int index, byte[] v) {
        loadedNodes = null;
        items[(head + index) & (items.length - 1)] = v;
    }

    /** Inserts v so that it ends up at position index (0..size). */
    public void insert(int index, byte[] v) {
        loadedNodes = null;
        if (index == 0) {
            addFirst(v);
            return;
        }
        if (index == size) {
            addLast(v);
            return;
        }
        grow();
        compact();
        System.arraycopy(items, index, items, index + 1, size - index);
        items[index] = v;
        size++;
    }

    /** Removes n elements starting at index. */
    public void removeRange(int index, int n) {
        loadedNodes = null;
        if (n <= 0) return;
        compact();
        System.arraycopy(items, index + n, items, index, size - index - n);
        java.util.Arrays.fill(items, size - n, size, null);
        size -= n;
    }

    /** Moves the elements to the start of the array (head 0), for in-place middle edits. */
    private void compact() {
        if (head == 0) return;
        byte[][] n = new byte[items.length][];
        for (int i = 0; i < size; i++) n[i] = get(i);
        items = n;
        head = 0;
    }

    private void grow() {
        if (size < items.length) return;
        byte[][] n = new byte[items.length * 2][];
        for (int i = 0; i < size; i++) n[i] = get(i);
        items = n;
        head = 0;
    }

    @Override
    public String type() {
        return "list";
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    /**
     * Element counts of the quicklist nodes Redis would hold for this list had it been built by
     * tail pushes: a node takes another element while its listpack stays within the fill limit
     * ({@code list-max-listpack-size}: negative is a byte budget of 4 KB..64 KB, positive a count
     * capped by the 8 KB safety limit); elements of 1 GB or more get a plain node of their own.
     */
    public java.util.List<Integer> quicklistNodeCounts(long fill) {
        java.util.List<Integer> nodes = new java.util.ArrayList<>();
        if (loadedNodes != null) {
            for (int n : loadedNodes) nodes.add(Math.abs(n));
            return nodes;
        }
        long nodeBytes = 0;
        int count = 0;
        for (int i = 0; i < size; i++) {
            byte[] v = get(i);
            boolean fits = count > 0 && v.length < (1L << 30) && allowInsert(nodeBytes, count, v.length, fill);
            if (!fits) {
                if (count > 0) nodes.add(count);
                nodeBytes = MemorySizes.LP_OVERHEAD;
                count = 0;
            }
            nodeBytes += MemorySizes.listpackEntry(v);
            count++;
        }
        if (count > 0) nodes.add(count);
        return nodes;
    }

    /** Total listpack bytes of the quicklist nodes (DEBUG OBJECT's ql_uncompressed_size). */
    public long quicklistBytes(long fill) {
        long bytes = 0;
        for (int n : quicklistNodeCounts(fill)) bytes += MemorySizes.LP_OVERHEAD;
        for (int i = 0; i < size; i++) bytes += MemorySizes.listpackEntry(get(i));
        return bytes;
    }

    private static final long[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};

    /** quicklist's _quicklistNodeAllowInsert (8 bytes of estimated entry overhead). */
    private static boolean allowInsert(long nodeBytes, int count, long sz, long fill) {
        long newSz = nodeBytes + sz + 8;
        if (fill < 0) {
            long offset = -fill - 1;
            if (offset < OPTIMIZATION_LEVEL.length && newSz <= OPTIMIZATION_LEVEL[(int) offset]) return true;
        }
        if (newSz > 8192) return false;
        return count < fill;
    }

    /** objectComputeSize for a quicklist: robj, quicklist header, and per node its struct and listpack. */
    public long memoryUsageFor(long samples, long fill) {
        java.util.List<Integer> nodes = quicklistNodeCounts(fill);
        long size = 16 + 48; // robj + the quicklist header as Redis 7.0.15 counts them
        if (nodes.isEmpty()) return size;
        long eleSize = 0;
        int seen = 0;
        int at = 0;
        for (int n : nodes) {
            if (seen >= Math.max(1, samples)) break;
            long bytes = MemorySizes.LP_OVERHEAD;
            for (int i = at; i < at + n; i++) bytes += MemorySizes.listpackEntry(get(i));
            at += n;
            eleSize += 32 + MemorySizes.jemalloc(bytes);
            seen++;
        }
        return size + (long) ((double) eleSize / seen * nodes.size());
    }

    @Override
    public long memoryUsage(long samples) {
        return memoryUsageFor(samples, -2);
    }

    @Override
    public RedisObject copy() {
        RedisList l = new RedisList();
        l.items = Arrays.copyOf(items, items.length);
        l.head = head;
        l.size = size;
        l.loadedNodes = loadedNodes; // COPY duplicates the nodes as they are
        return l;
    }
}
