package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisList;
import dev.emredis.internal.keyspace.RedisObject;

/** LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LLEN, LRANGE, LINDEX, LSET, LINSERT, LREM, LTRIM, LPOS. */
public final class ListCommands {
    private ListCommands() {}

    public static void register(CommandRegistry r) {
        r.add("lpush", c -> push(c, true, false));
        r.add("rpush", c -> push(c, false, false));
        r.add("lpushx", c -> push(c, true, true));
        r.add("rpushx", c -> push(c, false, true));
        r.add("lpop", c -> pop(c, true));
        r.add("rpop", c -> pop(c, false));
        r.add("llen", ListCommands::llen);
        r.add("lrange", ListCommands::lrange);
        r.add("lindex", ListCommands::lindex);
        r.add("lset", ListCommands::lset);
        r.add("linsert", ListCommands::linsert);
        r.add("lrem", ListCommands::lrem);
        r.add("ltrim", ListCommands::ltrim);
        r.add("lpos", ListCommands::lpos);
        ListMoveCommands.register(r);
    }

    static RedisList asList(RedisObject o) {
        if (o != null && !(o instanceof RedisList)) throw new RedisError(Errors.WRONGTYPE);
        return (RedisList) o;
    }

    /** Redis's pushGenericCommand: the *X forms do nothing on a missing key. */
    static void push(Ctx c, boolean head, boolean onlyIfExists) {
        Database db = c.db();
        byte[] key = c.arg(1);
        RedisList list = asList(db.lookupWrite(key));
        if (list == null) {
            if (onlyIfExists) {
                c.out.integer(0);
                return;
            }
            list = new RedisList();
            db.add(key, list);
        }
        for (int i = 2; i < c.argc(); i++) {
            if (head) list.addFirst(c.arg(i));
            else list.addLast(c.arg(i));
        }
        c.out.integer(list.size());
        db.signalModified(key);
        c.server.notifications().notify(Notifications.LIST, head ? "lpush" : "rpush", key, db.id);
    }

    /** LPOP/RPOP key [count]: the count is checked before the key; an emptied list is deleted. */
    static void pop(Ctx c, boolean head) {
        if (c.argc() > 3) throw new RedisError(Errors.wrongArity(c.spec.name));
        boolean hasCount = c.argc() == 3;
        long count = 0;
        if (hasCount) {
            Long v = dev.emredis.internal.util.Num.parseLong(c.arg(2));
            if (v == null || v < 0) throw new RedisError(Errors.LIST_COUNT_NOT_POSITIVE);
            count = v;
        }
        Database db = c.db();
        byte[] key = c.arg(1);
        RedisList list = asList(db.lookupWrite(key));
        if (list == null) {
            if (hasCount) c.out.nullArray();
            else c.out.nullBulk();
            return;
        }
        if (hasCount && count == 0) {
            c.out.array(0);
            return;
        }
        if (!hasCount) {
            c.out.bulk(head ? list.removeFirst() : list.removeLast());
        } else {
            int n = (int) Math.min(count, list.size());
            c.out.array(n);
            for (int i = 0; i < n; i++) c.out.bulk(head ? list.removeFirst() : list.removeLast());
        }
        c.server.notifications().notify(Notifications.LIST, head ? "lpop" : "rpop", key, db.id);
        if (list.size() == 0) {
            c.server.notifications().notify(Notifications.GENERIC, "del", key, db.id);
            db.delete(key);
        } else {
            db.signalModified(key);
        }
    }

    static void llen(Ctx c) {
        RedisList list = asList(c.db().lookupRead(c.arg(1), c.client));
        c.out.integer(list == null ? 0 : list.size());
    }

    static void lrange(Ctx c) {
        long start = c.longArg(2);
        long end = c.longArg(3);
        RedisList list = asList(c.db().lookupRead(c.arg(1), c.client));
        if (list == null) {
            c.out.array(0);
            return;
        }
        long len = list.size();
        if (start < 0) start += len;
        if (end < 0) end += len;
        if (start < 0) start = 0;
        if (start > end || start >= len) {
            c.out.array(0);
            return;
        }
        if (end >= len) end = len - 1;
        c.out.array((int) (end - start + 1));
        for (long i = start; i <= end; i++) c.out.bulk(list.get((int) i));
    }

    /** LINDEX looks the key up before parsing the index, as Redis does. */
    static void lindex(Ctx c) {
        RedisList list = asList(c.db().lookupRead(c.arg(1), c.client));
        if (list == null) {
            c.out.nullBulk();
            return;
        }
        long index = c.longArg(2);
        if (index < 0) index += list.size();
        if (index < 0 || index >= list.size()) c.out.nullBulk();
        else c.out.bulk(list.get((int) index));
    }

    /** LSET key index element: a missing key is an error; the index is read after the lookup. */
    static void lset(Ctx c) {
        Database db = c.db();
        byte[] key = c.arg(1);
        RedisList list = asList(db.lookupWrite(key));
        if (list == null) throw new RedisError(Errors.NO_SUCH_KEY);
        long index = c.longArg(2);
        if (index < 0) index += list.size();
        if (index < 0 || index >= list.size()) throw new RedisError(Errors.INDEX_OUT_OF_RANGE);
        list.set((int) index, c.arg(3));
        c.ok();
        db.signalModified(key);
        c.server.notifications().notify(Notifications.LIST, "lset", key, db.id);
    }

    /** LINSERT key BEFORE|AFTER pivot element: -1 when the pivot is absent, 0 when the key is. */
    static void linsert(Ctx c) {
        boolean after;
        if (c.is(2, "after")) after = true;
        else if (c.is(2, "before")) after = false;
        else throw new RedisError(Errors.SYNTAX);
        Database db = c.db();
        byte[] key = c.arg(1);
        RedisList list = asList(db.lookupWrite(key));
        if (list == null) {
            c.out.integer(0);
            return;
        }
        byte[] pivot = c.arg(3);
        for (int i = 0; i < list.size(); i++) {
            if (java.util.Arrays.equals(list.get(i), pivot)) {
                list.insert(after ? i + 1 : i, c.arg(4));
                db.signalModified(key);
                c.server.notifications().notify(Notifications.LIST, "linsert", key, db.id);
                c.out.integer(list.size());
                return;
            }
        }
        c.out.integer(-1);
    }

    /** LREM key count element: count > 0 from the head, < 0 from the tail, 0 all. */
    static void lrem(Ctx c) {
        long toRemove = c.longArg(2);
        Database db = c.db();
        byte[] key = c.arg(1);
        RedisList list = asList(db.lookupWrite(key));
        if (list == null) {
            c.out.integer(0);
            return;
        }
        byte[] e = c.arg(3);
        boolean fromTail = toRemove < 0;
        long limit = fromTail ? -toRemove : toRemove;
        long removed = 0;
        if (fromTail) {
            for (int i = list.size() - 1; i >= 0 && (limit == 0 || removed < limit); i--) {
                if (java.util.Arrays.equals(list.get(i), e)) {
                    list.removeRange(i, 1);
                    removed++;
                }
            }
        } else {
            for (int i = 0; i < list.size() && (limit == 0 || removed < limit); ) {
                if (java.util.Arrays.equals(list.get(i), e)) {
                    list.removeRange(i, 1);
                    removed++;
                } else {
                    i++;
                }
            }
        }
        if (removed > 0) {
            db.signalModified(key);
            c.server.notifications().notify(Notifications.LIST, "lrem", key, db.id);
        }
        if (list.size() == 0) {
            db.delete(key);
            c.server.notifications().notify(Notifications.GENERIC, "del", key, db.id);
        }
        c.out.integer(removed);
    }

    /** LTRIM key start stop: the range is read before the key; an emptied list is deleted. */
    static void ltrim(Ctx c) {
        long start = c.longArg(2);
        long end = c.longArg(3);
        Database db = c.db();
        byte[] key = c.arg(1);
        RedisList list = asList(db.lookupWrite(key));
        if (list == null) {
            c.ok();
            return;
        }
        long len = list.size();
        if (start < 0) start += len;
        if (end < 0) end += len;
        if (start < 0) start = 0;
        long ltrim;
        long rtrim;
        if (start > end || start >= len) {
            ltrim = len;
            rtrim = 0;
        } else {
            if (end >= len) end = len - 1;
            ltrim = start;
            rtrim = len - end - 1;
        }
        list.removeRange(0, (int) ltrim);
        list.removeRange(list.size() - (int) rtrim, (int) rtrim);
        c.server.notifications().notify(Notifications.LIST, "ltrim", key, db.id);
        if (list.size() == 0) {
            db.delete(key);
            c.server.notifications().notify(Notifications.GENERIC, "del", key, db.id);
        } else {
            db.signalModified(key);
        }
        c.ok();
    }

    /** getPositiveLongFromObjectOrReply with a message: used for a non-number too. */
    private static long nonNegative(Ctx c, int i, String error) {
        Long v = dev.emredis.internal.util.Num.parseLong(c.arg(i));
        if (v == null || v < 0) throw new RedisError(error);
        return v;
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
    static void lpos(Ctx c) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < c.argc(); j++) {
            boolean more = c.argc() - 1 - j > 0;
            if (c.is(j, "rank") && more) {
                rank = c.longArg(++j);
                if (rank == 0) throw new RedisError(Errors.LPOS_RANK_ZERO);
            } else if (c.is(j, "count") && more) {
                count = nonNegative(c, ++j, Errors.LPOS_COUNT_NEGATIVE);
            } else if (c.is(j, "maxlen") && more) {
                maxlen = nonNegative(c, ++j, Errors.LPOS_MAXLEN_NEGATIVE);
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        // Redis negates the rank in a C long: LONG_MIN stays negative and so does the direction
        boolean fromTail = rank < 0;
        if (fromTail && rank != Long.MIN_VALUE) rank = -rank;
        RedisList list = asList(c.db().lookupRead(c.arg(1), c.client));
        if (list == null) {
            if (count != -1) c.out.array(0);
            else c.out.nullBulk();
            return;
        }
        byte[] e = c.arg(2);
        int len = list.size();
        java.util.List<Long> found = new java.util.ArrayList<>();
        long matches = 0;
        long match = -1;
        for (long index = 0; index < len && (maxlen == 0 || index < maxlen); index++) {
            int at = (int) (fromTail ? len - 1 - index : index);
            if (java.util.Arrays.equals(list.get(at), e)) {
                matches++;
                if (matches >= rank) {
                    if (count == -1) {
                        match = at;
                        break;
                    }
                    found.add((long) at);
                    if (count != 0 && matches - rank + 1 >= count) break;
                }
            }
        }
        if (count == -1) {
            if (match == -1) c.out.nullBulk();
            else c.out.integer(match);
            return;
        }
        c.out.array(found.size());
        for (long f : found) c.out.integer(f);
    }
}
