package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.util.LongDouble;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;

/** INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT. Results replace the value and keep the key's TTL. */
public final class StringNumberCommands {
    private StringNumberCommands() {}

    static void register(CommandRegistry r) {
        r.add("incr", c -> incrDecr(c, 1));
        r.add("decr", c -> incrDecr(c, -1));
        r.add("incrby", c -> incrDecr(c, c.longArg(2)));
        r.add("decrby", StringNumberCommands::decrby);
        r.add("incrbyfloat", StringNumberCommands::incrbyfloat);
    }

    /** The string at key for writing (missing: null); WRONGTYPE for another type. */
    private static RedisString writeString(Ctx c, byte[] key) {
        RedisObject o = c.db().lookupWrite(key);
        if (o != null && !(o instanceof RedisString)) throw new RedisError(Errors.WRONGTYPE);
        return (RedisString) o;
    }

    static void decrby(Ctx c) {
        long by = c.longArg(2);
        // Negating LLONG_MIN would overflow; Redis has its own message for it.
        if (by == Long.MIN_VALUE) throw new RedisError(Errors.DECREMENT_OVERFLOW);
        incrDecr(c, -by);
    }

    /**
     * Redis's incrDecrCommand: the value must be a canonical int64 text (a missing key is 0); the
     * sum may not leave the int64 range. The result is int-encoded; event "incrby" for all four.
     */
    static void incrDecr(Ctx c, long incr) {
        byte[] key = c.arg(1);
        RedisString s = writeString(c, key);
        Long old = StringCommands.asLong(s);
        if (old == null) throw new RedisError(Errors.NOT_INTEGER);
        long v = old;
        if ((incr < 0 && v < 0 && incr < Long.MIN_VALUE - v) || (incr > 0 && v > 0 && incr > Long.MAX_VALUE - v)) {
            throw new RedisError(Errors.OVERFLOW);
        }
        v += incr;
        c.db().put(key, new RedisString(Num.bytes(v)), true);
        StringCommands.notify(c, Notifications.STRING, "incrby", key);
        c.out.integer(v);
    }

    /**
     * INCRBYFLOAT in C long double (80-bit extended) arithmetic: the stored value, then the
     * increment, must parse (else "not a valid float"); a NaN or infinite sum is refused. The result
     * is printed as "%.17Lf" without trailing zeros and stored as a plain string (embstr, never int).
     */
    static void incrbyfloat(Ctx c) {
        byte[] key = c.arg(1);
        RedisString s = writeString(c, key);
        LongDouble value = s == null ? LongDouble.ZERO : LongDouble.parse(s.value());
        if (value == null) throw new RedisError(Errors.NOT_FLOAT);
        LongDouble incr = LongDouble.parse(c.arg(2));
        if (incr == null) throw new RedisError(Errors.NOT_FLOAT);
        LongDouble sum = value.add(incr);
        if (sum == null || sum.isInfinite()) throw new RedisError(Errors.INCR_NAN_INF);
        byte[] out = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
        Database db = c.db();
        db.put(key, RedisString.created(out), true);
        StringCommands.notify(c, Notifications.STRING, "incrbyfloat", key);
        c.out.bulk(out);
        // replicas get the value, not the float arithmetic: SET key value KEEPTTL
        if (Propagation.wanted(c)) Propagation.as(c, Propagation.cmd("SET", key, out, "KEEPTTL"));
    }
}
