package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.util.Num;
import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO (Redis's bitfieldGeneric): GET/SET/INCRBY on signed (i1..i64) and
 * unsigned (u1..u63) integers at any bit offset, with OVERFLOW WRAP|SAT|FAIL applying to the
 * operations after it. All operations are parsed before any runs.
 */
final class BitfieldCommands {
    private BitfieldCommands() {}

    private static final int GET = 0;
    private static final int SET = 1;
    private static final int INCRBY = 2;
    private static final int WRAP = 0;
    private static final int SAT = 1;
    private static final int FAIL = 2;

    private record Op(int opcode, long offset, long value, int overflow, int bits, boolean signed) { }

    static void register(CommandRegistry r) {
        r.add("bitfield", c -> bitfield(c, false));
        r.add("bitfield_ro", c -> bitfield(c, true));
    }

    private static void bitfield(Ctx c, boolean readonlyCommand) {
        List<Op> ops = new ArrayList<>();
        int overflow = WRAP;
        boolean readonly = true;
        long highestWrite = 0;
        for (int j = 2; j < c.argc(); j++) {
            int rem = c.argc() - j - 1;
            int opcode;
            if (c.is(j, "get") && rem >= 2) {
                opcode = GET;
            } else if (c.is(j, "set") && rem >= 3) {
                opcode = SET;
            } else if (c.is(j, "incrby") && rem >= 3) {
                opcode = INCRBY;
            } else if (c.is(j, "overflow") && rem >= 1) {
                j++;
                if (c.is(j, "wrap")) overflow = WRAP;
                else if (c.is(j, "sat")) overflow = SAT;
                else if (c.is(j, "fail")) overflow = FAIL;
                else throw new RedisError(Errors.BITFIELD_OVERFLOW_TYPE);
                continue;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
            byte[] type = c.arg(j + 1);
            boolean signed = type.length > 0 && type[0] == 'i';
            if (type.length == 0 || (type[0] != 'i' && type[0] != 'u')) throw new RedisError(Errors.BITFIELD_TYPE);
            Long bits = Num.parseLong(cString(type, 1));
            if (bits == null || bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
                throw new RedisError(Errors.BITFIELD_TYPE);
            }
            long offset = BitmapCommands.bitOffset(c, c.arg(j + 2), true, bits.intValue());
            long value = 0;
            if (opcode != GET) {
                readonly = false;
                highestWrite = Math.max(highestWrite, offset + bits - 1);
                value = c.longArg(j + 3);
            }
            ops.add(new Op(opcode, offset, value, overflow, bits.intValue(), signed));
            j += opcode == GET ? 2 : 3;
        }

        byte[] p;
        boolean grew = false;
        if (readonly) {
            RedisObject o = c.db().lookupRead(c.arg(1), c.client);
            if (o != null && !(o instanceof RedisString)) throw new RedisError(Errors.WRONGTYPE);
            p = o == null ? null : ((RedisString) o).value();
        } else {
            if (readonlyCommand) throw new RedisError(Errors.BITFIELD_RO_GET_ONLY);
            boolean[] g = {false};
            p = BitmapCommands.writableString(c, highestWrite, g).value();
            grew = g[0];
        }

        c.out.array(ops.size());
        int changes = 0;
        for (Op op : ops) {
            if (op.opcode == GET) {
                long v = p == null || (op.offset >> 3) >= p.length ? 0 : get(p, op.offset, op.bits);
                c.out.integer(op.signed ? signExtend(v, op.bits) : v);
                continue;
            }
            long old = get(p, op.offset, op.bits);
            long oldVal = op.signed ? signExtend(old, op.bits) : old;
            long[] limit = new long[1];
            long newVal;
            long reply;
            int over;
            if (op.signed) {
                if (op.opcode == INCRBY) {
                    over = signedOverflow(oldVal, op.value, op.bits, op.overflow, limit);
                    newVal = over != 0 ? limit[0] : oldVal + op.value;
                    reply = newVal;
                } else {
                    newVal = op.value;
                    over = signedOverflow(newVal, 0, op.bits, op.overflow, limit);
                    if (over != 0) newVal = limit[0];
                    reply = oldVal;
                }
            } else {
                if (op.opcode == INCRBY) {
                    newVal = oldVal + op.value;
                    over = unsignedOverflow(oldVal, op.value, op.bits, op.overflow, limit);
                    if (over != 0) newVal = limit[0];
                    reply = newVal;
                } else {
                    newVal = op.value;
                    over = unsignedOverflow(newVal, 0, op.bits, op.overflow, limit);
                    if (over != 0) newVal = limit[0];
                    reply = oldVal;
                }
            }
            if (over != 0 && op.overflow == FAIL) {
                c.out.nullBulk();
                continue;
            }
            c.out.integer(reply);
            set(p, op.offset, op.bits, newVal);
            if (grew || oldVal != newVal) changes++;
        }
        if (changes > 0) {
            c.db().signalModified(c.arg(1));
            c.server.notifications().notify(Notifications.STRING, "setbit", c.arg(1), c.db().id);
        }
    }

    /** The text up to the first NUL after {@code from} (Redis reads the width with strlen). */
    private static byte[] cString(byte[] b, int from) {
        int end = from;
        while (end < b.length && b[end] != 0) end++;
        return java.util.Arrays.copyOfRange(b, from, end);
    }

    /** getUnsignedBitfield over the bytes present (missing bytes read as zero). */
    private static long get(byte[] p, long offset, int bits) {
        long v = 0;
        for (int j = 0; j < bits; j++) v = (v << 1) | BitmapCommands.bit(p, offset + j);
        return v;
    }

    private static void set(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            long bitval = (value >>> (bits - 1 - j)) & 1;
            long o = offset + j;
            int idx = (int) (o >> 3);
            int mask = 1 << (7 - (int) (o & 7));
            p[idx] = (byte) (bitval == 1 ? p[idx] | mask : p[idx] & ~mask);
        }
    }

    private static long signExtend(long v, int bits) {
        if (bits < 64 && (v & (1L << (bits - 1))) != 0) v |= -1L << bits;
        return v;
    }

    /** checkUnsignedBitfieldOverflow: 1 up, -1 down, 0 none; limit gets the wrapped or saturated value. */
    private static int unsignedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = (1L << bits) - 1;
        long maxincr = max - value;
        long minincr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxincr)) {
            if (owtype == WRAP) limit[0] = (value + incr) & ~(-1L << bits);
            else if (owtype == SAT) limit[0] = max;
            return 1;
        } else if (incr < 0 && incr < minincr) {
            if (owtype == WRAP) limit[0] = (value + incr) & ~(-1L << bits);
            else if (owtype == SAT) limit[0] = 0;
            return -1;
        }
        return 0;
    }

    /** checkSignedBitfieldOverflow, with C's wrapping arithmetic. */
    private static int signedOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxincr = max - value;
        long minincr = min - value;
        if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) {
            if (owtype == WRAP) limit[0] = wrapSigned(value, incr, bits);
            else if (owtype == SAT) limit[0] = max;
            return 1;
        } else if (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr)) {
            if (owtype == WRAP) limit[0] = wrapSigned(value, incr, bits);
            else if (owtype == SAT) limit[0] = min;
            return -1;
        }
        return 0;
    }

    private static long wrapSigned(long value, long incr, int bits) {
        long c = value + incr;
        if (bits < 64) {
            long mask = -1L << bits;
            if ((c & (1L << (bits - 1))) != 0) c |= mask;
            else c &= ~mask;
        }
        return c;
    }
}
