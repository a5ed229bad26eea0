package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Dict;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.util.Glob;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** DEL, UNLINK, EXISTS, TYPE, KEYS, SCAN, RENAME, RENAMENX, RANDOMKEY, MOVE, COPY, TOUCH, OBJECT. */
public final class KeyCommands {
    private KeyCommands() {}

    private static final String[] OBJECT_HELP = {
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
    };
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    public static void register(CommandRegistry r) {
        r.add("del", KeyCommands::del);
        r.add("unlink", KeyCommands::del);
        r.add("exists", KeyCommands::exists);
        r.add("type", KeyCommands::type);
        r.add("keys", KeyCommands::keys);
        r.add("scan", KeyCommands::scan);
        r.add("rename", c -> rename(c, false));
        r.add("renamenx", c -> rename(c, true));
        r.add("randomkey", KeyCommands::randomkey);
        r.add("move", KeyCommands::move);
        r.add("copy", KeyCommands::copy);
        r.add("touch", KeyCommands::touch);
        r.add("object|encoding", c -> object(c, "encoding"));
        r.add("object|refcount", c -> object(c, "refcount"));
        r.add("object|idletime", c -> object(c, "idletime"));
        r.add("object|freq", c -> object(c, "freq"));
        r.add("object|help", c -> ServerCommands.help(c, OBJECT_HELP));
    }

    static void del(Ctx c) {
        Database db = c.db();
        int n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (db.delete(c.arg(i))) {
                c.server.notifications().notify(Notifications.GENERIC, "del", c.arg(i), db.id);
                n++;
            }
        }
        c.out.integer(n);
    }

    static void exists(Ctx c) {
        Database db = c.db();
        int n = 0;
        for (int i = 1; i < c.argc(); i++) if (db.lookupReadNoTouch(c.arg(i), true) != null) n++;
        c.out.integer(n);
    }

    static void type(Ctx c) {
        RedisObject o = c.db().lookupReadNoTouch(c.arg(1), true);
        c.out.simple(o == null ? "none" : o.type());
    }

    /** KEYS: logically expired keys are skipped but not deleted, as Redis's keyIsExpired. */
    static void keys(Ctx c) {
        Database db = c.db();
        byte[] pattern = c.arg(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> out = new ArrayList<>();
        for (byte[] k : db.keys.keys()) {
            if ((all || Glob.match(pattern, k)) && !db.isLogicallyExpired(k)) out.add(k);
        }
        c.out.array(out.size());
        for (byte[] k : out) c.out.bulk(k);
    }

    /** Redis's cursor parsing (strtoull): decimal, a leading '-' wraps around, no junk. */
    static long parseCursor(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        if (!s.matches("[+-]?[0-9]+")) throw new RedisError(Errors.INVALID_CURSOR);
        BigInteger v = new BigInteger(s.startsWith("+") ? s.substring(1) : s);
        if (v.abs().compareTo(TWO_64) >= 0) throw new RedisError(Errors.INVALID_CURSOR);
        return v.mod(TWO_64).longValue();
    }

    /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type], Redis's scanGenericCommand over the keyspace. */
    static void scan(Ctx c) {
        long cursor = parseCursor(c.arg(1));
        long count = 10;
        byte[] pattern = null;
        String type = null;
        for (int i = 2; i < c.argc(); i++) {
            boolean more = i + 1 < c.argc();
            if (c.is(i, "count") && more) {
                count = c.longArg(i + 1);
                if (count < 1) throw new RedisError(Errors.SYNTAX);
                i++;
            } else if (c.is(i, "match") && more) {
                pattern = c.arg(i + 1);
                if (pattern.length == 1 && pattern[0] == '*') pattern = null;
                i++;
            } else if (c.is(i, "type") && more) {
                type = c.str(i + 1);
                i++;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        Database db = c.db();
        List<byte[]> found = new ArrayList<>();
        long iterations = count * 10;
        do {
            cursor = db.keys.scan(cursor, e -> found.add(e.key));
        } while (cursor != 0 && iterations-- > 0 && found.size() < count);
        List<byte[]> out = new ArrayList<>(found.size());
        for (byte[] k : found) {
            if (pattern != null && !Glob.match(pattern, k)) continue;
            RedisObject o = db.peek(k); // deletes the key if it expired, as expireIfNeeded
            if (o == null) continue;
            if (type != null && !type.equalsIgnoreCase(o.type())) continue;
            out.add(k);
        }
        c.out.array(2);
        c.out.bulk(Long.toUnsignedString(cursor));
        c.out.array(out.size());
        for (byte[] k : out) c.out.bulk(k);
    }

    static void rename(Ctx c, boolean nx) {
        Database db = c.db();
        byte[] src = c.arg(1);
        byte[] dst = c.arg(2);
        RedisObject o = db.lookupWrite(src);
        if (o == null) throw new RedisError(Errors.NO_SUCH_KEY);
        if (java.util.Arrays.equals(src, dst)) {
            if (nx) c.out.integer(0);
            else c.ok();
            return;
        }
        long expire = db.expireAt(src);
        boolean dstExists = db.lookupWrite(dst) != null;
        if (dstExists && nx) {
            c.out.integer(0);
            return;
        }
        // Redis signals the source, then the destination: client tracking's invalidations for
        // one client arrive in that order, so the source goes first here.
        db.delete(src);
        if (dstExists) db.delete(dst);
        db.put(dst, o);
        if (expire != -1) db.setExpire(dst, expire);
        c.server.notifications().notify(Notifications.GENERIC, "rename_from", src, db.id);
        c.server.notifications().notify(Notifications.GENERIC, "rename_to", dst, db.id);
        if (nx) c.out.integer(1);
        else c.ok();
    }

    /** RANDOMKEY: a key picked at random; expired picks are deleted and another one is tried. */
    static void randomkey(Ctx c) {
        Database db = c.db();
        while (true) {
            Dict.Entry<RedisObject> e = db.keys.randomEntry(c.server.random());
            if (e == null) {
                c.out.nullBulk();
                return;
            }
            if (db.peek(e.key) != null) {
                c.out.bulk(e.key);
                return;
            }
        }
    }

    /** A db index argument as Redis's getIntFromObject + selectDb check it. */
    private static Database targetDb(Ctx c, int i) {
        long id = c.longArg(i);
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) throw new RedisError(Errors.NOT_INTEGER);
        if (id < 0 || id >= c.server.dbs().length) throw new RedisError(Errors.DB_INDEX_OUT_OF_RANGE);
        return c.server.db((int) id);
    }

    static void move(Ctx c) {
        if (c.server.cluster != null) throw new RedisError(Errors.MOVE_IN_CLUSTER);
        Database src = c.db();
        Database dst = targetDb(c, 2);
        if (src == dst) throw new RedisError(Errors.SAME_OBJECT);
        byte[] key = c.arg(1);
        RedisObject o = src.lookupWrite(key);
        if (o == null || dst.lookupWrite(key) != null) {
            c.out.integer(0);
            return;
        }
        long expire = src.expireAt(key);
        dst.put(key, o);
        if (expire != -1) dst.setExpire(key, expire);
        src.delete(key);
        c.server.notifications().notify(Notifications.GENERIC, "move_from", key, src.id);
        c.server.notifications().notify(Notifications.GENERIC, "move_to", key, dst.id);
        c.out.integer(1);
    }

    static void copy(Ctx c) {
        Database src = c.db();
        Database dst = src;
        boolean replace = false;
        for (int i = 3; i < c.argc(); i++) {
            if (c.is(i, "replace")) {
                replace = true;
            } else if (c.is(i, "db") && i + 1 < c.argc()) {
                dst = targetDb(c, ++i);
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        byte[] key = c.arg(1);
        byte[] newKey = c.arg(2);
        if (src == dst && java.util.Arrays.equals(key, newKey)) throw new RedisError(Errors.SAME_OBJECT);
        RedisObject o = src.lookupRead(key, c.client);
        if (o == null) {
            c.out.integer(0);
            return;
        }
        long expire = src.expireAt(key);
        if (dst.lookupWrite(newKey) != null) {
            if (!replace) {
                c.out.integer(0);
                return;
            }
            dst.delete(newKey);
        }
        dst.put(newKey, o.copy());
        if (expire != -1) dst.setExpire(newKey, expire);
        c.server.notifications().notify(Notifications.GENERIC, "copy_to", newKey, dst.id);
        c.out.integer(1);
    }

    static void touch(Ctx c) {
        Database db = c.db();
        int n = 0;
        for (int i = 1; i < c.argc(); i++) if (db.lookupRead(c.arg(i), c.client) != null) n++;
        c.out.integer(n);
    }

    private static boolean lfu(Ctx c) {
        return c.server.config().get("maxmemory-policy").contains("lfu");
    }

    /** OBJECT ENCODING|REFCOUNT|IDLETIME|FREQ: looked up without touching the key or sending keymiss. */
    static void object(Ctx c, String what) {
        RedisObject o = c.db().lookupReadNoTouch(c.arg(2), false);
        if (o == null) {
            c.out.nullBulk();
            return;
        }
        switch (what) {
            case "encoding":
                c.out.bulk(o.encoding());
                break;
            case "refcount":
                c.out.integer(refcount(c, o));
                break;
            case "idletime":
                if (lfu(c)) throw new RedisError(Errors.OBJECT_IDLETIME_WITH_LFU);
                c.out.integer(Math.max(0, c.now() - o.lastAccess) / 1000);
                break;
            default:
                if (!lfu(c)) throw new RedisError(Errors.OBJECT_FREQ_NEEDS_LFU);
                // Redis answers the counter as decayed now, without storing it
                c.out.integer(dev.emredis.internal.server.Lfu.decayed(c.server, o));
        }
    }

    /**
     * Redis shares the integer objects 0..9999 (refcount INT_MAX) unless maxmemory is set with an
     * LRU/LFU policy; every other value is referenced once.
     */
    private static long refcount(Ctx c, RedisObject o) {
        if (o instanceof RedisString && "int".equals(o.encoding())) {
            Long v = dev.emredis.internal.util.Num.parseLong(((RedisString) o).value());
            String policy = c.server.config().get("maxmemory-policy");
            boolean shareable = c.server.config().get("maxmemory").equals("0") || !(policy.contains("lru") || policy.contains("lfu"));
            if (v != null && v >= 0 && v < 10000 && shareable) return Integer.MAX_VALUE;
        }
        return 1;
    }
}
