package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.util.Num;

/**
 * GET, SET and its variants (SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX), MGET, MSET, MSETNX,
 * APPEND, STRLEN, GETRANGE, SUBSTR, SETRANGE. Counters are in {@link StringNumberCommands},
 * LCS in {@link LcsCommand}.
 */
public final class StringCommands {
    private StringCommands() {}

    public static void register(CommandRegistry r) {
        r.add("get", StringCommands::get);
        r.add("set", StringCommands::set);
        r.add("setnx", StringCommands::setnx);
        r.add("setex", StringCommands::setex);
        r.add("psetex", StringCommands::psetex);
        r.add("getset", StringCommands::getset);
        r.add("getdel", StringCommands::getdel);
        r.add("getex", StringCommands::getex);
        r.add("mget", StringCommands::mget);
        r.add("mset", c -> mset(c, false));
        r.add("msetnx", c -> mset(c, true));
        r.add("append", StringCommands::append);
        r.add("strlen", StringCommands::strlen);
        r.add("getrange", StringCommands::getrange);
        r.add("substr", StringCommands::getrange);
        r.add("setrange", StringCommands::setrange);
        StringNumberCommands.register(r);
        LcsCommand.register(r);
    }

    // Option flags shared by SET and GETEX (Redis's OBJ_* flags).
    static final int NX = 1;
    static final int XX = 1 << 1;
    static final int EX = 1 << 2;
    static final int PX = 1 << 3;
    static final int KEEPTTL = 1 << 4;
    static final int GET = 1 << 5;
    static final int EXAT = 1 << 6;
    static final int PXAT = 1 << 7;
    static final int PERSIST = 1 << 8;

    /** Parsed SET/GETEX options: flags and the index of the expire argument (0 if none). */
    private static final class Opts {
        int flags;
        int expireArg;
    }

    /**
     * Redis's parseExtendedStringArgumentsOrReply. Each option is accepted only when it does not
     * conflict with one seen before (NX/XX, KEEPTTL/PERSIST and the four expire forms exclude each
     * other); a repeated option is allowed and the last expire value wins. Anything else, or an
     * expire option without a value, is a syntax error.
     */
    private static Opts parseOptions(Ctx c, boolean isSet) {
        Opts o = new Opts();
        int ttlForms = EX | PX | EXAT | PXAT;
        for (int j = isSet ? 3 : 2; j < c.argc(); j++) {
            boolean hasNext = j < c.argc() - 1;
            int f = o.flags;
            if (isSet && c.is(j, "nx") && (f & XX) == 0) {
                o.flags |= NX;
            } else if (isSet && c.is(j, "xx") && (f & NX) == 0) {
                o.flags |= XX;
            } else if (isSet && c.is(j, "get")) {
                o.flags |= GET;
            } else if (isSet && c.is(j, "keepttl") && (f & (PERSIST | ttlForms)) == 0) {
                o.flags |= KEEPTTL;
            } else if (!isSet && c.is(j, "persist") && (f & (KEEPTTL | ttlForms)) == 0) {
                o.flags |= PERSIST;
            } else if (hasNext && (f & (KEEPTTL | PERSIST)) == 0 && expireForm(c, j, f, ttlForms) != 0) {
                o.flags |= expireForm(c, j, f, ttlForms);
                o.expireArg = ++j;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        return o;
    }

    /** The expire option at j if it does not conflict with another expire form already given, else 0. */
    private static int expireForm(Ctx c, int j, int flags, int ttlForms) {
        int form;
        if (c.is(j, "ex")) form = EX;
        else if (c.is(j, "px")) form = PX;
        else if (c.is(j, "exat")) form = EXAT;
        else if (c.is(j, "pxat")) form = PXAT;
        else return 0;
        return (flags & ttlForms & ~form) == 0 ? form : 0;
    }

    /**
     * Redis's getExpireMillisecondsOrReply: the absolute expire time in ms. Non-positive values,
     * seconds that would overflow in ms, and relative times that overflow once the current time is
     * added are "invalid expire time".
     */
    static long expireMillis(Ctx c, int arg, int flags, String cmd) {
        long v = c.longArg(arg);
        boolean seconds = (flags & (EX | EXAT)) != 0;
        if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) throw new RedisError(Errors.invalidExpireTime(cmd));
        if (seconds) v *= 1000;
        if ((flags & (EX | PX)) != 0) v += c.now(); // wraps negative on overflow, as in C
        if (v <= 0) throw new RedisError(Errors.invalidExpireTime(cmd));
        return v;
    }

    static void notify(Ctx c, int type, String event, byte[] key) {
        c.server.notifications().notify(type, event, key, c.db().id);
    }

    /** GET's reply; WRONGTYPE (thrown before anything is written) for another type. */
    private static RedisString replyGet(Ctx c, byte[] key) {
        RedisString s = c.readString(key);
        if (s == null) c.out.nullBulk();
        else c.out.bulk(s.value());
        return s;
    }

    static void get(Ctx c) {
        replyGet(c, c.arg(1));
    }

    static void set(Ctx c) {
        Opts o = parseOptions(c, true);
        setGeneric(c, o.flags, c.arg(1), c.arg(2), o.expireArg, "set", false);
    }

    static void setnx(Ctx c) {
        setGeneric(c, NX, c.arg(1), c.arg(2), 0, "setnx", true);
    }

    static void setex(Ctx c) {
        setGeneric(c, EX, c.arg(1), c.arg(3), 2, "setex", false);
    }

    static void psetex(Ctx c) {
        setGeneric(c, PX, c.arg(1), c.arg(3), 2, "psetex", false);
    }

    /**
     * Redis's setGenericCommand: expire validated first, then GET's reply (which may fail with
     * WRONGTYPE, leaving the key alone), then the NX/XX condition. The key loses its TTL unless
     * KEEPTTL; events "set" then "expire". SETNX answers 1/0 instead of OK/nil.
     */
    private static void setGeneric(Ctx c, int flags, byte[] key, byte[] val, int expireArg, String cmd, boolean intReply) {
        long when = expireArg > 0 ? expireMillis(c, expireArg, flags, cmd) : 0;
        if ((flags & GET) != 0) replyGet(c, key);
        Database db = c.db();
        boolean found = db.lookupWrite(key) != null;
        if (((flags & NX) != 0 && found) || ((flags & XX) != 0 && !found)) {
            if ((flags & GET) == 0) {
                if (intReply) c.out.integer(0);
                else c.out.nullBulk();
            }
            return;
        }
        db.put(key, new RedisString(val), (flags & KEEPTTL) != 0);
        notify(c, Notifications.STRING, "set", key);
        if (expireArg > 0) {
            db.setExpire(key, when);
            notify(c, Notifications.GENERIC, "expire", key);
            // SET with EX/PX/EXAT/PXAT, SETEX, PSETEX reach replicas as SET key value PXAT ms
            if (Propagation.wanted(c)) Propagation.as(c, Propagation.cmd("SET", key, val, "PXAT", Long.toString(when)));
        } else if ((flags & GET) != 0 && Propagation.wanted(c)) {
            // without an expire the command goes as run, minus its GET argument
            java.util.List<byte[]> argv = new java.util.ArrayList<>();
            for (int i = 0; i < c.argc(); i++) if (i < 3 || !c.is(i, "get")) argv.add(c.arg(i));
            Propagation.as(c, argv.toArray(new byte[0][]));
        }
        if ((flags & GET) == 0) {
            if (intReply) c.out.integer(1);
            else c.ok();
        }
    }

    static void getset(Ctx c) {
        byte[] key = c.arg(1);
        replyGet(c, key);
        c.db().put(key, new RedisString(c.arg(2)));
        notify(c, Notifications.STRING, "set", key);
        if (Propagation.wanted(c)) Propagation.as(c, Propagation.cmd("SET", key, c.arg(2)));
    }

    static void getdel(Ctx c) {
        byte[] key = c.arg(1);
        if (replyGet(c, key) != null && c.db().delete(key)) {
            notify(c, Notifications.GENERIC, "del", key);
            if (Propagation.wanted(c)) Propagation.as(c, Propagation.cmd("DEL", key));
        }
    }

    /**
     * GETEX: options are parsed before the lookup, the expire value is checked only when the key
     * exists. EXAT/PXAT in the past delete the key ("del"); PERSIST fires "persist" only if a TTL
     * was removed.
     */
    static void getex(Ctx c) {
        Opts o = parseOptions(c, false);
        byte[] key = c.arg(1);
        RedisString s = c.readString(key);
        if (s == null) {
            c.out.nullBulk();
            return;
        }
        long when = o.expireArg > 0 ? expireMillis(c, o.expireArg, o.flags, "getex") : 0;
        c.out.bulk(s.value());
        Database db = c.db();
        if ((o.flags & (EXAT | PXAT)) != 0 && when <= c.now()) {
            db.delete(key);
            notify(c, Notifications.GENERIC, "del", key);
            if (Propagation.wanted(c)) Propagation.as(c, Propagation.expiredDelete(c, key));
        } else if (o.expireArg > 0) {
            db.setExpire(key, when);
            notify(c, Notifications.GENERIC, "expire", key);
            if (Propagation.wanted(c)) Propagation.as(c, Propagation.cmd("PEXPIREAT", key, Long.toString(when)));
        } else if ((o.flags & PERSIST) != 0) {
            if (db.persist(key)) notify(c, Notifications.GENERIC, "persist", key);
            if (Propagation.wanted(c)) Propagation.as(c, Propagation.cmd("PERSIST", key));
        }
    }

    /** MGET: nil for missing keys and for keys of another type (no WRONGTYPE). */
    static void mget(Ctx c) {
        Database db = c.db();
        c.out.array(c.argc() - 1);
        for (int j = 1; j < c.argc(); j++) {
            RedisObject o = db.lookupRead(c.arg(j), c.client);
            if (o instanceof RedisString) c.out.bulk(((RedisString) o).value());
            else c.out.nullBulk();
        }
    }

    /** MSET/MSETNX: an odd number of key/value arguments is an arity error; MSETNX sets nothing if any key exists. */
    static void mset(Ctx c, boolean nx) {
        if (c.argc() % 2 == 0) throw new RedisError(Errors.wrongArity(nx ? "msetnx" : "mset"));
        Database db = c.db();
        if (nx) {
            for (int j = 1; j < c.argc(); j += 2) {
                if (db.lookupWrite(c.arg(j)) != null) {
                    c.out.integer(0);
                    return;
                }
            }
        }
        for (int j = 1; j < c.argc(); j += 2) {
            db.put(c.arg(j), new RedisString(c.arg(j + 1)));
            notify(c, Notifications.STRING, "set", c.arg(j));
        }
        if (nx) c.out.integer(1);
        else c.ok();
    }

    /** Redis's checkStringLength: the resulting size may not exceed proto-max-bulk-len. */
    static void checkStringLength(Ctx c, long size, long append) {
        long total = size + append;
        if (total < size || total < append || total > c.server.config().getLong("proto-max-bulk-len")) {
            throw new RedisError(Errors.STRING_TOO_LONG);
        }
    }

    /** APPEND: a new key is stored like SET's value; an existing one becomes raw, keeping its TTL. */
    static void append(Ctx c) {
        byte[] key = c.arg(1);
        byte[] add = c.arg(2);
        Database db = c.db();
        RedisObject o = db.lookupWrite(key);
        long total;
        if (o == null) {
            db.put(key, new RedisString(add));
            total = add.length;
        } else {
            if (!(o instanceof RedisString)) throw new RedisError(Errors.WRONGTYPE);
            RedisString s = (RedisString) o;
            byte[] old = s.value();
            checkStringLength(c, old.length, add.length);
            byte[] v = new byte[old.length + add.length];
            System.arraycopy(old, 0, v, 0, old.length);
            System.arraycopy(add, 0, v, old.length, add.length);
            s.value(v, true);
            db.signalModified(key);
            total = v.length;
        }
        notify(c, Notifications.STRING, "append", key);
        c.out.integer(total);
    }

    static void strlen(Ctx c) {
        RedisString s = c.readString(c.arg(1));
        c.out.integer(s == null ? 0 : s.value().length);
    }

    /**
     * GETRANGE/SUBSTR: both indexes parsed before the lookup; a missing key is an empty string.
     * Negative indexes count from the end and are clamped to 0, end is clamped to the last byte;
     * two negative indexes with start > end give an empty string.
     */
    static void getrange(Ctx c) {
        long start = c.longArg(2);
        long end = c.longArg(3);
        RedisString s = c.readString(c.arg(1));
        if (s == null) {
            c.out.bulk(new byte[0]);
            return;
        }
        byte[] v = s.value();
        long len = v.length;
        if (start < 0 && end < 0 && start > end) {
            c.out.bulk(new byte[0]);
            return;
        }
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= len) end = len - 1;
        if (start > end || len == 0) c.out.bulk(new byte[0]);
        else c.out.bulk(v, (int) start, (int) (end - start + 1));
    }

    /**
     * SETRANGE: negative offsets are out of range; an empty value changes nothing and answers the
     * current length (0 for a missing key, which is not created); the gap is zero-filled; the
     * value becomes raw and keeps its TTL.
     */
    static void setrange(Ctx c) {
        long offset = c.longArg(2);
        if (offset < 0) throw new RedisError(Errors.OFFSET_OUT_OF_RANGE);
        byte[] key = c.arg(1);
        byte[] val = c.arg(3);
        Database db = c.db();
        RedisObject o = db.lookupWrite(key);
        byte[] result;
        if (o == null) {
            if (val.length == 0) {
                c.out.integer(0);
                return;
            }
            checkStringLength(c, offset, val.length);
            result = new byte[(int) (offset + val.length)];
            System.arraycopy(val, 0, result, (int) offset, val.length);
            db.put(key, RedisString.raw(result));
        } else {
            if (!(o instanceof RedisString)) throw new RedisError(Errors.WRONGTYPE);
            RedisString s = (RedisString) o;
            byte[] old = s.value();
            if (val.length == 0) {
                c.out.integer(old.length);
                return;
            }
            checkStringLength(c, offset, val.length);
            int newLen = (int) Math.max(old.length, offset + val.length);
            result = newLen == old.length ? old.clone() : java.util.Arrays.copyOf(old, newLen);
            System.arraycopy(val, 0, result, (int) offset, val.length);
            s.value(result, true);
            db.signalModified(key);
        }
        notify(c, Notifications.STRING, "setrange", key);
        c.out.integer(result.length);
    }

    /** The integer text of a value for INCR and friends, or null when it is not a canonical int64. */
    static Long asLong(RedisString s) {
        return s == null ? Long.valueOf(0) : Num.parseLong(s.value());
    }
}
