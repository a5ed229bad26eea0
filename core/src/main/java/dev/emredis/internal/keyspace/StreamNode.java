package dev.emredis.internal.keyspace;

import dev.emredis.internal.rdb.Listpack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node of a stream's radix tree: what Redis keeps in one listpack. The master entry (the
 * fields of the first entry added), then entries in ID order, some flagged deleted. The listpack's
 * byte size is tracked exactly as Redis's encoding would make it, since XADD opens a new node once
 * {@code stream-node-max-bytes} would be reached, and that decides what approximate trimming removes.
 */
public final class StreamNode {
    /** The master ID: the node's key in the radix tree (the ID of its first entry). */
    public final StreamID master;
    final byte[][] masterFields;
    final List<Entry> entries = new ArrayList<>();
    /** Valid (not deleted) entries; Redis's "count" header. */
    int live;
    /** Entries flagged deleted; Redis's "deleted" header. */
    int deleted;
    /** Bytes of everything but the two counters: header, master fields, terminators, entries. */
    long fixedBytes;
    /** The listpack's allocation (MEMORY USAGE): preallocated, grown on demand, shrunk when full. */
    long allocated;

    /** One entry of the listpack. */
    public static final class Entry {
        public final StreamID id;
        /** Field names, or null when they are the master's (SAMEFIELDS flag). */
        final byte[][] fields;
        public final byte[][] values;
        boolean deleted;

        Entry(StreamID id, byte[][] fields, byte[][] values) {
            this.id = id;
            this.fields = fields;
            this.values = values;
        }

        public boolean deleted() {
            return deleted;
        }

        /** True when the entry's field names are the master entry's (Redis's SAMEFIELDS flag). */
        public boolean sameFields() {
            return fields == null;
        }
    }

    StreamNode(StreamID master, byte[][] masterFields) {
        this.master = master;
        this.masterFields = masterFields;
        long b = 7 + Listpack.intEntrySize(masterFields.length) + Listpack.intEntrySize(0);
        for (byte[] f : masterFields) b += Listpack.stringEntrySize(f);
        this.fixedBytes = b;
    }

    /** lpBytes of this node's listpack. */
    public long bytes() {
        return fixedBytes + Listpack.intEntrySize(live) + Listpack.intEntrySize(deleted);
    }

    public int live() {
        return live;
    }

    public int deletedCount() {
        return deleted;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The master entry's field names. */
    public byte[][] masterFields() {
        return masterFields;
    }

    /** An empty node for RESTORE, to be filled with {@link #restoreEntry} in ID order. */
    public static StreamNode restored(StreamID master, byte[][] masterFields) {
        return new StreamNode(master, masterFields);
    }

    /**
     * Appends an entry read from a DUMP payload as it was stored: field names null when the
     * SAMEFIELDS flag was set, possibly flagged deleted.
     */
    public void restoreEntry(StreamID id, byte[][] fields, byte[][] values, boolean deleted) {
        Entry e = new Entry(id, fields, values);
        e.deleted = deleted;
        entries.add(e);
        if (deleted) this.deleted++;
        else live++;
        fixedBytes += entryBytes(e);
        allocated = jemalloc(bytes());
    }

    /** The field names of an entry. */
    public byte[][] fieldsOf(Entry e) {
        return e.fields == null ? masterFields : e.fields;
    }

    /** Appends an entry (its ID greater than every ID here), compressing its fields if they are the master's. */
    void append(StreamID id, byte[][] fields, byte[][] values) {
        boolean same = fields.length == masterFields.length;
        for (int i = 0; same && i < fields.length; i++) same = Arrays.equals(fields[i], masterFields[i]);
        Entry e = new Entry(id, same ? null : fields, values);
        entries.add(e);
        live++;
        fixedBytes += entryBytes(e);
        long b = bytes();
        if (b > allocated) allocated = jemalloc(b);
    }

    /** lpShrinkToFit, when the node stops being the tail. */
    void shrink() {
        long b = bytes();
        if (allocated > b) allocated = jemalloc(b);
    }

    static long jemalloc(long n) {
        return MemorySizes.jemalloc(n);
    }

    private long entryBytes(Entry e) {
        int n = e.values.length;
        long b = 2 /* flags */ + Listpack.intEntrySize(e.id.ms - master.ms) + Listpack.intEntrySize(e.id.seq - master.seq);
        long lpCount = n + 3;
        if (e.fields != null) {
            b += Listpack.intEntrySize(n);
            for (byte[] f : e.fields) b += Listpack.stringEntrySize(f);
            lpCount += n + 1;
        }
        for (byte[] v : e.values) b += Listpack.stringEntrySize(v);
        return b + Listpack.intEntrySize(lpCount);
    }

    /** Index of the entry with this ID (deleted or not), or -(insertion point) - 1. */
    int indexOf(StreamID id) {
        int lo = 0;
        int hi = entries.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = entries.get(mid).id.compareTo(id);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    /** The last entry's ID, tombstones included (lpGetEdgeStreamID). */
    StreamID lastId() {
        return entries.get(entries.size() - 1).id;
    }

    StreamNode copy() {
        StreamNode n = new StreamNode(master, masterFields);
        for (Entry e : entries) {
            Entry c = new Entry(e.id, e.fields, e.values);
            c.deleted = e.deleted;
            n.entries.add(c);
        }
        n.live = live;
        n.deleted = deleted;
        n.fixedBytes = fixedBytes;
        n.allocated = jemalloc(bytes());
        return n;
    }
}
