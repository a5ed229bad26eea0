package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;

/** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST. */
public final class ExpireCommands {
    private ExpireCommands() {}

    private static final int NX = 1;
    private static final int XX = 2;
    private static final int GT = 4;
    private static final int LT = 8;

    public static void register(CommandRegistry r) {
        r.add("expire", c -> expire(c, false, true));
        r.add("pexpire", c -> expire(c, false, false));
        r.add("expireat", c -> expire(c, true, true));
        r.add("pexpireat", c -> expire(c, true, false));
        r.add("ttl", c -> ttl(c, false, false));
        r.add("pttl", c -> ttl(c, true, false));
        r.add("expiretime", c -> ttl(c, false, true));
        r.add("pexpiretime", c -> ttl(c, true, true));
        r.add("persist", ExpireCommands::persist);
    }

    /** Redis's expireGenericCommand: options, overflow checks, then NX/XX/GT/LT against the current TTL. */
    static void expire(Ctx c, boolean absolute, boolean seconds) {
        int flags = parseFlags(c);
        long when = c.longArg(2);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) throw new RedisError(Errors.invalidExpireTime(c.spec.name));
            when *= 1000;
        }
        // one clock reading for the base and the already-expired check: a pause between two
        // readings (GC, a loaded machine) would otherwise delete a key given a 1 ms TTL at once
        long now = c.now();
        long base = absolute ? 0 : now;
        if (when > Long.MAX_VALUE - base) throw new RedisError(Errors.invalidExpireTime(c.spec.name));
        when += base;
        Database db = c.db();
        byte[] key = c.arg(1);
        if (db.lookupWrite(key) == null) {
            c.out.integer(0);
            return;
        }
        if (flags != 0) {
            long current = db.expireAt(key);
            if ((flags & NX) != 0 && current != -1
                    || (flags & XX) != 0 && current == -1
                    // no TTL counts as infinite: GT never passes, LT always does
                    || (flags & GT) != 0 && (current == -1 || when <= current)
                    || (flags & LT) != 0 && current != -1 && when >= current) {
                c.out.integer(0);
                return;
            }
        }
        if (when <= now) {
            db.delete(key);
            c.server.notifications().notify(Notifications.GENERIC, "del", key, db.id);
            if (Propagation.wanted(c)) Propagation.as(c, Propagation.expiredDelete(c, key));
        } else {
            db.setExpire(key, when);
            c.server.notifications().notify(Notifications.GENERIC, "expire", key, db.id);
            // replicas get the absolute time: PEXPIREAT key ms, the NX/XX/GT/LT options kept
            if (Propagation.wanted(c)) {
                Object[] parts = new Object[c.argc()];
                parts[0] = "PEXPIREAT";
                parts[1] = key;
                parts[2] = Long.toString(when);
                for (int i = 3; i < c.argc(); i++) parts[i] = c.arg(i);
                Propagation.as(c, Propagation.cmd(parts));
            }
        }
        c.out.integer(1);
    }

    private static int parseFlags(Ctx c) {
        int flags = 0;
        for (int i = 3; i < c.argc(); i++) {
            if (c.is(i, "nx")) flags |= NX;
            else if (c.is(i, "xx")) flags |= XX;
            else if (c.is(i, "gt")) flags |= GT;
            else if (c.is(i, "lt")) flags |= LT;
            else throw new RedisError(Errors.unsupportedOption(c.str(i)));
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) throw new RedisError(Errors.EXPIRE_NX_INCOMPATIBLE);
        if ((flags & GT) != 0 && (flags & LT) != 0) throw new RedisError(Errors.EXPIRE_GT_LT_INCOMPATIBLE);
        return flags;
    }

    /** TTL family: -2 missing, -1 no TTL; seconds are rounded as Redis does ((ms + 500) / 1000). */
    static void ttl(Ctx c, boolean millis, boolean absolute) {
        Database db = c.db();
        byte[] key = c.arg(1);
        if (db.lookupReadNoTouch(key, true) == null) {
            c.out.integer(-2);
            return;
        }
        long at = db.expireAt(key);
        if (at == -1) {
            c.out.integer(-1);
            return;
        }
        long t = absolute ? at : Math.max(0, at - c.now());
        c.out.integer(millis ? t : (t + 500) / 1000);
    }

    static void persist(Ctx c) {
        Database db = c.db();
        byte[] key = c.arg(1);
        if (db.lookupWrite(key) != null && db.persist(key)) {
            c.server.notifications().notify(Notifications.GENERIC, "persist", key, db.id);
            c.out.integer(1);
        } else {
            c.out.integer(0);
        }
    }
}
