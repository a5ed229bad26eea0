package dev.emredis.internal.keyspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Redis stream, modelled as Redis 7.0 stores it: a radix tree of listpack nodes ({@link
 * StreamNode}) keyed by master ID, whose shape ({@link RaxShape}) and node sizes follow Redis's so
 * that node boundaries, approximate trimming and XINFO's counters come out the same. Plus the
 * stream's metadata (last generated ID, first entry, max deleted ID, entries added) and its
 * consumer groups.
 */
public final class RedisStream extends RedisObject {
    /** listpacks never grow past this, whatever stream-node-max-bytes says. */
    public static final long LISTPACK_MAX_SIZE = 1L << 30;

    final TreeMap<StreamID, StreamNode> nodes = new TreeMap<>();
    RaxShape rax = new RaxShape();
    public long length;
    public StreamID lastId = StreamID.MIN;
    public StreamID firstId = StreamID.MIN;
    public StreamID maxDeletedId = StreamID.MIN;
    public long entriesAdded;
    /** Consumer groups by name (byte order, as Redis's radix tree); null until the first one. */
    public TreeMap<byte[], StreamGroup> groups;

    @Override
    public String type() {
        return "stream";
    }

    @Override
    public String encoding() {
        return "stream";
    }

    public long raxKeys() {
        return rax.size();
    }

    public long raxNodes() {
        return rax.nodes();
    }

    // --- adding ---

    /** streamNextID: the clock's ms with sequence 0, or the last ID's successor if the clock is not ahead. */
    public StreamID nextAutoId(long nowMs) {
        if (Long.compareUnsigned(nowMs, lastId.ms) > 0) return new StreamID(nowMs, 0);
        StreamID n = lastId.next();
        return n == null ? StreamID.MIN : n; // wraps to 0-0 and then fails the ordering check
    }

    /**
     * streamAppendItem: adds an entry with the given ID (already checked to be greater than the
     * last ID). A new node starts when the tail's listpack would reach stream-node-max-bytes or
     * holds stream-node-max-entries entries (live and deleted).
     */
    public void append(StreamID id, byte[][] fields, byte[][] values, long nodeMaxBytes, long nodeMaxEntries) {
        long total = 0;
        for (int i = 0; i < fields.length; i++) total += fields[i].length + values[i].length;
        Map.Entry<StreamID, StreamNode> tailEntry = nodes.lastEntry();
        StreamNode tail = tailEntry == null ? null : tailEntry.getValue();
        if (tail != null) {
            long maxBytes = nodeMaxBytes;
            if (maxBytes == 0 || maxBytes > LISTPACK_MAX_SIZE) maxBytes = LISTPACK_MAX_SIZE;
            if (tail.bytes() + total >= maxBytes) tail = null;
            else if (nodeMaxEntries != 0 && tail.live + tail.deleted >= nodeMaxEntries) tail = null;
            if (tail == null) tailEntry.getValue().shrink();
        }
        if (tail == null) {
            tail = new StreamNode(id, fields.clone());
            long prealloc = 4096;
            if (nodeMaxBytes > 0 && nodeMaxBytes < prealloc) prealloc = nodeMaxBytes;
            tail.allocated = StreamNode.jemalloc(Math.max(prealloc, 7));
            nodes.put(id, tail);
            rax.insert(id.raxKey());
        }
        tail.append(id, fields, values);
        length++;
        entriesAdded++;
        lastId = id;
        if (length == 1) firstId = id;
    }

    // --- reading ---

    /** One entry as returned to clients. */
    public static final class Item {
        public final StreamID id;
        public final byte[][] fields;
        public final byte[][] values;

        public Item(StreamID id, byte[][] fields, byte[][] values) {
            this.id = id;
            this.fields = fields;
            this.values = values;
        }
    }

    /**
     * Valid entries with start <= id <= end, in order (reverse: from end down), at most {@code count}
     * of them (0: no limit). Tombstones are skipped.
     */
    public List<Item> range(StreamID start, StreamID end, boolean rev, long count) {
        List<Item> out = new ArrayList<>();
        if (start.compareTo(end) > 0 || nodes.isEmpty()) return out;
        if (!rev) {
            StreamID from = nodes.floorKey(start);
            if (from == null) from = nodes.firstKey();
            for (StreamNode n : nodes.tailMap(from, true).values()) {
                if (n.master.compareTo(end) > 0) break;
                int i = n.indexOf(start);
                if (i < 0) i = -i - 1;
                for (; i < n.entries.size(); i++) {
                    StreamNode.Entry e = n.entries.get(i);
                    if (e.deleted) continue;
                    if (e.id.compareTo(end) > 0) return out;
                    out.add(new Item(e.id, n.fieldsOf(e), e.values));
                    if (count != 0 && out.size() >= count) return out;
                }
            }
        } else {
            for (StreamNode n : nodes.headMap(end, true).descendingMap().values()) {
                int i = n.indexOf(end);
                if (i < 0) i = -i - 2;
                for (; i >= 0; i--) {
                    StreamNode.Entry e = n.entries.get(i);
                    if (e.deleted) continue;
                    if (e.id.compareTo(start) < 0) return out;
                    out.add(new Item(e.id, n.fieldsOf(e), e.values));
                    if (count != 0 && out.size() >= count) return out;
                }
            }
        }
        return out;
    }

    /** The entry with this ID if it exists and is not deleted. */
    public Item get(StreamID id) {
        Map.Entry<StreamID, StreamNode> ne = nodes.floorEntry(id);
        if (ne == null) return null;
        StreamNode n = ne.getValue();
        int i = n.indexOf(id);
        if (i < 0 || n.entries.get(i).deleted) return null;
        StreamNode.Entry e = n.entries.get(i);
        return new Item(e.id, n.fieldsOf(e), e.values);
    }

    public boolean exists(StreamID id) {
        return get(id) != null;
    }

    /** streamLastValidID: the greatest valid entry ID (null if empty). */
    public StreamID lastValidId() {
        List<Item> l = range(StreamID.MIN, StreamID.MAX, true, 1);
        return l.isEmpty() ? null : l.get(0).id;
    }

    /** streamGetEdgeID(first, skip_tombstones=1): first valid ID, or MAX when there is none. */
    private StreamID firstValidIdOrMax() {
        List<Item> l = range(StreamID.MIN, StreamID.MAX, false, 1);
        return l.isEmpty() ? StreamID.MAX : l.get(0).id;
    }

    /** streamGetEdgeID(first, skip_tombstones=0): the first ID including tombstones, MAX if none. */
    public StreamID firstIdWithTombstones() {
        if (nodes.isEmpty()) return StreamID.MAX;
        return nodes.firstEntry().getValue().entries.get(0).id;
    }

    // --- deleting ---

    /**
     * streamDeleteItem: flags the entry deleted; a node whose last valid entry goes is removed
     * whole. True if it existed.
     */
    public boolean delete(StreamID id) {
        Map.Entry<StreamID, StreamNode> ne = nodes.floorEntry(id);
        if (ne == null) return false;
        StreamNode n = ne.getValue();
        int i = n.indexOf(id);
        if (i < 0 || n.entries.get(i).deleted) return false;
        if (n.live == 1) {
            nodes.remove(n.master);
            rax.remove(n.master.raxKey());
        } else {
            n.entries.get(i).deleted = true;
            n.live--;
            n.deleted++;
        }
        length--;
        return true;
    }

    /** Recomputes the recorded first entry (after XDEL of it, or trimming). */
    public void refreshFirstId() {
        firstId = length == 0 ? StreamID.MIN : firstValidIdOrMax();
    }

    /**
     * streamTrim by MAXLEN ({@code minId} null) or MINID. Whole nodes go while they can; with
     * {@code approx} trimming stops at the first node that cannot go whole, otherwise entries of that
     * node are flagged deleted. {@code limit} (0: none) caps the entries removed. Returns how many.
     */
    public long trim(long maxLen, StreamID minId, boolean approx, long limit) {
        long deleted = 0;
        Iterator<Map.Entry<StreamID, StreamNode>> it = nodes.entrySet().iterator();
        while (it.hasNext()) {
            if (minId == null && length <= maxLen) break;
            StreamNode n = it.next().getValue();
            long entries = n.live;
            if (limit != 0 && deleted + entries > limit) break;
            boolean removeNode = minId == null ? length - entries >= maxLen : n.lastId().compareTo(minId) < 0;
            if (removeNode) {
                it.remove();
                rax.remove(n.master.raxKey());
                length -= entries;
                deleted += entries;
                continue;
            }
            if (approx) break;
            long fromNode = 0;
            for (StreamNode.Entry e : n.entries) {
                boolean stop = minId == null ? length <= maxLen : e.id.compareTo(minId) >= 0;
                if (stop) break;
                if (!e.deleted) {
                    e.deleted = true;
                    fromNode++;
                    length--;
                }
            }
            n.live -= fromNode;
            n.deleted += fromNode;
            deleted += fromNode;
            break;
        }
        if (length == 0) firstId = StreamID.MIN;
        else if (deleted != 0) firstId = firstValidIdOrMax();
        return deleted;
    }

    // --- consumer groups and the read counter ---

    public StreamGroup group(byte[] name) {
        return groups == null ? null : groups.get(name);
    }

    /** streamCreateCG; null if a group with that name exists. */
    public StreamGroup createGroup(byte[] name, StreamID id, long entriesRead) {
        if (groups == null) groups = new TreeMap<>(Arrays::compareUnsigned);
        if (groups.containsKey(name)) return null;
        StreamGroup g = new StreamGroup(name.clone(), id, entriesRead);
        groups.put(g.name, g);
        return g;
    }

    /** streamRangeHasTombstones with an open end. */
    public boolean rangeHasTombstones(StreamID start) {
        if (length == 0 || maxDeletedId.isZero()) return false;
        if (firstId.compareTo(maxDeletedId) > 0) return false;
        return start.compareTo(maxDeletedId) <= 0;
    }

    /** streamEstimateDistanceFromFirstEverEntry; INVALID_ENTRIES_READ when it cannot be known. */
    public long estimateDistanceFromFirstEverEntry(StreamID id) {
        if (entriesAdded == 0) return 0;
        if (length == 0 && id.compareTo(lastId) < 1) return entriesAdded;
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) return entriesAdded;
        if (cmpLast > 0) return StreamGroup.INVALID_ENTRIES_READ;
        int cmpIdFirst = id.compareTo(firstId);
        int cmpXdelFirst = maxDeletedId.compareTo(firstId);
        if (maxDeletedId.isZero() || cmpXdelFirst < 0) {
            if (cmpIdFirst < 0) return entriesAdded - length;
            if (cmpIdFirst == 0) return entriesAdded - length + 1;
        }
        return StreamGroup.INVALID_ENTRIES_READ;
    }

    /** streamReplyWithCGLag's value; null when the lag cannot be known. */
    public Long lag(StreamGroup g) {
        if (entriesAdded == 0) return 0L;
        if (g.entriesRead != StreamGroup.INVALID_ENTRIES_READ && !rangeHasTombstones(g.lastId)) {
            return entriesAdded - g.entriesRead;
        }
        long read = estimateDistanceFromFirstEverEntry(g.lastId);
        return read == StreamGroup.INVALID_ENTRIES_READ ? null : entriesAdded - read;
    }

    /** What delivering entry {@code id} to a group does to its last ID and read counter. */
    public void advanceGroup(StreamGroup g, StreamID id) {
        if (id.compareTo(g.lastId) <= 0) return;
        if (g.entriesRead != StreamGroup.INVALID_ENTRIES_READ && !rangeHasTombstones(id)) {
            g.entriesRead++;
        } else if (entriesAdded != 0) {
            g.entriesRead = estimateDistanceFromFirstEverEntry(id);
        }
        g.lastId = id;
    }

    /**
     * streamReplyWithRange with a group: entries after {@code start} are delivered to the consumer,
     * moving the group's last ID and read counter; unless {@code noAck}, each gets a fresh pending
     * entry owned by the consumer (an existing one, e.g. after XGROUP SETID, is taken over and
     * reset to one delivery now).
     */
    public List<Item> deliver(StreamGroup g, StreamGroup.Consumer consumer, StreamID start, long count, boolean noAck,
            long now) {
        List<Item> items = range(start, StreamID.MAX, false, count);
        for (Item it : items) {
            advanceGroup(g, it.id);
            if (noAck) continue;
            StreamGroup.Nack n = g.pel.get(it.id);
            if (n == null) {
                n = new StreamGroup.Nack(now, 1, consumer);
                g.pel.put(it.id, n);
            } else {
                if (n.consumer != null) n.consumer.pel.remove(it.id);
                n.consumer = consumer;
                n.deliveryTime = now;
                n.deliveryCount = 1;
            }
            consumer.pel.put(it.id, n);
        }
        return items;
    }

    /**
     * streamReplyWithRangeFromConsumerPEL: the consumer's pending entries from {@code start}; each
     * one still in the stream counts one more delivery now, a deleted one comes back with null
     * fields (values null in the item).
     */
    public List<Item> history(StreamGroup.Consumer consumer, StreamID start, long count, long now) {
        List<Item> out = new ArrayList<>();
        for (Map.Entry<StreamID, StreamGroup.Nack> e : consumer.pel.tailMap(start, true).entrySet()) {
            if (count != 0 && out.size() >= count) break;
            Item it = get(e.getKey());
            if (it == null) {
                out.add(new Item(e.getKey(), null, null));
            } else {
                e.getValue().deliveryTime = now;
                e.getValue().deliveryCount++;
                out.add(it);
            }
        }
        return out;
    }

    // --- size and copy ---

    /** Approximates objectComputeSize for streams (radix trees, listpack allocations, groups). */
    @Override
    public long memoryUsage(long samples) {
        long size = 16 + 80 + raxUsage(rax.size(), rax.nodes());
        long lpSize = 0;
        long seen = 0;
        for (StreamNode n : nodes.values()) {
            if (seen >= samples) break;
            lpSize += n.allocated;
            seen++;
        }
        if (nodes.size() <= seen) {
            size += lpSize;
        } else {
            if (seen > 0) lpSize /= seen;
            size += lpSize * (nodes.size() - 1);
            size += nodes.lastEntry().getValue().allocated;
        }
        if (groups != null) {
            for (StreamGroup g : groups.values()) {
                size += 40 + raxUsage(g.pel.size(), pelNodes(g.pel.size())) + 24L * g.pel.size();
                for (StreamGroup.Consumer c : g.consumers.values()) {
                    size += 24 + c.name.length + raxUsage(c.pel.size(), pelNodes(c.pel.size()));
                }
            }
        }
        return size;
    }

    /** A PEL's radix tree node count, estimated (about two nodes per ID). */
    private static long pelNodes(long elements) {
        return elements == 0 ? 1 : 2 * elements + 1;
    }

    private static long raxUsage(long elements, long nodes) {
        return elements * 16 + nodes * 4 + nodes * 8 * 30;
    }

    /** streamDup: nodes copied (the tree rebuilt by inserting them in order), groups deep-copied. */
    @Override
    public RedisObject copy() {
        RedisStream s = new RedisStream();
        for (StreamNode n : nodes.values()) {
            s.nodes.put(n.master, n.copy());
            s.rax.insert(n.master.raxKey());
        }
        s.length = length;
        s.lastId = lastId;
        s.firstId = firstId;
        s.maxDeletedId = maxDeletedId;
        s.entriesAdded = entriesAdded;
        if (groups != null) {
            s.groups = new TreeMap<>(Arrays::compareUnsigned);
            for (StreamGroup g : groups.values()) s.groups.put(g.name, g.copy());
        }
        return s;
    }

    /** Adds a node loaded by RESTORE (its master ID greater than every node's here). */
    public void restoreNode(StreamNode n) {
        nodes.put(n.master, n);
        rax.insert(n.master.raxKey());
    }

    /** For tests: the nodes in order. */
    public Iterable<StreamNode> nodes() {
        return nodes.values();
    }
}
