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
import java.util.Arrays;

/**
 * Bit operations on strings (Redis's bitops.c): GETBIT, SETBIT, BITCOUNT, BITPOS, BITOP. Bits
 * are numbered from the most significant bit of the first byte. BITFIELD lives in
 * {@link BitfieldCommands}.
 */
public final class BitmapCommands {
    private BitmapCommands() {}

    public static void register(CommandRegistry r) {
        r.add("getbit", BitmapCommands::getbit);
        r.add("setbit", BitmapCommands::setbit);
        r.add("bitcount", BitmapCommands::bitcount);
        r.add("bitpos", BitmapCommands::bitpos);
        r.add("bitop", BitmapCommands::bitop);
        BitfieldCommands.register(r);
    }

    /**
     * getBitOffsetFromArgument: a non-negative integer (times the width for "#N" in BITFIELD)
     * whose byte lies below proto-max-bulk-len.
     */
    static long bitOffset(Ctx c, byte[] arg, boolean hash, int bits) {
        boolean useHash = hash && bits > 0 && arg.length > 0 && arg[0] == '#';
        Long v = Num.parseLong(useHash ? Arrays.copyOfRange(arg, 1, arg.length) : arg);
        if (v == null) throw new RedisError(Errors.BIT_OFFSET);
        long off = useHash ? v * bits : v;
        if (off < 0 || (off >> 3) >= c.server.config().getLong("proto-max-bulk-len")) {
            throw new RedisError(Errors.BIT_OFFSET);
        }
        return off;
    }

    /**
     * lookupStringForBitCommand: the string to write bits into, created or zero-padded so that
     * bit {@code maxBit} exists; the value becomes raw. Returns the value and whether its size changed.
     */
    static RedisString writableString(Ctx c, long maxBit, boolean[] grew) {
        Database db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupWrite(key);
        if (o != null && !(o instanceof RedisString)) throw new RedisError(Errors.WRONGTYPE);
        int need = (int) ((maxBit >> 3) + 1);
        if (o == null) {
            RedisString s = RedisString.raw(new byte[need]);
            db.add(key, s);
            grew[0] = true;
            return s;
        }
        RedisString s = (RedisString) o;
        byte[] v = s.value();
        if (v.length < need) {
            s.value(Arrays.copyOf(v, need), true);
            grew[0] = true;
        } else {
            // Redis unshares the value: a private, raw copy from now on
            s.value(v, true);
        }
        return s;
    }

    static void getbit(Ctx c) {
        long off = bitOffset(c, c.arg(2), false, 0);
        RedisString s = c.readString(c.arg(1));
        if (s == null) {
            c.out.integer(0);
            return;
        }
        c.out.integer(bit(s.value(), off));
    }

    static int bit(byte[] v, long off) {
        long idx = off >> 3;
        if (idx >= v.length) return 0;
        return (v[(int) idx] >> (7 - (int) (off & 7))) & 1;
    }

    static void setbit(Ctx c) {
        long off = bitOffset(c, c.arg(2), false, 0);
        Long on = Num.parseLong(c.arg(3));
        if (on == null || (on & ~1L) != 0) throw new RedisError(Errors.BIT_VALUE);
        boolean[] grew = {false};
        RedisString s = writableString(c, off, grew);
        byte[] v = s.value();
        int old = bit(v, off);
        if (grew[0] || old != on) {
            int idx = (int) (off >> 3);
            int mask = 1 << (7 - (int) (off & 7));
            v[idx] = (byte) (on == 1 ? v[idx] | mask : v[idx] & ~mask);
            c.db().signalModified(c.arg(1));
            c.server.notifications().notify(Notifications.STRING, "setbit", c.arg(1), c.db().id);
        }
        c.out.integer(old);
    }

    /** BITCOUNT key [start end [BYTE|BIT]]: the key is looked up before the range is read. */
    static void bitcount(Ctx c) {
        RedisString s = c.readString(c.arg(1));
        if (s == null) {
            c.out.integer(0);
            return;
        }
        byte[] p = s.value();
        long start;
        long end;
        boolean isBit = false;
        if (c.argc() == 4 || c.argc() == 5) {
            long totlen = p.length;
            start = c.longArg(2);
            end = c.longArg(3);
            if (start < 0 && end < 0 && start > end) {
                c.out.integer(0);
                return;
            }
            if (c.argc() == 5) {
                if (c.is(4, "bit")) isBit = true;
                else if (!c.is(4, "byte")) throw new RedisError(Errors.SYNTAX);
            }
            if (isBit) totlen <<= 3;
            if (start < 0) start = totlen + start;
            if (end < 0) end = totlen + end;
            if (start < 0) start = 0;
            if (end < 0) end = 0;
            if (end >= totlen) end = totlen - 1;
        } else if (c.argc() == 2) {
            start = 0;
            end = p.length - 1;
        } else {
            throw new RedisError(Errors.SYNTAX);
        }
        if (start > end) {
            c.out.integer(0);
            return;
        }
        if (!isBit) {
            start <<= 3;
            end = (end << 3) + 7;
        }
        c.out.integer(countBits(p, start, end));
    }

    /** Set bits from bit {@code from} to bit {@code to}, both inclusive. */
    private static long countBits(byte[] p, long from, long to) {
        long n = 0;
        long b = from;
        while (b <= to && (b & 7) != 0) n += bit(p, b++);
        while (b + 63 <= to) {
            int i = (int) (b >> 3);
            long word = 0;
            for (int k = 0; k < 8; k++) word = (word << 8) | (p[i + k] & 0xff);
            n += Long.bitCount(word);
            b += 64;
        }
        while (b + 7 <= to) {
            n += Integer.bitCount(p[(int) (b >> 3)] & 0xff);
            b += 8;
        }
        while (b <= to) n += bit(p, b++);
        return n;
    }

    /**
     * BITPOS key bit [start [end [BYTE|BIT]]]. Looking for a clear bit without an end treats
     * the string as padded with zeros on the right: the first bit after the range is answered.
     */
    static void bitpos(Ctx c) {
        Long bitArg = Num.parseLong(c.arg(2));
        if (bitArg == null) throw new RedisError(Errors.NOT_INTEGER);
        if (bitArg != 0 && bitArg != 1) throw new RedisError(Errors.BIT_ARGUMENT);
        int want = bitArg.intValue();
        RedisString s = c.readString(c.arg(1));
        if (s == null) {
            c.out.integer(want == 1 ? -1 : 0);
            return;
        }
        byte[] p = s.value();
        long start;
        long end;
        boolean isBit = false;
        boolean endGiven = false;
        if (c.argc() >= 4 && c.argc() <= 6) {
            long totlen = p.length;
            start = c.longArg(3);
            if (c.argc() == 6) {
                if (c.is(5, "bit")) isBit = true;
                else if (!c.is(5, "byte")) throw new RedisError(Errors.SYNTAX);
            }
            if (c.argc() >= 5) {
                end = c.longArg(4);
                endGiven = true;
            } else {
                end = isBit ? (totlen << 3) + 7 : totlen - 1;
            }
            if (isBit) totlen <<= 3;
            if (start < 0) start = totlen + start;
            if (end < 0) end = totlen + end;
            if (start < 0) start = 0;
            if (end < 0) end = 0;
            if (end >= totlen) end = totlen - 1;
        } else if (c.argc() == 3) {
            start = 0;
            end = p.length - 1;
        } else {
            throw new RedisError(Errors.SYNTAX);
        }
        if (start > end) {
            c.out.integer(-1);
            return;
        }
        if (!isBit) {
            start <<= 3;
            end = (end << 3) + 7;
        }
        for (long b = start; b <= end; b++) {
            if ((b & 7) == 0 && b + 7 <= end) {
                int byteVal = p[(int) (b >> 3)] & 0xff;
                if (byteVal == (want == 1 ? 0 : 0xff)) {
                    b += 7;
                    continue;
                }
            }
            if (bit(p, b) == want) {
                c.out.integer(b);
                return;
            }
        }
        c.out.integer(want == 1 || endGiven ? -1 : end + 1);
    }

    /** BITOP AND|OR|XOR|NOT destkey key [key ...]: the result is as long as the longest input. */
    static void bitop(Ctx c) {
        int op;
        if (c.is(1, "and")) op = 0;
        else if (c.is(1, "or")) op = 1;
        else if (c.is(1, "xor")) op = 2;
        else if (c.is(1, "not")) op = 3;
        else throw new RedisError(Errors.SYNTAX);
        if (op == 3 && c.argc() != 4) throw new RedisError(Errors.BITOP_NOT_ONE_KEY);
        int n = c.argc() - 3;
        byte[][] src = new byte[n][];
        int maxlen = 0;
        for (int j = 0; j < n; j++) {
            RedisObject o = c.db().lookupRead(c.arg(j + 3), c.client);
            if (o == null) {
                src[j] = new byte[0];
                continue;
            }
            if (!(o instanceof RedisString)) throw new RedisError(Errors.WRONGTYPE);
            src[j] = ((RedisString) o).value();
            maxlen = Math.max(maxlen, src[j].length);
        }
        Database db = c.db();
        byte[] dest = c.arg(2);
        if (maxlen > 0) {
            byte[] res = new byte[maxlen];
            for (int i = 0; i < maxlen; i++) {
                int out = i < src[0].length ? src[0][i] & 0xff : 0;
                if (op == 3) out = ~out & 0xff;
                for (int j = 1; j < n; j++) {
                    int b = i < src[j].length ? src[j][i] & 0xff : 0;
                    if (op == 0) out &= b;
                    else if (op == 1) out |= b;
                    else out ^= b;
                }
                res[i] = (byte) out;
            }
            db.put(dest, RedisString.raw(res));
            c.server.notifications().notify(Notifications.STRING, "set", dest, db.id);
        } else if (db.delete(dest)) {
            c.server.notifications().notify(Notifications.GENERIC, "del", dest, db.id);
        }
        c.out.integer(maxlen);
    }
}
