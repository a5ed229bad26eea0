package dev.emredis.compat;

import java.util.SplittableRandom;

/**
 * Seeded random sequences of bit commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD)
 * on a few short strings, sent to the emulator and a real redis-server; every reply must be
 * equal. Replay a failure with {@code -Dcompat.seed=N}; {@code -Dcompat.commands=N} sets the
 * sequence length.
 */
class BitmapDifferentialTest extends DifferentialTest {
    private static final String[] KEYS = {"b1", "b2", "b3", "h"};
    private static final String[] RANGE = {"0", "1", "2", "-1", "-2", "-5", "3", "7", "8", "15", "100", "-100"};
    private static final String[] TYPES = {"u1", "u3", "u8", "u16", "u63", "i1", "i5", "i8", "i32", "i64"};
    private static final String[] VALUES = {"0", "1", "-1", "7", "100", "-128", "255", "65535",
        "9223372036854775807", "-9223372036854775808", "12345678901"};

    private static String k(SplittableRandom r) {
        return pick(r, KEYS);
    }

    private static String offset(SplittableRandom r) {
        return r.nextInt(5) == 0 ? "#" + r.nextInt(6) : String.valueOf(r.nextInt(80));
    }

    @Override
    protected String[] next(SplittableRandom r) {
        switch (r.nextInt(16)) {
            case 0: case 1: case 2: return cmd("SETBIT", k(r), String.valueOf(r.nextInt(90)), r.nextBoolean() ? "1" : "0");
            case 3: return cmd("GETBIT", k(r), String.valueOf(r.nextInt(100)));
            case 4: return r.nextBoolean() ? cmd("BITCOUNT", k(r))
                    : cmd("BITCOUNT", k(r), pick(r, RANGE), pick(r, RANGE), r.nextBoolean() ? "BIT" : "BYTE");
            case 5: case 6: {
                int form = r.nextInt(4);
                String bit = r.nextBoolean() ? "1" : "0";
                if (form == 0) return cmd("BITPOS", k(r), bit);
                if (form == 1) return cmd("BITPOS", k(r), bit, pick(r, RANGE));
                if (form == 2) return cmd("BITPOS", k(r), bit, pick(r, RANGE), pick(r, RANGE));
                return cmd("BITPOS", k(r), bit, pick(r, RANGE), pick(r, RANGE), r.nextBoolean() ? "BIT" : "BYTE");
            }
            case 7: return cmd("BITOP", pick(r, new String[] {"AND", "OR", "XOR"}), k(r), k(r), k(r));
            case 8: return cmd("BITOP", "NOT", k(r), k(r));
            case 9: case 10: case 11: {
                String ow = pick(r, new String[] {"WRAP", "SAT", "FAIL"});
                int op = r.nextInt(3);
                if (op == 0) return cmd("BITFIELD", k(r), "GET", pick(r, TYPES), offset(r));
                if (op == 1) return cmd("BITFIELD", k(r), "OVERFLOW", ow, "SET", pick(r, TYPES), offset(r), pick(r, VALUES));
                return cmd("BITFIELD", k(r), "OVERFLOW", ow, "INCRBY", pick(r, TYPES), offset(r), pick(r, VALUES),
                        "GET", pick(r, TYPES), offset(r));
            }
            case 12: return cmd("BITFIELD_RO", k(r), "GET", pick(r, TYPES), offset(r));
            case 13: return cmd("GET", k(r));
            case 14: return r.nextInt(4) == 0 ? cmd("HSET", "h", "f", "v") : cmd("DEL", k(r));
            default: return cmd("SET", k(r), pick(r, new String[] {"", "abc", "12", "\u00ff\u00f0", "foobar"}));
        }
    }
}
