package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisHash;
import dev.emredis.internal.keyspace.RedisList;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisSet;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.keyspace.RedisZSet;
import dev.emredis.internal.keyspace.ZSkipList;
import dev.emredis.internal.util.Num;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO, following Redis 7.0's sort.c: options parsed first (a syntax error wins over
 * WRONGTYPE), BY/GET patterns with one '*' and an optional "->field" hash dereference, numeric
 * weights parsed like strtod, ALPHA comparing like strcoll in the C locale (binary-safe only
 * when storing), LIMIT clamped to the input, and a partial quicksort when BY and LIMIT are both
 * given, so ties come out in the order Redis leaves them.
 */
public final class SortCommands {
    private SortCommands() {}

    public static void register(CommandRegistry r) {
        r.add("sort", c -> sort(c, false));
        r.add("sort_ro", c -> sort(c, true));
    }

    /** One element of the sort vector: the element and the weight it sorts by. */
    private static final class Item {
        final byte[] obj;
        double score;
        byte[] cmp;

        Item(byte[] obj) {
            this.obj = obj;
        }
    }

    private static void sort(Ctx c, boolean readonly) {
        boolean desc = false;
        boolean alpha = false;
        boolean dontsort = false;
        long limitStart = 0;
        long limitCount = -1;
        byte[] sortBy = null;
        byte[] storeKey = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < c.argc(); j++) {
            int left = c.argc() - j - 1;
            if (c.is(j, "asc")) {
                desc = false;
            } else if (c.is(j, "desc")) {
                desc = true;
            } else if (c.is(j, "alpha")) {
                alpha = true;
            } else if (c.is(j, "limit") && left >= 2) {
                limitStart = c.longArg(j + 1);
                limitCount = c.longArg(j + 2);
                j += 2;
            } else if (!readonly && c.is(j, "store") && left >= 1) {
                storeKey = c.arg(++j);
            } else if (c.is(j, "by") && left >= 1) {
                sortBy = c.arg(++j);
                // a pattern without '*' is constant: nothing to sort, nothing to look up
                if (indexOf(sortBy, (byte) '*', 0) < 0) dontsort = true;
                // BY and GET read arbitrary keys: Redis wants read access to every key (%R~* or ~*).
                else if (!fullKeyAccess(c)) throw new RedisError(Errors.SORT_BY_ACL);
            } else if (c.is(j, "get") && left >= 1) {
                if (!fullKeyAccess(c)) throw new RedisError(Errors.SORT_GET_ACL);
                gets.add(c.arg(++j));
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }

        Database db = c.db();
        RedisObject val = db.lookupRead(c.arg(1), c.client);
        if (val != null && !(val instanceof RedisList || val instanceof RedisSet || val instanceof RedisZSet)) {
            throw new RedisError(Errors.WRONGTYPE);
        }
        // A set has no order of its own: stored or scripted results are sorted so replicas agree.
        if (dontsort && val instanceof RedisSet && (storeKey != null || c.fromScript)) {
            dontsort = false;
            alpha = true;
            sortBy = null;
        }
        // Redis converts a listpack sorted set to a skiplist before sorting it.
        if (val instanceof RedisZSet && ((RedisZSet) val).isListpack()) ((RedisZSet) val).convertToSkiplist();

        int len = val == null ? 0 : size(val);
        long start = Math.min(Math.max(limitStart, 0), len);
        long count = Math.min(Math.max(limitCount, -1), len);
        long end = count < 0 ? len - 1 : start + count - 1;
        if (start >= len) {
            start = len - 1;
            end = len - 2;
        }
        if (end >= len) end = len - 1;

        Item[] vector;
        if (dontsort && (val instanceof RedisList || val instanceof RedisZSet)) {
            // native order, only the requested range, reversed for DESC
            vector = end >= start ? range(val, (int) start, (int) end, desc) : new Item[0];
            end -= start;
            start = 0;
        } else {
            vector = all(val);
        }

        if (!dontsort) {
            boolean conversionError = false;
            for (Item it : vector) {
                byte[] by;
                if (sortBy != null) {
                    by = lookupByPattern(c, sortBy, it.obj);
                    if (by == null) continue;
                } else {
                    by = it.obj;
                }
                if (alpha) {
                    if (sortBy != null) it.cmp = by;
                } else {
                    Double d = strtod(by);
                    if (d == null) conversionError = true;
                    else it.score = d;
                }
            }
            if (conversionError) throw new RedisError(Errors.SORT_SCORE_NOT_DOUBLE);
            Comparator<Item> cmp = comparator(alpha, sortBy != null, storeKey != null, desc);
            if (sortBy != null && (start != 0 || end != vector.length - 1)) {
                PartialQuicksort.sort(vector, cmp, (int) start, (int) end);
            } else {
                Arrays.sort(vector, cmp); // stable, as glibc's merge sort is for qsort
            }
        }

        long outputLen = gets.isEmpty() ? end - start + 1 : gets.size() * (end - start + 1);
        if (storeKey == null) {
            c.out.array((int) outputLen);
            for (long j = start; j <= end; j++) {
                byte[] obj = vector[(int) j].obj;
                if (gets.isEmpty()) c.out.bulk(obj);
                for (byte[] pattern : gets) {
                    byte[] v = lookupByPattern(c, pattern, obj);
                    if (v == null) c.out.nullBulk();
                    else c.out.bulk(v);
                }
            }
            return;
        }
        RedisList result = new RedisList();
        for (long j = start; j <= end; j++) {
            byte[] obj = vector[(int) j].obj;
            if (gets.isEmpty()) result.addLast(obj);
            for (byte[] pattern : gets) {
                byte[] v = lookupByPattern(c, pattern, obj);
                result.addLast(v == null ? new byte[0] : v);
            }
        }
        if (outputLen > 0) {
            db.put(storeKey, result);
            c.server.notifications().notify(Notifications.LIST, "sortstore", storeKey, db.id);
        } else if (db.delete(storeKey)) {
            c.server.notifications().notify(Notifications.GENERIC, "del", storeKey, db.id);
        }
        c.out.integer(outputLen);
    }

    private static int size(RedisObject o) {
        if (o instanceof RedisList) return ((RedisList) o).size();
        if (o instanceof RedisSet) return ((RedisSet) o).size();
        return ((RedisZSet) o).size();
    }

    /** Elements start..end of a list or sorted set in their own order (from the tail for DESC). */
    private static Item[] range(RedisObject o, int start, int end, boolean desc) {
        Item[] v = new Item[end - start + 1];
        if (o instanceof RedisList) {
            RedisList l = (RedisList) o;
            for (int j = 0; j < v.length; j++) v[j] = new Item(l.get(desc ? l.size() - 1 - start - j : start + j));
            return v;
        }
        RedisZSet z = (RedisZSet) o;
        ZSkipList.Node n = z.byRank(desc ? z.size() - 1 - start : start);
        for (int j = 0; j < v.length; j++) {
            v[j] = new Item(n.member);
            n = desc ? n.prev() : n.next();
        }
        return v;
    }

    private static Item[] all(RedisObject o) {
        List<Item> items = new ArrayList<>();
        if (o instanceof RedisList) {
            RedisList l = (RedisList) o;
            for (int j = 0; j < l.size(); j++) items.add(new Item(l.get(j)));
        } else if (o instanceof RedisSet) {
            ((RedisSet) o).forEach(m -> items.add(new Item(m)));
        } else if (o instanceof RedisZSet) {
            for (ZSkipList.Node n = ((RedisZSet) o).list().first(); n != null; n = n.next()) items.add(new Item(n.member));
        }
        return items.toArray(new Item[0]);
    }

    /**
     * Redis's sortCompare: numeric weights with ties broken by the elements themselves; ALPHA
     * compares the BY values (missing ones first) or the elements; strcoll unless storing.
     */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<Item> cmp;
        if (!alpha) {
            cmp = (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.obj, b.obj);
        } else if (byPattern) {
            cmp = (a, b) -> {
                if (a.cmp == null || b.cmp == null) return a.cmp == b.cmp ? 0 : a.cmp == null ? -1 : 1;
                return store ? Arrays.compareUnsigned(a.cmp, b.cmp) : strcoll(a.cmp, b.cmp);
            };
        } else {
            cmp = (a, b) -> store ? Arrays.compareUnsigned(a.obj, b.obj) : strcoll(a.obj, b.obj);
        }
        return desc ? cmp.reversed() : cmp;
    }

    /** strcoll in the C locale: unsigned bytes up to the first NUL. */
    private static int strcoll(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, 0, cstrLen(a), b, 0, cstrLen(b));
    }

    private static int cstrLen(byte[] s) {
        int n = indexOf(s, (byte) 0, 0);
        return n < 0 ? s.length : n;
    }

    /**
     * strtod as SORT uses it: leading white space skipped, the rest (up to a NUL) consumed
     * entirely, no overflow or underflow, no NaN; an empty string is 0.
     */
    private static Double strtod(byte[] s) {
        int end = cstrLen(s);
        if (end == 0) return 0.0;
        int i = 0;
        while (i < end && isSpace(s[i])) i++;
        Double d = Num.parseDouble(Arrays.copyOfRange(s, i, end));
        // strtod reports ERANGE for denormal results too, and SORT checks errno alone
        if (d == null || d.isNaN() || (d != 0 && Math.abs(d) < Double.MIN_NORMAL)) return null;
        return d;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /**
     * The value a BY/GET pattern names for one element: "#" is the element itself; otherwise
     * the first '*' is replaced by the element, "->field" (after the '*', non-empty) reads a hash
     * field; a string key is read as is. No '*' or a missing key or wrong type: null.
     */
    private static byte[] lookupByPattern(Ctx c, byte[] pattern, byte[] subst) {
        if (pattern.length == 1 && pattern[0] == '#') return subst;
        int star = indexOf(pattern, (byte) '*', 0);
        if (star < 0) return null;
        int arrow = -1;
        for (int i = star + 1; i + 1 < pattern.length; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        byte[] field = null;
        int keyEnd = pattern.length;
        if (arrow >= 0 && arrow + 2 < pattern.length) {
            field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
            keyEnd = arrow;
        }
        byte[] key = new byte[star + subst.length + keyEnd - star - 1];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(subst, 0, key, star, subst.length);
        System.arraycopy(pattern, star + 1, key, star + subst.length, keyEnd - star - 1);
        RedisObject o = c.db().lookupRead(key, c.client);
        if (o == null) return null;
        if (field != null) return o instanceof RedisHash ? ((RedisHash) o).get(field) : null;
        return o instanceof RedisString ? ((RedisString) o).value() : null;
    }

    private static int indexOf(byte[] s, byte b, int from) {
        for (int i = from; i < s.length; i++) if (s[i] == b) return i;
        return -1;
    }

    /** Redis's ACLUserCheckCmdWithUnrestrictedKeyAccess(..., CMD_KEY_ACCESS) for the running client. */
    private static boolean fullKeyAccess(Ctx c) {
        return c.server.acl().unrestrictedKeyAccess(c.client.aclUser, c.spec, c.argv, java.util.List.of("access"));
    }
}
