package dev.emredis.internal.rdb;

import dev.emredis.internal.keyspace.RedisStream;
import dev.emredis.internal.keyspace.StreamGroup;
import dev.emredis.internal.keyspace.StreamID;
import dev.emredis.internal.keyspace.StreamNode;
import dev.emredis.internal.util.Num;
import java.util.List;
import java.util.Map;

/**
 * Streams in RDB_TYPE_STREAM_LISTPACKS_2: the radix tree's nodes (16-byte master ID key and the
 * node's listpack), length, last/first/max-deleted IDs, entries added, then the consumer groups
 * with their last ID, entries read, global PEL (raw 16-byte IDs, delivery time, count) and
 * consumers (name, seen time, the IDs they own). A node's listpack holds the master entry
 * (count, deleted, field count, field names, 0) then each entry: flags, ID deltas from the master
 * ID, field count and names unless SAMEFIELDS, values, and the entry's element count.
 */
final class StreamRdb {
    private static final int FLAG_DELETED = 1;
    private static final int FLAG_SAMEFIELDS = 2;

    private StreamRdb() {}

    static void write(RdbOut out, RedisStream s) {
        int nodes = 0;
        for (StreamNode ignored : s.nodes()) nodes++;
        out.len(nodes);
        for (StreamNode n : s.nodes()) {
            out.string(n.master.raxKey());
            out.string(listpack(n));
        }
        out.len(s.length);
        out.len(s.lastId.ms);
        out.len(s.lastId.seq);
        out.len(s.firstId.ms);
        out.len(s.firstId.seq);
        out.len(s.maxDeletedId.ms);
        out.len(s.maxDeletedId.seq);
        out.len(s.entriesAdded);
        out.len(s.groups == null ? 0 : s.groups.size());
        if (s.groups == null) return;
        for (StreamGroup g : s.groups.values()) {
            out.string(g.name);
            out.len(g.lastId.ms);
            out.len(g.lastId.seq);
            out.len(g.entriesRead);
            out.len(g.pel.size());
            for (Map.Entry<StreamID, StreamGroup.Nack> e : g.pel.entrySet()) {
                out.raw(e.getKey().raxKey());
                out.millis(e.getValue().deliveryTime);
                out.len(e.getValue().deliveryCount);
            }
            out.len(g.consumers.size());
            for (StreamGroup.Consumer c : g.consumers.values()) {
                out.string(c.name);
                out.millis(c.seenTime);
                out.len(c.pel.size());
                for (StreamID id : c.pel.keySet()) out.raw(id.raxKey());
            }
        }
    }

    /** The node's listpack exactly as Redis lays it out. */
    static byte[] listpack(StreamNode n) {
        Listpack.Builder lp = new Listpack.Builder();
        lp.add(n.live());
        lp.add(n.deletedCount());
        byte[][] master = n.masterFields();
        lp.add(master.length);
        for (byte[] f : master) lp.add(f);
        lp.add(0);
        for (StreamNode.Entry e : n.entries()) {
            int flags = (e.deleted() ? FLAG_DELETED : 0) | (e.sameFields() ? FLAG_SAMEFIELDS : 0);
            lp.add(flags);
            lp.add(e.id.ms - n.master.ms);
            lp.add(e.id.seq - n.master.seq);
            int count = e.values.length;
            if (!e.sameFields()) {
                byte[][] fields = n.fieldsOf(e);
                lp.add(count);
                for (int i = 0; i < count; i++) {
                    lp.add(fields[i]);
                    lp.add(e.values[i]);
                }
                lp.add(2L * count + 4);
            } else {
                for (byte[] v : e.values) lp.add(v);
                lp.add(count + 3L);
            }
        }
        return lp.build();
    }

    static RedisStream read(int type, RdbIn in) {
        RedisStream s = new RedisStream();
        int nodes = in.count();
        StreamID prevMaster = null;
        StreamID lastEntry = null;
        for (int i = 0; i < nodes; i++) {
            byte[] key = in.string();
            if (key.length != 16) throw RdbIn.bad("Stream node key entry is not the size of a stream ID");
            StreamID master = fromRaw(key);
            if (prevMaster != null && master.compareTo(prevMaster) <= 0) throw RdbIn.bad("Listpack re-added with existing key");
            prevMaster = master;
            StreamNode node = node(master, Listpack.decode(in.string()));
            // entries must ascend across nodes too: the emulator's range and append logic rely on it
            StreamID first = node.entries().get(0).id;
            if (lastEntry != null && first.compareTo(lastEntry) <= 0) throw RdbIn.bad("stream nodes overlap");
            lastEntry = node.entries().get(node.entries().size() - 1).id;
            s.restoreNode(node);
        }
        s.length = in.len();
        s.lastId = new StreamID(in.len(), in.len());
        // a last ID below an existing entry would let XADD * go backwards
        if (lastEntry != null && s.lastId.compareTo(lastEntry) < 0) throw RdbIn.bad("stream last ID below its entries");
        if (type == RdbTypes.STREAM_LISTPACKS_2) {
            s.firstId = new StreamID(in.len(), in.len());
            s.maxDeletedId = new StreamID(in.len(), in.len());
            s.entriesAdded = in.len();
        } else {
            // an older stream: offsets start from its length; first ID from the nodes
            s.maxDeletedId = StreamID.MIN;
            s.entriesAdded = s.length;
            s.firstId = firstLive(s);
        }
        long live = 0;
        for (StreamNode n : s.nodes()) live += n.live();
        if (live != s.length) throw RdbIn.bad("Stream length inconsistent with rax entries");
        int groups = in.count();
        for (int gi = 0; gi < groups; gi++) {
            byte[] name = in.string();
            StreamID last = new StreamID(in.len(), in.len());
            long entriesRead = type == RdbTypes.STREAM_LISTPACKS_2 ? in.len() : s.estimateDistanceFromFirstEverEntry(last);
            StreamGroup g = s.createGroup(name, last, entriesRead);
            if (g == null) throw RdbIn.bad("Duplicated consumer group name");
            int pel = in.count();
            for (int i = 0; i < pel; i++) {
                StreamID id = fromRaw(in.raw(16));
                long time = in.millis();
                long count = in.len();
                if (g.pel.put(id, new StreamGroup.Nack(time, count, null)) != null) throw RdbIn.bad("Duplicated global PEL entry");
            }
            int consumers = in.count();
            for (int ci = 0; ci < consumers; ci++) {
                byte[] cname = in.string();
                if (g.consumers.containsKey(cname)) throw RdbIn.bad("Duplicate stream consumer detected.");
                StreamGroup.Consumer c = new StreamGroup.Consumer(cname, in.millis());
                g.consumers.put(c.name, c);
                int owned = in.count();
                for (int i = 0; i < owned; i++) {
                    StreamID id = fromRaw(in.raw(16));
                    StreamGroup.Nack nack = g.pel.get(id);
                    if (nack == null) throw RdbIn.bad("Consumer entry not found in group global PEL");
                    if (nack.consumer != null) throw RdbIn.bad("Duplicated consumer PEL entry");
                    nack.consumer = c;
                    c.pel.put(id, nack);
                }
            }
            // every pending entry must have an owner (deep sanitization; the emulator relies on it)
            for (StreamGroup.Nack n : g.pel.values()) if (n.consumer == null) throw RdbIn.bad("Stream CG PEL entry without consumer");
        }
        return s;
    }

    private static StreamID firstLive(RedisStream s) {
        for (StreamNode n : s.nodes()) {
            for (StreamNode.Entry e : n.entries()) if (!e.deleted()) return e.id;
        }
        return StreamID.MIN;
    }

    static StreamID fromRaw(byte[] k) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (k[i] & 0xff);
            seq = (seq << 8) | (k[8 + i] & 0xff);
        }
        return new StreamID(ms, seq);
    }

    /** Reads one node's listpack, with streamValidateListpackIntegrity's deep checks. */
    private static StreamNode node(StreamID master, List<byte[]> lp) {
        Cursor c = new Cursor(lp);
        if (lp.isEmpty()) throw RdbIn.bad("Empty listpack inside stream");
        long count = c.integer();
        long deleted = c.integer();
        long nf = c.integer();
        if (count < 0 || deleted < 0 || nf < 0 || nf > lp.size()) throw RdbIn.bad("stream master entry");
        byte[][] masterFields = new byte[(int) nf][];
        for (int i = 0; i < nf; i++) masterFields[i] = c.next();
        if (c.integer() != 0) throw RdbIn.bad("stream master terminator");
        StreamNode node = StreamNode.restored(master, masterFields);
        long total = count + deleted;
        StreamID prev = null;
        for (long k = 0; k < total; k++) {
            long flags = c.integer();
            StreamID id = new StreamID(master.ms + c.integer(), master.seq + c.integer());
            if (prev != null && id.compareTo(prev) <= 0) throw RdbIn.bad("stream entries out of order");
            if (id.compareTo(master) < 0) throw RdbIn.bad("stream entry before its master ID");
            prev = id;
            byte[][] fields = null;
            long n = nf;
            long extra = 3;
            if ((flags & FLAG_SAMEFIELDS) == 0) {
                n = c.integer();
                if (n < 0 || n > lp.size()) throw RdbIn.bad("stream entry fields");
                fields = new byte[(int) n][];
                extra += n + 1;
            }
            byte[][] values = new byte[(int) n][];
            for (int i = 0; i < n; i++) {
                if (fields != null) fields[i] = c.next();
                values[i] = c.next();
            }
            if (c.integer() != n + extra) throw RdbIn.bad("stream lp-count");
            node.restoreEntry(id, fields, values, (flags & FLAG_DELETED) != 0);
        }
        if (c.hasNext()) throw RdbIn.bad("stream listpack trailing entries");
        if (node.live() != count || node.deletedCount() != deleted) throw RdbIn.bad("stream node counters");
        if (count == 0) throw RdbIn.bad("stream node without live entries");
        return node;
    }

    private static final class Cursor {
        private final List<byte[]> items;
        private int i;

        Cursor(List<byte[]> items) {
            this.items = items;
        }

        boolean hasNext() {
            return i < items.size();
        }

        byte[] next() {
            if (i >= items.size()) throw RdbIn.bad("stream listpack too short");
            return items.get(i++);
        }

        long integer() {
            Long v = Num.parseLong(next());
            if (v == null) throw RdbIn.bad("stream listpack integer expected");
            return v;
        }
    }
}
