package dev.emredis.internal.rdb;

import dev.emredis.internal.keyspace.RedisHash;
import dev.emredis.internal.keyspace.RedisList;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisSet;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.keyspace.RedisZSet;
import java.util.List;

/**
 * rdbLoadObject for every type Redis 7.0 can load, old encodings included, choosing the
 * encoding Redis would end up with under the current configuration. Everything is decoded into
 * the emulator's own structures, so every embedded listpack, ziplist, intset and zipmap is fully
 * validated (what sanitize-dump-payload yes checks); anything wrong raises
 * {@link RdbFormatException}. An empty aggregate is an error too, as for Redis.
 */
public final class RdbLoader {
    private RdbLoader() {}

    public static RedisObject read(int type, RdbIn in, RdbLimits lim) {
        switch (type) {
            case RdbTypes.STRING:
                return new RedisString(in.string());
            case RdbTypes.LIST: {
                long n = nonEmpty(in.count());
                RedisList l = new RedisList();
                for (long i = 0; i < n; i++) l.addLast(in.string());
                return l;
            }
            case RdbTypes.LIST_QUICKLIST:
            case RdbTypes.LIST_QUICKLIST_2:
                return quicklist(type, in);
            case RdbTypes.LIST_ZIPLIST: {
                RedisList l = new RedisList();
                for (byte[] e : Ziplist.decode(in.string())) l.addLast(e);
                nonEmpty(l.size());
                return l;
            }
            case RdbTypes.SET:
                return set(in, lim);
            case RdbTypes.SET_INTSET: {
                byte[] blob = in.string();
                long[] v = Intset.decode(blob);
                RedisSet s = RedisSet.fromIntset(v, Intset.width(blob));
                if (v.length > lim.setMaxIntsetEntries()) s.convert();
                return s;
            }
            case RdbTypes.ZSET:
            case RdbTypes.ZSET_2:
                return zset(type, in, lim);
            case RdbTypes.ZSET_ZIPLIST:
                return zsetFromPairs(Ziplist.decode(in.string()), lim);
            case RdbTypes.ZSET_LISTPACK:
                return zsetFromPairs(Listpack.decode(in.string()), lim);
            case RdbTypes.HASH:
                return hash(in, lim);
            case RdbTypes.HASH_ZIPMAP: {
                List<byte[]> kv = Zipmap.decode(in.string());
                // converted like a listpack, but checking value lengths as well
                RedisHash h = hashFromPairs(kv, lim);
                long max = 0;
                for (byte[] b : kv) max = Math.max(max, b.length);
                if (max > lim.hashMaxValue()) h.convert();
                return h;
            }
            case RdbTypes.HASH_ZIPLIST:
                return hashFromPairs(Ziplist.decode(in.string()), lim);
            case RdbTypes.HASH_LISTPACK:
                return hashFromPairs(Listpack.decode(in.string()), lim);
            case RdbTypes.STREAM_LISTPACKS:
            case RdbTypes.STREAM_LISTPACKS_2:
                return StreamRdb.read(type, in);
            default:
                // module values (no modules here) and unknown types
                throw RdbIn.bad("Unknown RDB encoding type " + type);
        }
    }

    private static long nonEmpty(long n) {
        if (n == 0) throw RdbIn.bad("empty key");
        return n;
    }

    private static RedisList quicklist(int type, RdbIn in) {
        int nodes = (int) nonEmpty(in.count());
        RedisList l = new RedisList();
        // Redis appends each node as it comes (a ziplist converted to a listpack), so the
        // restored list keeps the payload's layout; empty nodes are skipped
        int[] layout = new int[nodes];
        int kept = 0;
        for (int i = 0; i < nodes; i++) {
            long container = RdbTypes.CONTAINER_PACKED;
            if (type == RdbTypes.LIST_QUICKLIST_2) {
                container = in.len();
                if (container != RdbTypes.CONTAINER_PACKED && container != RdbTypes.CONTAINER_PLAIN) {
                    throw RdbIn.bad("Quicklist integrity check failed.");
                }
            }
            byte[] data = in.string();
            if (data.length == 0) throw RdbIn.bad("empty quicklist node");
            if (container == RdbTypes.CONTAINER_PLAIN) {
                l.addLast(data);
                layout[kept++] = -1;
                continue;
            }
            List<byte[]> items = type == RdbTypes.LIST_QUICKLIST_2 ? Listpack.decode(data) : Ziplist.decode(data);
            for (byte[] e : items) l.addLast(e);
            if (!items.isEmpty()) layout[kept++] = items.size();
        }
        if (l.size() == 0) throw RdbIn.bad("empty list");
        l.loadedLayout(java.util.Arrays.copyOf(layout, kept));
        return l;
    }

    private static final byte[] NOT_AN_INTEGER = {'x'};

    private static RedisSet set(RdbIn in, RdbLimits lim) {
        int n = (int) nonEmpty(in.count());
        long maxEntries = Math.min(lim.setMaxIntsetEntries(), 1L << 30);
        RedisSet s = null;
        for (int i = 0; i < n; i++) {
            byte[] m = in.string();
            // too many members for an intset: a hashtable from the start (createFor a non-integer)
            if (s == null) s = n > maxEntries ? RedisSet.createFor(NOT_AN_INTEGER) : RedisSet.createFor(m);
            if (!s.add(m, Long.MAX_VALUE)) throw RdbIn.bad("Duplicate set members detected");
        }
        return s;
    }

    private static RedisZSet zset(int type, RdbIn in, RdbLimits lim) {
        int n = (int) nonEmpty(in.count());
        RedisZSet z = RedisZSet.skiplist();
        long maxLen = 0;
        for (int i = 0; i < n; i++) {
            byte[] m = in.string();
            double score = type == RdbTypes.ZSET_2 ? in.binaryDouble() : in.textDouble();
            if (Double.isNaN(score)) throw RdbIn.bad("Zset with NAN score detected");
            if (z.score(m) != null) throw RdbIn.bad("Duplicate zset fields detected");
            maxLen = Math.max(maxLen, m.length);
            z.insertNew(score, m);
        }
        if (z.size() <= lim.zsetMaxEntries() && maxLen <= lim.zsetMaxValue()) {
            z.convertToListpackIfFits(lim.zsetMaxEntries(), lim.zsetMaxValue(), maxLen);
        }
        return z;
    }

    /** A listpack/ziplist of member, score pairs: kept as a listpack unless it has too many entries. */
    private static RedisZSet zsetFromPairs(List<byte[]> pairs, RdbLimits lim) {
        if ((pairs.size() & 1) != 0) throw RdbIn.bad("odd zset listpack");
        if (pairs.isEmpty()) throw RdbIn.bad("empty zset");
        RedisZSet z = RedisZSet.listpack();
        for (int i = 0; i < pairs.size(); i += 2) {
            byte[] m = pairs.get(i);
            // zzlGetScore: strtod of the entry text (integers are stored as such)
            double score = Strtod.parse(pairs.get(i + 1), false);
            if (Double.isNaN(score)) throw RdbIn.bad("NaN score");
            if (z.score(m) != null) throw RdbIn.bad("Duplicate zset fields detected");
            z.insertNew(score == 0 ? 0.0 : score, m);
        }
        if (z.size() > lim.zsetMaxEntries()) z.convertToSkiplist();
        return z;
    }

    private static RedisHash hash(RdbIn in, RdbLimits lim) {
        int n = (int) nonEmpty(in.count());
        RedisHash h = new RedisHash();
        if (n > lim.hashMaxEntries()) h.convert();
        for (int i = 0; i < n; i++) {
            byte[] f = in.string();
            byte[] v = in.string();
            if (h.isListpack() && (f.length > lim.hashMaxValue() || v.length > lim.hashMaxValue())) h.convert();
            if (!h.set(f, v, Long.MAX_VALUE, Long.MAX_VALUE)) throw RdbIn.bad("Duplicate hash fields detected");
        }
        return h;
    }

    /** A listpack/ziplist/zipmap of field, value pairs: kept as a listpack unless it has too many. */
    private static RedisHash hashFromPairs(List<byte[]> pairs, RdbLimits lim) {
        if ((pairs.size() & 1) != 0) throw RdbIn.bad("odd hash listpack");
        if (pairs.isEmpty()) throw RdbIn.bad("empty hash");
        RedisHash h = new RedisHash();
        for (int i = 0; i < pairs.size(); i += 2) {
            if (!h.set(pairs.get(i), pairs.get(i + 1), Long.MAX_VALUE, Long.MAX_VALUE)) throw RdbIn.bad("Hash with dup elements");
        }
        if (h.size() > lim.hashMaxEntries()) h.convert();
        return h;
    }
}
