package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisList;
import dev.emredis.internal.keyspace.RedisObject;

/** LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LLEN, LRANGE, LINDEX. */
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
    }

    private static RedisList asList(RedisObject o) {
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
}
