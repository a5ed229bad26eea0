package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisStream;
import dev.emredis.internal.keyspace.StreamID;
import dev.emredis.internal.resp.ReplySink;
import dev.emredis.internal.util.Num;
import java.util.List;

/**
 * Stream commands on entries: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID, and the helpers
 * the other stream files share (ID parsing, entry replies). Reads are in {@link
 * StreamReadCommands}, consumer groups in {@link StreamGroupCommands}, XINFO in {@link
 * StreamInfoCommands}. Argument errors are reported in the order Redis's t_stream.c checks them.
 */
public final class StreamCommands {
    private StreamCommands() {}

    public static void register(CommandRegistry r) {
        r.add("xadd", StreamCommands::xadd);
        r.add("xlen", StreamCommands::xlen);
        r.add("xrange", c -> xrange(c, false));
        r.add("xrevrange", c -> xrange(c, true));
        r.add("xdel", StreamCommands::xdel);
        r.add("xtrim", StreamCommands::xtrim);
        r.add("xsetid", StreamCommands::xsetid);
        StreamReadCommands.register(r);
        StreamGroupCommands.register(r);
        StreamInfoCommands.register(r);
    }

    // --- shared helpers ---

    /** The stream at a looked-up value, null if missing, WRONGTYPE for other types. */
    static RedisStream stream(RedisObject o) {
        if (o == null) return null;
        if (!(o instanceof RedisStream)) throw new RedisError(Errors.WRONGTYPE);
        return (RedisStream) o;
    }

    static void notify(Ctx c, String event, byte[] key) {
        c.server.notifications().notify(Notifications.STREAM, event, key, c.db().id);
    }

    /** streamParseIDOrReply ("-" and "+" allowed). */
    static StreamID parseId(Ctx c, int i, long missingSeq) {
        StreamID.Parsed p = StreamID.parse(c.arg(i), missingSeq, false, false);
        if (p == null) throw new RedisError(Errors.XID_INVALID);
        return p.id;
    }

    /** streamParseStrictIDOrReply ("-" and "+" refused). */
    static StreamID parseStrictId(Ctx c, int i, long missingSeq) {
        return parseStrictId(c.arg(i), missingSeq);
    }

    static StreamID parseStrictId(byte[] arg, long missingSeq) {
        StreamID.Parsed p = StreamID.parse(arg, missingSeq, true, false);
        if (p == null) throw new RedisError(Errors.XID_INVALID);
        return p.id;
    }

    /**
     * streamParseIntervalIDOrReply plus the open-interval step: "(id" excludes the bound, so the
     * start moves to the next ID and the end to the previous one (failing at the extremes).
     */
    static StreamID parseRangeStart(Ctx c, int i) {
        byte[] a = c.arg(i);
        if (a.length > 1 && a[0] == '(') {
            StreamID id = parseStrictId(java.util.Arrays.copyOfRange(a, 1, a.length), 0).next();
            if (id == null) throw new RedisError(Errors.XRANGE_BAD_START);
            return id;
        }
        return parseId(c, i, 0);
    }

    static StreamID parseRangeEnd(Ctx c, int i) {
        byte[] a = c.arg(i);
        if (a.length > 1 && a[0] == '(') {
            StreamID id = parseStrictId(java.util.Arrays.copyOfRange(a, 1, a.length), -1L).prev();
            if (id == null) throw new RedisError(Errors.XRANGE_BAD_END);
            return id;
        }
        return parseId(c, i, -1L);
    }

    /** getLongLongFromObjectOrReply with a custom message. */
    static long longArg(Ctx c, int i, String error) {
        Long v = Num.parseLong(c.arg(i));
        if (v == null) throw new RedisError(error);
        return v;
    }

    /** One entry: [id, [field, value, ...]]. */
    static void replyItem(ReplySink out, RedisStream.Item it) {
        out.array(2);
        out.bulk(it.id.bytes());
        if (it.values == null) { // a pending entry whose message was deleted
            out.nullArray();
            return;
        }
        out.array(it.values.length * 2);
        for (int i = 0; i < it.values.length; i++) {
            out.bulk(it.fields[i]);
            out.bulk(it.values[i]);
        }
    }

    static void replyItems(ReplySink out, List<RedisStream.Item> items) {
        out.array(items.size());
        for (RedisStream.Item it : items) replyItem(out, it);
    }

    static long nodeMaxBytes(Ctx c) {
        return c.server.config().getLong("stream-node-max-bytes");
    }

    static long nodeMaxEntries(Ctx c) {
        return c.server.config().getLong("stream-node-max-entries");
    }

    // --- XADD / XTRIM options ---

    /** streamAddTrimArgs. */
    static final class TrimArgs {
        StreamID id;
        boolean idGiven;
        boolean seqGiven = true;
        boolean noMkStream;
        /** 0 none, 1 MAXLEN, 2 MINID. */
        int strategy;
        boolean approx;
        long limit;
        long maxLen;
        StreamID minId;
        /** XADD: index of the ID argument. */
        int idPos;
    }

    /** streamParseAddOrTrimArgsOrReply. */
    static TrimArgs parseTrimArgs(Ctx c, boolean xadd) {
        TrimArgs a = new TrimArgs();
        boolean limitGiven = false;
        int i = 2;
        int argc = c.argc();
        for (; i < argc; i++) {
            int more = argc - 1 - i;
            byte[] opt = c.arg(i);
            if (xadd && isOneChar(opt, '*')) {
                break;
            } else if (c.is(i, "maxlen") && more > 0) {
                if (a.strategy != 0) throw new RedisError(Errors.XTRIM_MAXLEN_MINID);
                a.approx = false;
                if (more >= 2 && isOneChar(c.arg(i + 1), '~')) {
                    a.approx = true;
                    i++;
                } else if (more >= 2 && isOneChar(c.arg(i + 1), '=')) {
                    i++;
                }
                a.maxLen = c.longArg(i + 1);
                if (a.maxLen < 0) throw new RedisError(Errors.XTRIM_MAXLEN_NEGATIVE);
                i++;
                a.strategy = 1;
            } else if (c.is(i, "minid") && more > 0) {
                if (a.strategy != 0) throw new RedisError(Errors.XTRIM_MAXLEN_MINID);
                a.approx = false;
                if (more >= 2 && isOneChar(c.arg(i + 1), '~')) {
                    a.approx = true;
                    i++;
                } else if (more >= 2 && isOneChar(c.arg(i + 1), '=')) {
                    i++;
                }
                a.minId = parseStrictId(c, i + 1, 0);
                i++;
                a.strategy = 2;
            } else if (c.is(i, "limit") && more > 0) {
                a.limit = c.longArg(i + 1);
                if (a.limit < 0) throw new RedisError(Errors.XTRIM_LIMIT_NEGATIVE);
                limitGiven = true;
                i++;
            } else if (xadd && c.is(i, "nomkstream")) {
                a.noMkStream = true;
            } else if (xadd) {
                StreamID.Parsed p = StreamID.parse(opt, 0, true, true);
                if (p == null) throw new RedisError(Errors.XID_INVALID);
                a.id = p.id;
                a.seqGiven = p.seqGiven;
                a.idGiven = true;
                break;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        if (a.limit != 0 && a.strategy == 0) throw new RedisError(Errors.XTRIM_LIMIT_NO_STRATEGY);
        if (!xadd && a.strategy == 0) throw new RedisError(Errors.XTRIM_NO_STRATEGY);
        if (limitGiven) {
            if (!a.approx) throw new RedisError(Errors.XTRIM_LIMIT_NO_APPROX);
        } else if (a.approx) {
            // Approximate trimming without LIMIT does at most 100 nodes' worth of work.
            a.limit = 100 * nodeMaxEntries(c);
            if (a.limit <= 0) a.limit = 10000;
            if (a.limit > 1000000) a.limit = 1000000;
        } else {
            a.limit = 0;
        }
        a.idPos = i;
        return a;
    }

    /**
     * Whether the argument reads as the one-character token {@code ch} the way Redis compares it:
     * as a C string, so anything after a NUL byte is ignored ("$\0junk" is "$").
     */
    static boolean isOneChar(byte[] a, char ch) {
        return a.length >= 1 && a[0] == ch && (a.length == 1 || a[1] == 0);
    }

    static long trim(RedisStream s, TrimArgs a) {
        if (a.strategy == 0) return 0;
        return s.trim(a.maxLen, a.strategy == 2 ? a.minId : null, a.approx, a.limit);
    }

    // --- commands ---

    /** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...] */
    static void xadd(Ctx c) {
        long dirty0 = c.server.dirty;
        TrimArgs a = parseTrimArgs(c, true);
        int fieldPos = a.idPos + 1;
        int pairs = c.argc() - fieldPos;
        if (pairs < 2 || pairs % 2 == 1) throw new RedisError(Errors.wrongArity("xadd"));
        if (a.idGiven && a.seqGiven && a.id.isZero()) throw new RedisError(Errors.XADD_ID_ZERO);
        byte[] key = c.arg(1);
        RedisStream s = stream(c.db().lookupWrite(key));
        if (s == null) {
            if (a.noMkStream) {
                c.out.nullBulk();
                return;
            }
            s = new RedisStream();
            c.db().add(key, s);
        }
        if (s.lastId.equals(StreamID.MAX)) throw new RedisError(Errors.XADD_EXHAUSTED);
        int n = pairs / 2;
        byte[][] fields = new byte[n][];
        byte[][] values = new byte[n][];
        long total = 0;
        for (int j = 0; j < n; j++) {
            fields[j] = c.arg(fieldPos + 2 * j);
            values[j] = c.arg(fieldPos + 2 * j + 1);
            total += fields[j].length + values[j].length;
        }
        StreamID id;
        if (a.idGiven) {
            if (a.seqGiven) {
                id = a.id;
            } else if (s.lastId.ms == a.id.ms) {
                // "ms-*" in the last ID's millisecond: its sequence + 1, unless that overflows
                // (Redis then reports the stale errno: the "too large" text).
                if (s.lastId.seq == -1L) throw new RedisError(Errors.XADD_TOO_LARGE);
                id = new StreamID(s.lastId.ms, s.lastId.seq + 1);
            } else {
                id = a.id;
            }
        } else {
            id = s.nextAutoId(c.now());
        }
        if (id.compareTo(s.lastId) <= 0) throw new RedisError(Errors.XADD_ID_TOO_SMALL);
        if (total > RedisStream.LISTPACK_MAX_SIZE) throw new RedisError(Errors.XADD_TOO_LARGE);
        s.append(id, fields, values, nodeMaxBytes(c), nodeMaxEntries(c));
        c.out.bulk(id.bytes());
        c.db().signalModified(key);
        notify(c, "xadd", key);
        c.server.dirty = dirty0 + 1;
        if (a.strategy != 0 && trim(s, a) != 0) notify(c, "xtrim", key);
        StreamReadCommands.signalReady(c, key);
    }

    static void xlen(Ctx c) {
        RedisStream s = stream(c.db().lookupRead(c.arg(1), c.client));
        c.out.integer(s == null ? 0 : s.length);
    }

    /** XRANGE key start end [COUNT n] and XREVRANGE key end start [COUNT n]. */
    static void xrange(Ctx c, boolean rev) {
        StreamID start = parseRangeStart(c, rev ? 3 : 2);
        StreamID end = parseRangeEnd(c, rev ? 2 : 3);
        long count = -1;
        for (int j = 4; j < c.argc(); j++) {
            int additional = c.argc() - j - 1;
            if (c.is(j, "count") && additional >= 1) {
                count = c.longArg(j + 1);
                if (count < 0) count = 0;
                j++;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        RedisStream s = stream(c.db().lookupRead(c.arg(1), c.client));
        if (s == null) {
            c.out.array(0);
            return;
        }
        if (count == 0) {
            c.out.nullArray();
            return;
        }
        replyItems(c.out, s.range(start, end, rev, count == -1 ? 0 : count));
    }

    static void xdel(Ctx c) {
        byte[] key = c.arg(1);
        RedisStream s = stream(c.db().lookupWrite(key));
        if (s == null) {
            c.out.integer(0);
            return;
        }
        StreamID[] ids = new StreamID[c.argc() - 2];
        for (int j = 2; j < c.argc(); j++) ids[j - 2] = parseStrictId(c, j, 0);
        int deleted = 0;
        boolean firstEntry = false;
        for (StreamID id : ids) {
            if (s.delete(id)) {
                if (id.equals(s.firstId)) firstEntry = true;
                if (id.compareTo(s.maxDeletedId) > 0) s.maxDeletedId = id;
                deleted++;
            }
        }
        if (deleted > 0) {
            if (s.length == 0) s.firstId = StreamID.MIN;
            else if (firstEntry) s.refreshFirstId();
            long dirty0 = c.server.dirty;
            c.db().signalModified(key);
            notify(c, "xdel", key);
            c.server.dirty = dirty0 + deleted;
        }
        c.out.integer(deleted);
    }

    static void xtrim(Ctx c) {
        TrimArgs a = parseTrimArgs(c, false);
        byte[] key = c.arg(1);
        RedisStream s = stream(c.db().lookupWrite(key));
        if (s == null) {
            c.out.integer(0);
            return;
        }
        long deleted = trim(s, a);
        if (deleted != 0) {
            notify(c, "xtrim", key);
            long dirty0 = c.server.dirty;
            c.db().signalModified(key);
            c.server.dirty = dirty0 + deleted;
        }
        c.out.integer(deleted);
    }

    /** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id]. */
    static void xsetid(Ctx c) {
        StreamID id = parseStrictId(c, 2, 0);
        StreamID maxDel = StreamID.MIN;
        long entriesAdded = -1;
        int i = 3;
        while (i < c.argc()) {
            int more = c.argc() - 1 - i;
            if (c.is(i, "entriesadded") && more > 0) {
                entriesAdded = c.longArg(i + 1);
                if (entriesAdded < 0) throw new RedisError(Errors.XSETID_ENTRIES_ADDED);
                i += 2;
            } else if (c.is(i, "maxdeletedid") && more > 0) {
                maxDel = parseStrictId(c, i + 1, 0);
                if (id.compareTo(maxDel) < 0) throw new RedisError(Errors.XSETID_SMALLER_THAN_MAXDEL);
                i += 2;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        byte[] key = c.arg(1);
        RedisObject o = c.db().lookupWrite(key);
        if (o == null) throw new RedisError(Errors.NO_SUCH_KEY);
        RedisStream s = stream(o);
        if (s.length > 0) {
            StreamID max = s.lastValidId();
            if (id.compareTo(max) < 0) throw new RedisError(Errors.XSETID_SMALLER_THAN_TOP);
            if (entriesAdded != -1 && s.length > entriesAdded) throw new RedisError(Errors.XSETID_ENTRIES_ADDED_SMALL);
        }
        s.lastId = id;
        if (entriesAdded != -1) s.entriesAdded = entriesAdded;
        if (!maxDel.isZero()) s.maxDeletedId = maxDel;
        c.ok();
        c.server.dirty++;
        notify(c, "xsetid", key);
    }
}
