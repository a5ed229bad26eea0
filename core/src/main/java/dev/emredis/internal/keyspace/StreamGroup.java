package dev.emredis.internal.keyspace;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A stream consumer group (Redis's streamCG): last delivered ID, the logical read counter, the
 * pending entries list and the consumers. Consumers are ordered as Redis's radix tree orders their
 * names (byte-wise), which is the order XINFO CONSUMERS and XPENDING list them in.
 */
public final class StreamGroup {
    /** entries_read value meaning "unknown". */
    public static final long INVALID_ENTRIES_READ = -1;

    public final byte[] name;
    public StreamID lastId;
    public long entriesRead;
    public final TreeMap<StreamID, Nack> pel = new TreeMap<>();
    public final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

    public StreamGroup(byte[] name, StreamID lastId, long entriesRead) {
        this.name = name;
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    /** A consumer: its name, last seen time and its own view of the PEL. */
    public static final class Consumer {
        public final byte[] name;
        public long seenTime;
        public final TreeMap<StreamID, Nack> pel = new TreeMap<>();

        public Consumer(byte[] name, long seenTime) {
            this.name = name;
            this.seenTime = seenTime;
        }
    }

    /** A pending entry: last delivery time, delivery count, current owner (null only transiently). */
    public static final class Nack {
        public long deliveryTime;
        public long deliveryCount;
        public Consumer consumer;

        public Nack(long deliveryTime, long deliveryCount, Consumer consumer) {
            this.deliveryTime = deliveryTime;
            this.deliveryCount = deliveryCount;
            this.consumer = consumer;
        }
    }

    /** streamLookupConsumer; refreshes seen-time unless told not to. */
    public Consumer consumer(byte[] name, boolean refresh, long now) {
        Consumer c = consumers.get(name);
        if (c != null && refresh) c.seenTime = now;
        return c;
    }

    /** streamCreateConsumer; null if it exists. */
    public Consumer createConsumer(byte[] name, long now) {
        if (consumers.containsKey(name)) return null;
        Consumer c = new Consumer(name.clone(), now);
        consumers.put(c.name, c);
        return c;
    }

    /** streamDelConsumer: its pending entries leave the group's PEL too. Returns how many it had. */
    public int deleteConsumer(Consumer c) {
        int n = c.pel.size();
        for (StreamID id : c.pel.keySet()) pel.remove(id);
        consumers.remove(c.name);
        return n;
    }

    /** Removes a pending entry from the group and its owner. */
    public void ack(StreamID id, Nack n) {
        pel.remove(id);
        if (n.consumer != null) n.consumer.pel.remove(id);
    }

    StreamGroup copy() {
        StreamGroup g = new StreamGroup(name, lastId, entriesRead);
        for (var e : pel.entrySet()) g.pel.put(e.getKey(), new Nack(e.getValue().deliveryTime, e.getValue().deliveryCount, null));
        for (Consumer c : consumers.values()) {
            Consumer nc = new Consumer(c.name, c.seenTime);
            g.consumers.put(nc.name, nc);
            for (StreamID id : c.pel.keySet()) {
                Nack n = g.pel.get(id);
                n.consumer = nc;
                nc.pel.put(id, n);
            }
        }
        return g;
    }
}
