package dev.emredis.internal.commands;

import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Dict;
import dev.emredis.internal.util.Glob;
import java.util.ArrayList;
import java.util.List;

/** HSCAN and SSCAN: Redis's cursor parsing, options and the scan loop over a collection's dict. */
final class CollectionScan {
    private CollectionScan() {}

    /** An empty scan reply ({@code shared.emptyscan}) for a missing key. */
    static void emptyReply(Ctx c) {
        c.out.array(2);
        c.out.bulk("0");
        c.out.array(0);
    }

    /**
     * parseScanCursorOrReply: strtoul in base 10 (optional sign, negative values wrap), the whole
     * argument consumed, no leading space, no overflow. An empty argument is cursor 0.
     */
    static long parseCursor(byte[] b) {
        if (b.length == 0) return 0;
        int c0 = b[0];
        if (c0 == ' ' || (c0 >= '\t' && c0 <= '\r')) throw new RedisError(Errors.INVALID_CURSOR);
        int i = 0;
        boolean neg = false;
        if (b[0] == '+' || b[0] == '-') {
            neg = b[0] == '-';
            i = 1;
        }
        if (i >= b.length) throw new RedisError(Errors.INVALID_CURSOR);
        long v = 0;
        for (; i < b.length; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) throw new RedisError(Errors.INVALID_CURSOR);
            // unsigned overflow check: v * 10 + d must stay below 2^64
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) throw new RedisError(Errors.INVALID_CURSOR);
            long m = v * 10;
            long r = m + d;
            if (Long.compareUnsigned(r, m) < 0) throw new RedisError(Errors.INVALID_CURSOR);
            v = r;
        }
        return neg ? -v : v;
    }

    /** Parsed COUNT and MATCH options (TYPE only exists for SCAN). */
    static final class Options {
        long count = 10;
        byte[] pattern;
    }

    static Options options(Ctx c, int from) {
        Options o = new Options();
        int i = from;
        while (i < c.argc()) {
            int left = c.argc() - i;
            if (c.is(i, "count") && left >= 2) {
                o.count = c.longArg(i + 1);
                if (o.count < 1) throw new RedisError(Errors.SYNTAX);
                i += 2;
            } else if (c.is(i, "match") && left >= 2) {
                byte[] p = c.arg(i + 1);
                o.pattern = p.length == 1 && p[0] == '*' ? null : p;
                i += 2;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        return o;
    }

    /**
     * The scan loop over a hashtable: buckets are visited until {@code count} elements were
     * collected (pairs count twice), the cursor is back to 0, or 10*count buckets were visited.
     */
    static <V> long scanDict(Dict<V> d, long cursor, long count, boolean pairs, List<byte[]> out,
            java.util.function.Function<V, byte[]> valueOf) {
        long maxIterations = count * 10;
        do {
            cursor = d.scan(cursor, e -> {
                out.add(e.key);
                if (pairs) out.add(valueOf.apply(e.value));
            });
        } while (cursor != 0 && maxIterations-- != 0 && out.size() < count);
        return cursor;
    }

    /** Applies MATCH (to fields only for pairs) and writes the two-element reply. */
    static void reply(Ctx c, long cursor, List<byte[]> items, byte[] pattern, boolean pairs) {
        List<byte[]> kept = items;
        if (pattern != null) {
            kept = new ArrayList<>();
            int step = pairs ? 2 : 1;
            for (int i = 0; i < items.size(); i += step) {
                if (Glob.match(pattern, items.get(i))) {
                    kept.add(items.get(i));
                    if (pairs) kept.add(items.get(i + 1));
                }
            }
        }
        c.out.array(2);
        c.out.bulk(Long.toString(cursor));
        c.out.array(kept.size());
        for (byte[] b : kept) c.out.bulk(b);
    }
}
