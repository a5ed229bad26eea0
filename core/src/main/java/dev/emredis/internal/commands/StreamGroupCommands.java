package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisStream;
import dev.emredis.internal.keyspace.StreamGroup;
import dev.emredis.internal.keyspace.StreamID;
import dev.emredis.internal.util.Num;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Consumer group commands: XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER, HELP),
 * XACK, XPENDING, XCLAIM and XAUTOCLAIM. Pending entries carry their last delivery time on the
 * virtual clock, so idle times are exact.
 */
public final class StreamGroupCommands {
    private StreamGroupCommands() {}

    private static final String[] XGROUP_HELP = {
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
    };

    public static void register(CommandRegistry r) {
        for (String sub : new String[] {"create", "setid", "destroy", "createconsumer", "delconsumer", "help"}) {
            r.add("xgroup|" + sub, StreamGroupCommands::xgroup);
        }
        r.add("xack", StreamGroupCommands::xack);
        r.add("xpending", StreamGroupCommands::xpending);
        r.add("xclaim", StreamGroupCommands::xclaim);
        r.add("xautoclaim", StreamGroupCommands::xautoclaim);
    }

    /** xgroupCommand: options first, then key and group checks, then the subcommand's own arity. */
    static void xgroup(Ctx c) {
        int argc = c.argc();
        RedisStream s = null;
        StreamGroup g = null;
        boolean mkstream = false;
        long entriesRead = StreamGroup.INVALID_ENTRIES_READ;
        boolean create = c.is(1, "create");
        boolean setid = c.is(1, "setid");
        byte[] key = argc >= 4 ? c.arg(2) : null;
        byte[] group = argc >= 4 ? c.arg(3) : null;
        if (argc >= 4) {
            int i = 5;
            while (i < argc) {
                if (create && c.is(i, "mkstream")) {
                    mkstream = true;
                    i++;
                } else if ((create || setid) && c.is(i, "entriesread") && i + 1 < argc) {
                    entriesRead = c.longArg(i + 1);
                    if (entriesRead < 0 && entriesRead != StreamGroup.INVALID_ENTRIES_READ) {
                        throw new RedisError(Errors.XGROUP_ENTRIESREAD);
                    }
                    i += 2;
                } else {
                    throw ServerCommands.subcommandSyntax(c);
                }
            }
            s = StreamCommands.stream(c.db().lookupWrite(key));
        }
        if (argc >= 4 && !mkstream) {
            if (s == null) throw new RedisError(Errors.XGROUP_NO_KEY);
            g = s.group(group);
            if (g == null && (setid || c.is(1, "createconsumer") || c.is(1, "delconsumer"))) {
                throw new RedisError(Errors.xnoGroupForKey(group, key));
            }
        }
        if (argc == 2 && c.is(1, "help")) {
            ServerCommands.help(c, XGROUP_HELP);
        } else if (create && argc >= 5 && argc <= 8) {
            StreamID id;
            if (isDollar(c.arg(4))) id = s != null ? s.lastId : StreamID.MIN;
            else id = StreamCommands.parseStrictId(c, 4, 0);
            if (s == null) {
                // MKSTREAM: the key is signalled modified, but only the group counts as a change.
                long dirty0 = c.server.dirty;
                s = new RedisStream();
                c.db().add(key, s);
                c.server.dirty = dirty0;
            }
            if (s.createGroup(group, id, entriesRead) != null) {
                c.ok();
                c.server.dirty++;
                StreamCommands.notify(c, "xgroup-create", key);
            } else {
                c.error(Errors.BUSYGROUP);
            }
        } else if (setid && (argc == 5 || argc == 7)) {
            StreamID id = isDollar(c.arg(4)) ? s.lastId : StreamCommands.parseId(c, 4, 0);
            g.lastId = id;
            g.entriesRead = entriesRead;
            c.ok();
            c.server.dirty++;
            StreamCommands.notify(c, "xgroup-setid", key);
        } else if (c.is(1, "destroy") && argc == 4) {
            if (g != null) {
                s.groups.remove(g.name);
                c.out.integer(1);
                c.server.dirty++;
                StreamCommands.notify(c, "xgroup-destroy", key);
                StreamReadCommands.signalReady(c, key);
            } else {
                c.out.integer(0);
            }
        } else if (c.is(1, "createconsumer") && argc == 5) {
            StreamGroup.Consumer created = g.createConsumer(c.arg(4), c.now());
            if (created != null) {
                c.server.dirty++;
                StreamCommands.notify(c, "xgroup-createconsumer", key);
            }
            c.out.integer(created != null ? 1 : 0);
        } else if (c.is(1, "delconsumer") && argc == 5) {
            long pending = 0;
            StreamGroup.Consumer consumer = g.consumer(c.arg(4), false, 0);
            if (consumer != null) {
                pending = g.deleteConsumer(consumer);
                c.server.dirty++;
                StreamCommands.notify(c, "xgroup-delconsumer", key);
            }
            c.out.integer(pending);
        } else {
            throw ServerCommands.subcommandSyntax(c);
        }
    }

    private static boolean isDollar(byte[] a) {
        return StreamCommands.isOneChar(a, '$');
    }

    /** XACK key group id [id ...]: missing key or group acknowledges nothing (before the IDs are parsed). */
    static void xack(Ctx c) {
        RedisStream s = StreamCommands.stream(c.db().lookupRead(c.arg(1), c.client));
        StreamGroup g = s == null ? null : s.group(c.arg(2));
        if (g == null) {
            c.out.integer(0);
            return;
        }
        StreamID[] ids = new StreamID[c.argc() - 3];
        for (int j = 3; j < c.argc(); j++) ids[j - 3] = StreamCommands.parseStrictId(c, j, 0);
        int acked = 0;
        for (StreamID id : ids) {
            StreamGroup.Nack n = g.pel.get(id);
            if (n != null) {
                g.ack(id, n);
                acked++;
                c.server.dirty++;
            }
        }
        c.out.integer(acked);
    }

    /** XPENDING key group [[IDLE min-idle] start end count [consumer]]. */
    static void xpending(Ctx c) {
        int argc = c.argc();
        boolean justInfo = argc == 3;
        if (argc != 3 && (argc < 6 || argc > 9)) throw new RedisError(Errors.SYNTAX);
        long count = 0;
        long minIdle = 0;
        StreamID start = null;
        StreamID end = null;
        byte[] consumerName = null;
        if (argc >= 6) {
            int startIdx = 3;
            if (c.is(3, "idle")) {
                minIdle = c.longArg(4);
                if (argc < 8) throw new RedisError(Errors.SYNTAX);
                startIdx += 2;
            }
            count = c.longArg(startIdx + 2);
            if (count < 0) count = 0;
            start = StreamCommands.parseRangeStart(c, startIdx);
            end = StreamCommands.parseRangeEnd(c, startIdx + 1);
            if (startIdx + 3 < argc) consumerName = c.arg(startIdx + 3);
        }
        RedisStream s = StreamCommands.stream(c.db().lookupRead(c.arg(1), c.client));
        StreamGroup g = s == null ? null : s.group(c.arg(2));
        if (g == null) throw new RedisError(Errors.xnoGroup(c.arg(1), c.arg(2)));
        if (justInfo) {
            c.out.array(4);
            c.out.integer(g.pel.size());
            if (g.pel.isEmpty()) {
                c.out.nullBulk();
                c.out.nullBulk();
                c.out.nullArray();
                return;
            }
            c.out.bulk(g.pel.firstKey().bytes());
            c.out.bulk(g.pel.lastKey().bytes());
            List<StreamGroup.Consumer> with = new ArrayList<>();
            for (StreamGroup.Consumer con : g.consumers.values()) if (!con.pel.isEmpty()) with.add(con);
            c.out.array(with.size());
            for (StreamGroup.Consumer con : with) {
                c.out.array(2);
                c.out.bulk(con.name);
                c.out.bulk(Num.bytes(con.pel.size()));
            }
            return;
        }
        StreamGroup.Consumer consumer = null;
        if (consumerName != null) {
            consumer = g.consumer(consumerName, false, 0);
            if (consumer == null) {
                c.out.array(0);
                return;
            }
        }
        Map<StreamID, StreamGroup.Nack> pel = consumer != null ? consumer.pel : g.pel;
        long now = c.now();
        List<Map.Entry<StreamID, StreamGroup.Nack>> rows = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamID, StreamGroup.Nack> e : ((java.util.NavigableMap<StreamID, StreamGroup.Nack>) pel)
                    .subMap(start, true, end, true).entrySet()) {
                if (count == 0) break;
                if (minIdle != 0 && now - e.getValue().deliveryTime < minIdle) continue;
                rows.add(e);
                count--;
            }
        }
        c.out.array(rows.size());
        for (Map.Entry<StreamID, StreamGroup.Nack> e : rows) {
            StreamGroup.Nack n = e.getValue();
            c.out.array(4);
            c.out.bulk(e.getKey().bytes());
            c.out.bulk(n.consumer.name);
            c.out.integer(Math.max(0, now - n.deliveryTime));
            c.out.integer(n.deliveryCount);
        }
    }

    /** The claiming consumer: looked up once (refreshing its seen-time) or created. */
    private static StreamGroup.Consumer claimer(Ctx c, StreamGroup g, long now) {
        return StreamReadCommands.consumer(c, g, c.arg(1), c.arg(3), now);
    }

    /**
     * XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE]
     * [JUSTID] [LASTID id]. IDs are read until the first argument that is not one; options follow.
     * Pending entries whose message was deleted are dropped from the PEL.
     */
    static void xclaim(Ctx c) {
        int argc = c.argc();
        RedisStream s = StreamCommands.stream(c.db().lookupRead(c.arg(1), c.client));
        StreamGroup g = s == null ? null : s.group(c.arg(2));
        if (g == null) throw new RedisError(Errors.xnoGroup(c.arg(1), c.arg(2)));
        long minIdle = StreamCommands.longArg(c, 4, Errors.XCLAIM_MIN_IDLE);
        if (minIdle < 0) minIdle = 0;
        List<StreamID> ids = new ArrayList<>();
        int j = 5;
        for (; j < argc; j++) {
            StreamID.Parsed p = StreamID.parse(c.arg(j), 0, true, false);
            if (p == null) break;
            ids.add(p.id);
        }
        long now = c.now();
        long deliveryTime = -1;
        long retryCount = -1;
        boolean force = false;
        boolean justId = false;
        StreamID lastId = StreamID.MIN;
        for (; j < argc; j++) {
            int more = argc - 1 - j;
            if (c.is(j, "force")) {
                force = true;
            } else if (c.is(j, "justid")) {
                justId = true;
            } else if (c.is(j, "idle") && more > 0) {
                j++;
                deliveryTime = now - StreamCommands.longArg(c, j, Errors.XCLAIM_IDLE);
            } else if (c.is(j, "time") && more > 0) {
                j++;
                deliveryTime = StreamCommands.longArg(c, j, Errors.XCLAIM_TIME);
            } else if (c.is(j, "retrycount") && more > 0) {
                j++;
                retryCount = StreamCommands.longArg(c, j, Errors.XCLAIM_RETRYCOUNT);
            } else if (c.is(j, "lastid") && more > 0) {
                j++;
                lastId = StreamCommands.parseStrictId(c, j, 0);
            } else {
                throw new RedisError(Errors.xclaimUnrecognized(c.arg(j)));
            }
        }
        if (lastId.compareTo(g.lastId) > 0) g.lastId = lastId;
        if (deliveryTime != -1) {
            // Bogus times (negative, in the future) are taken as now rather than refused.
            if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
        } else {
            deliveryTime = now;
        }
        StreamGroup.Consumer consumer = null;
        List<Object> claimed = new ArrayList<>();
        for (StreamID id : ids) {
            StreamGroup.Nack n = g.pel.get(id);
            RedisStream.Item item = s.get(id);
            if (item == null) {
                if (n != null) {
                    c.server.dirty++;
                    g.ack(id, n);
                }
                continue;
            }
            if (force && n == null) {
                n = new StreamGroup.Nack(now, 1, null);
                g.pel.put(id, n);
            }
            if (n == null) continue;
            if (n.consumer != null && minIdle != 0 && now - n.deliveryTime < minIdle) continue;
            if (consumer == null) consumer = claimer(c, g, now);
            if (n.consumer != consumer && n.consumer != null) n.consumer.pel.remove(id);
            n.deliveryTime = deliveryTime;
            if (retryCount >= 0) n.deliveryCount = retryCount;
            else if (!justId) n.deliveryCount++;
            if (n.consumer != consumer) {
                consumer.pel.put(id, n);
                n.consumer = consumer;
            }
            claimed.add(justId ? id : item);
            c.server.dirty++;
        }
        replyClaimed(c, claimed);
    }

    private static void replyClaimed(Ctx c, List<Object> claimed) {
        c.out.array(claimed.size());
        for (Object o : claimed) {
            if (o instanceof StreamID) c.out.bulk(((StreamID) o).bytes());
            else StreamCommands.replyItem(c.out, (RedisStream.Item) o);
        }
    }

    /**
     * Redis allocates COUNT stream IDs (16 bytes each) up front; jemalloc refuses any allocation past
     * its largest size class, 2^46 bytes on x86-64, and Redis then reports no memory.
     */
    private static final long AUTOCLAIM_MAX_ALLOC = 1L << 46;

    /**
     * XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]: scans the PEL from
     * start, at most COUNT*10 entries, claiming idle ones; deleted messages are dropped and listed
     * (7.0's third reply element), counting against COUNT. Replies the next start cursor (0-0 at the
     * end), the claimed entries and the deleted IDs.
     */
    static void xautoclaim(Ctx c) {
        RedisObject o = c.db().lookupRead(c.arg(1), c.client);
        long minIdle = StreamCommands.longArg(c, 4, Errors.XAUTOCLAIM_MIN_IDLE);
        if (minIdle < 0) minIdle = 0;
        StreamID start = StreamCommands.parseRangeStart(c, 5);
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < c.argc(); j++) {
            int more = c.argc() - 1 - j;
            if (c.is(j, "count") && more > 0) {
                Long v = Num.parseLong(c.arg(j + 1));
                if (v == null || v < 1 || v > Long.MAX_VALUE / 16) throw new RedisError(Errors.XAUTOCLAIM_COUNT);
                count = v;
                j++;
            } else if (c.is(j, "justid")) {
                justId = true;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        RedisStream s = StreamCommands.stream(o);
        StreamGroup g = s == null ? null : s.group(c.arg(2));
        if (g == null) throw new RedisError(Errors.xnoGroup(c.arg(1), c.arg(2)));
        if (count * 16 > AUTOCLAIM_MAX_ALLOC) throw new RedisError(Errors.XAUTOCLAIM_COUNT_MEMORY);

        long attempts = count * 10;
        long now = c.now();
        StreamGroup.Consumer consumer = null;
        List<Object> claimed = new ArrayList<>();
        List<StreamID> deleted = new ArrayList<>();
        StreamID cursor = start;
        boolean inclusive = true;
        boolean eof = false;
        while (attempts-- != 0 && count != 0) {
            StreamID id = inclusive ? g.pel.ceilingKey(cursor) : g.pel.higherKey(cursor);
            if (id == null) {
                eof = true;
                break;
            }
            cursor = id;
            inclusive = false;
            StreamGroup.Nack n = g.pel.get(id);
            RedisStream.Item item = s.get(id);
            if (item == null) {
                c.server.dirty++;
                g.ack(id, n);
                deleted.add(id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - n.deliveryTime < minIdle) continue;
            if (consumer == null) consumer = claimer(c, g, now);
            if (n.consumer != consumer && n.consumer != null) n.consumer.pel.remove(id);
            n.deliveryTime = now;
            if (!justId) n.deliveryCount++;
            if (n.consumer != consumer) {
                consumer.pel.put(id, n);
                n.consumer = consumer;
            }
            claimed.add(justId ? id : item);
            count--;
            c.server.dirty++;
        }
        StreamID next = null;
        if (!eof) next = inclusive ? g.pel.ceilingKey(cursor) : g.pel.higherKey(cursor);
        c.out.array(3);
        c.out.bulk((next == null ? StreamID.MIN : next).bytes());
        replyClaimed(c, claimed);
        c.out.array(deleted.size());
        for (StreamID id : deleted) c.out.bulk(id.bytes());
    }
}
