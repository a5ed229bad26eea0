package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.server.BlockedClients;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.RedisStream;
import dev.emredis.internal.keyspace.StreamGroup;
import dev.emredis.internal.keyspace.StreamID;
import dev.emredis.internal.util.Num;
import java.util.ArrayList;
import java.util.List;

/**
 * XREAD and XREADGROUP (one implementation, as in Redis's xreadCommand): served at once when any
 * stream has something for the caller, otherwise a null reply, or with BLOCK the client waits.
 */
public final class StreamReadCommands {
    private StreamReadCommands() {}

    /** Count used when a blocked XREAD without COUNT is served. */
    static final long BLOCKED_DEFAULT_COUNT = 1000;

    public static void register(CommandRegistry r) {
        r.add("xread", c -> xread(c, false));
        r.add("xreadgroup", c -> xread(c, true));
    }

    /** A parsed XREAD/XREADGROUP request. */
    static final class Request {
        boolean group;
        long timeout = -1; // -1: no BLOCK; 0: forever; else deadline on the virtual clock
        long count;
        boolean noAck;
        byte[] groupName;
        byte[] consumerName;
        byte[][] keys;
        /** IDs to read after; MAX stands for ">" (new messages for the group). */
        StreamID[] ids;
    }

    static void xread(Ctx c, boolean xreadgroup) {
        Request q = parse(c, xreadgroup);
        List<Object[]> served = serve(c, q);
        if (!served.isEmpty()) {
            reply(c, served);
            return;
        }
        if (q.timeout != -1 && !c.client.inMulti && !c.fromScript) {
            blockOnStreams(c, q);
            return;
        }
        // No BLOCK, or BLOCK where the client may not block (MULTI; scripts refuse BLOCK while
        // parsing): answered as a timeout, even for BLOCK 0.
        c.out.nullArray();
    }

    /**
     * XREAD/XREADGROUP BLOCK found nothing and may wait (Redis's blockForKeys for
     * BLOCKED_STREAM): the client waits on all its keys until {@code q.timeout} (0: forever; a
     * deadline that wrapped negative, as Redis's does for a BLOCK near 2^63, is never reached).
     * XADD and XGROUP DESTROY make a key ready, and so does deleting or overwriting a stream.
     */
    static void blockOnStreams(Ctx c, Request q) {
        long deadline = q.timeout < 0 ? 0 : q.timeout;
        c.server.blocked.blockOnKeys(c.client, c.db(), q.keys, deadline, new BlockedClients.KeyWaiter() {
            @Override
            public String type() {
                return "stream";
            }

            @Override
            public boolean serve(byte[] key, dev.emredis.internal.keyspace.RedisObject value) {
                return serveBlocked(c, q, key);
            }

            @Override
            public boolean keyGone(byte[] key) {
                return serveBlocked(c, q, key);
            }

            @Override
            public void timedOut(Client client) {
                client.out.nullArray();
            }
        });
    }

    /**
     * For the blocking framework: serves a client parked by {@link #blockOnStreams} (its original
     * {@code c} and {@code q}) now that {@code key}, one of its keys, is ready, as Redis's
     * serveClientsBlockedOnStreamKey and unblockDeletedStreamReadgroupClients do. Returns true when
     * the client got its reply (entries, or an error for XREADGROUP) and must be unblocked; false
     * when it keeps waiting.
     */
    static boolean serveBlocked(Ctx c, Request q, byte[] key) {
        int i = 0;
        while (i < q.keys.length && !java.util.Arrays.equals(q.keys[i], key)) i++;
        if (i == q.keys.length) return false;
        dev.emredis.internal.keyspace.RedisObject o = c.db().peek(key);
        if (!(o instanceof RedisStream)) {
            if (q.groupName == null) return false;
            c.error(Errors.XREADGROUP_UNBLOCKED_KEY_GONE);
            return true;
        }
        RedisStream s = (RedisStream) o;
        StreamID gt = q.ids[i];
        StreamGroup g = null;
        if (q.groupName != null) {
            g = s.group(q.groupName);
            if (g == null) {
                c.error(Errors.XREADGROUP_UNBLOCKED_GROUP_GONE);
                return true;
            }
            gt = g.lastId;
        }
        if (s.lastId.compareTo(gt) <= 0) return false;
        StreamID start = gt.next();
        if (start == null) start = StreamID.MIN;
        long count = q.count != 0 ? q.count : BLOCKED_DEFAULT_COUNT;
        long now = c.now();
        List<RedisStream.Item> items;
        if (g != null) {
            StreamGroup.Consumer consumer = consumer(c, g, key, q.consumerName, now);
            items = s.deliver(g, consumer, start, count, q.noAck, now);
            // served after the XADD that readied the key: its effects follow on their own
            for (byte[][] e : groupEffects(key, q, g, items)) c.server.replicaFeed.alsoPropagate(c.db().id, e);
        } else {
            items = s.range(start, StreamID.MAX, false, count);
        }
        List<Object[]> one = new ArrayList<>();
        one.add(new Object[] {key, items});
        reply(c, one);
        return true;
    }

    static Request parse(Ctx c, boolean xreadgroup) {
        Request q = new Request();
        q.group = xreadgroup;
        int argc = c.argc();
        int streamsArg = 0;
        int streamsCount = 0;
        for (int i = 1; i < argc; i++) {
            int more = argc - i - 1;
            if (c.is(i, "block") && more > 0) {
                if (c.fromScript) throw new RedisError(Errors.xblockFromScript(c.str(0)));
                i++;
                Long t = Num.parseLong(c.arg(i));
                if (t == null) throw new RedisError(Errors.TIMEOUT_NOT_INTEGER);
                if (t < 0) throw new RedisError(Errors.TIMEOUT_NEGATIVE);
                q.timeout = t > 0 ? t + c.now() : 0;
            } else if (c.is(i, "count") && more > 0) {
                i++;
                q.count = c.longArg(i);
                if (q.count < 0) q.count = 0;
            } else if (c.is(i, "streams") && more > 0) {
                streamsArg = i + 1;
                streamsCount = argc - streamsArg;
                if (streamsCount % 2 != 0) throw new RedisError(Errors.XREAD_UNBALANCED);
                streamsCount /= 2;
                break;
            } else if (c.is(i, "group") && more >= 2) {
                if (!xreadgroup) throw new RedisError(Errors.XREAD_GROUP_OPTION);
                q.groupName = c.arg(i + 1);
                q.consumerName = c.arg(i + 2);
                i += 2;
            } else if (c.is(i, "noack")) {
                if (!xreadgroup) throw new RedisError(Errors.XREAD_NOACK_OPTION);
                q.noAck = true;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        if (streamsArg == 0) throw new RedisError(Errors.SYNTAX);
        if (xreadgroup && q.groupName == null) throw new RedisError(Errors.XREADGROUP_MISSING_GROUP);
        q.keys = new byte[streamsCount][];
        q.ids = new StreamID[streamsCount];
        for (int k = 0; k < streamsCount; k++) {
            byte[] key = c.arg(streamsArg + k);
            q.keys[k] = key;
            int idArg = streamsArg + streamsCount + k;
            RedisStream s = StreamCommands.stream(c.db().lookupRead(key, c.client));
            if (q.groupName != null && (s == null || s.group(q.groupName) == null)) {
                throw new RedisError(Errors.xreadgroupNoGroup(key, q.groupName));
            }
            byte[] a = c.arg(idArg);
            if (StreamCommands.isOneChar(a, '$')) {
                if (xreadgroup) throw new RedisError(Errors.XREADGROUP_DOLLAR);
                q.ids[k] = s != null ? s.lastId : StreamID.MIN;
            } else if (StreamCommands.isOneChar(a, '>')) {
                if (!xreadgroup) throw new RedisError(Errors.XREAD_GT_ID);
                q.ids[k] = StreamID.MAX;
            } else {
                q.ids[k] = StreamCommands.parseStrictId(c, idArg, 0);
            }
        }
        return q;
    }

    /**
     * Serves what can be served now: for each stream, [key, items]. XREAD serves a stream whose last
     * valid entry is past the given ID; XREADGROUP with ">" one that has entries past the group's
     * last delivered ID, and with an explicit ID always (the consumer's own history).
     */
    static List<Object[]> serve(Ctx c, Request q) {
        List<Object[]> out = new ArrayList<>();
        List<byte[][]> effects = new ArrayList<>();
        long now = c.now();
        for (int i = 0; i < q.keys.length; i++) {
            RedisStream s = StreamCommands.stream(c.db().lookupRead(q.keys[i], c.client));
            if (s == null) continue;
            StreamID gt = q.ids[i];
            boolean history = false;
            boolean serve = false;
            StreamGroup g = null;
            if (q.groupName != null) {
                g = s.group(q.groupName);
                if (!gt.equals(StreamID.MAX)) {
                    serve = true;
                    history = true;
                } else if (s.length > 0) {
                    StreamID max = s.lastValidId();
                    if (max.compareTo(g.lastId) > 0) {
                        serve = true;
                        gt = g.lastId;
                    }
                }
            } else if (s.length > 0) {
                serve = s.lastValidId().compareTo(gt) > 0;
            }
            if (!serve) continue;
            StreamID start = gt.next();
            if (start == null) start = StreamID.MIN; // streamIncrID wraps
            List<RedisStream.Item> items;
            if (g != null) {
                StreamGroup.Consumer consumer = consumer(c, g, q.keys[i], q.consumerName, now);
                items = history ? s.history(consumer, start, q.count, now) : s.deliver(g, consumer, start, q.count, q.noAck, now);
                c.server.dirty++;
                if (!history && Propagation.wanted(c)) effects.addAll(groupEffects(q.keys[i], q, g, items));
            } else {
                items = s.range(start, StreamID.MAX, false, q.count);
            }
            out.add(new Object[] {q.keys[i], items});
        }
        // XREADGROUP reaches replicas as its effects on the group (a history read sends nothing)
        if (q.groupName != null && Propagation.wanted(c)) Propagation.as(c, effects.toArray(new byte[0][][]));
        return out;
    }

    /**
     * What Redis 7.0 propagates for new entries delivered to a group: an XCLAIM ... FORCE JUSTID
     * LASTID per pending entry created, or with NOACK one XGROUP SETID with the read counter.
     */
    static List<byte[][]> groupEffects(byte[] key, Request q, StreamGroup g, List<RedisStream.Item> items) {
        List<byte[][]> l = new ArrayList<>();
        if (items.isEmpty()) return l;
        if (q.noAck) {
            l.add(Propagation.cmd("XGROUP", "SETID", key, q.groupName, g.lastId.toString(), "ENTRIESREAD", Long.toString(g.entriesRead)));
            return l;
        }
        for (RedisStream.Item it : items) {
            StreamGroup.Nack n = g.pel.get(it.id);
            if (n == null) continue;
            l.add(Propagation.cmd("XCLAIM", key, q.groupName, q.consumerName, "0", it.id.toString(), "TIME",
                    Long.toString(n.deliveryTime), "RETRYCOUNT", Long.toString(n.deliveryCount), "FORCE", "JUSTID",
                    "LASTID", it.id.toString()));
        }
        return l;
    }

    /** streamLookupConsumer (refreshing seen-time) or streamCreateConsumer (notifying). */
    static StreamGroup.Consumer consumer(Ctx c, StreamGroup g, byte[] key, byte[] name, long now) {
        StreamGroup.Consumer consumer = g.consumer(name, true, now);
        if (consumer == null) {
            consumer = g.createConsumer(name, now);
            c.server.dirty++;
            StreamCommands.notify(c, "xgroup-createconsumer", key);
        }
        return consumer;
    }

    /** RESP2: [[key, entries], ...]; RESP3: {key: entries, ...}. */
    @SuppressWarnings("unchecked")
    static void reply(Ctx c, List<Object[]> served) {
        boolean resp3 = c.out.protocol() >= 3;
        if (resp3) c.out.map(served.size());
        else c.out.array(served.size());
        for (Object[] one : served) {
            if (!resp3) c.out.array(2);
            c.out.bulk((byte[]) one[0]);
            StreamCommands.replyItems(c.out, (List<RedisStream.Item>) one[1]);
        }
    }

    /** XADD and XGROUP DESTROY: clients blocked on the stream may be served now (signalKeyAsReady). */
    static void signalReady(Ctx c, byte[] key) {
        c.server.blocked.signalReady(c.db(), key, "stream");
    }
}
