package dev.emredis.internal.rdb;

import dev.emredis.internal.keyspace.RedisHash;
import dev.emredis.internal.keyspace.RedisList;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisSet;
import dev.emredis.internal.keyspace.RedisStream;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.keyspace.RedisZSet;
import dev.emredis.internal.keyspace.ZSkipList;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * rdbSaveObjectType/rdbSaveObject for every type, in the layout Redis 7.0 writes for the
 * encoding the value has: strings (int or text), lists as quicklist 2 (one listpack per node),
 * hashes and sorted sets as one listpack or element by element, sets as an intset blob or member
 * by member, streams (see {@link StreamRdb}).
 */
public final class RdbValues {
    private RdbValues() {}

    /** rdbSaveObjectType. */
    public static int typeOf(RedisObject o) {
        if (o instanceof RedisString) return RdbTypes.STRING;
        if (o instanceof RedisList) return RdbTypes.LIST_QUICKLIST_2;
        if (o instanceof RedisSet s) return s.isIntset() ? RdbTypes.SET_INTSET : RdbTypes.SET;
        if (o instanceof RedisZSet z) return z.isListpack() ? RdbTypes.ZSET_LISTPACK : RdbTypes.ZSET_2;
        if (o instanceof RedisHash h) return h.isListpack() ? RdbTypes.HASH_LISTPACK : RdbTypes.HASH;
        if (o instanceof RedisStream) return RdbTypes.STREAM_LISTPACKS_2;
        throw new IllegalArgumentException("no RDB type for " + o.type());
    }

    /** rdbSaveObject. */
    public static void write(RdbOut out, RedisObject o, RdbLimits limits) {
        if (o instanceof RedisString s) {
            if (s.encoding().equals("int")) out.longString(Num.parseLong(s.value()));
            else out.string(s.value());
        } else if (o instanceof RedisList l) {
            writeList(out, l, limits.listFill(), limits.listCompressDepth());
        } else if (o instanceof RedisSet s) {
            if (s.isIntset()) {
                long[] v = s.intsetValues();
                out.string(Intset.encode(v, v.length, s.intsetWidth()));
            } else {
                out.len(s.size());
                s.forEach(out::string);
            }
        } else if (o instanceof RedisZSet z) {
            if (z.isListpack()) {
                Listpack.Builder lp = new Listpack.Builder();
                for (ZSkipList.Node n = z.list().first(); n != null; n = n.next()) {
                    lp.add(n.member);
                    lp.add(RedisZSet.listpackScore(n.score).getBytes(StandardCharsets.US_ASCII));
                }
                out.string(lp.build());
            } else {
                // from the greatest element to the smallest, as Redis walks its skiplist
                out.len(z.size());
                for (ZSkipList.Node n = z.list().last(); n != null; n = n.prev()) {
                    out.string(n.member);
                    out.binaryDouble(n.score);
                }
            }
        } else if (o instanceof RedisHash h) {
            if (h.isListpack()) {
                Listpack.Builder lp = new Listpack.Builder();
                h.forEach((f, v) -> {
                    lp.add(f);
                    lp.add(v);
                });
                out.string(lp.build());
            } else {
                out.len(h.size());
                h.forEach((f, v) -> {
                    out.string(f);
                    out.string(v);
                });
            }
        } else if (o instanceof RedisStream s) {
            StreamRdb.write(out, s);
        } else {
            throw new IllegalArgumentException("no RDB encoding for " + o.type());
        }
    }

    /** Elements of 1 GB or more get a plain node of their own (quicklist's packed_threshold). */
    private static final long PACKED_THRESHOLD = 1L << 30;

    /** quicklist's MIN_COMPRESS_BYTES and MIN_COMPRESS_IMPROVE. */
    private static final int MIN_COMPRESS_BYTES = 48;
    private static final int MIN_COMPRESS_IMPROVE = 8;

    /**
     * The quicklist: node count, then per node its container and its listpack (or plain element).
     * With list-compress-depth d, Redis keeps the nodes beyond d from either end LZF-compressed
     * (when that saves at least 8 bytes of a listpack of 48 or more) and DUMP writes them as they
     * are, whatever rdbcompression says.
     */
    private static void writeList(RdbOut out, RedisList l, long fill, long depth) {
        List<Integer> nodes = l.quicklistNodeCounts(fill);
        out.len(nodes.size());
        int at = 0;
        for (int idx = 0; idx < nodes.size(); idx++) {
            int n = nodes.get(idx);
            if (l.loadedPlain(idx) || (n == 1 && l.get(at).length >= PACKED_THRESHOLD)) {
                out.len(RdbTypes.CONTAINER_PLAIN);
                out.string(l.get(at));
            } else {
                out.len(RdbTypes.CONTAINER_PACKED);
                Listpack.Builder lp = new Listpack.Builder();
                for (int i = at; i < at + n; i++) lp.add(l.get(i));
                byte[] bytes = lp.build();
                byte[] lzf = null;
                if (depth > 0 && idx >= depth && idx < nodes.size() - depth && bytes.length >= MIN_COMPRESS_BYTES) {
                    lzf = Lzf.compress(bytes, bytes.length);
                    if (lzf != null && lzf.length + MIN_COMPRESS_IMPROVE >= bytes.length) lzf = null;
                }
                if (lzf != null) out.lzfBlob(lzf, bytes.length);
                else out.string(bytes);
            }
            at += n;
        }
    }

    /** rdbSavedObjectLen: the value's serialized size (DEBUG OBJECT's serializedlength). */
    public static long serializedLength(RedisObject o, RdbLimits limits) {
        RdbOut out = new RdbOut(limits.compression());
        write(out, o, limits);
        return out.size();
    }
}
