package dev.emredis.compat;

import java.util.SplittableRandom;

/**
 * Seeded random sequences of key, string and transaction commands on a small key space, sent to
 * the emulator and a real redis-server; every reply must be equal (see {@link DifferentialTest}).
 */
class RandomizedDifferentialTest extends DifferentialTest {
    private static final String[] KEYS = {"k1", "k2", "k3", "k4", "k5"};
    private static final String[] VALUES = {"0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808",
        "3.5", "1e3", "abc", "", "hello world", "0x10", " 7", "007", "10.5"};
    /** Whether the sequence is inside MULTI, so it closes transactions it opens. */
    private boolean inMulti;

    @Override
    protected int defaultCommands() {
        return 1000;
    }

    @Override
    protected int defaultSeeds() {
        return 8;
    }

    @Override
    protected java.util.List<String[]> setup(SplittableRandom rnd) {
        inMulti = false; // every seed starts on fresh connections
        return java.util.List.of();
    }

    @Override
    protected String[] next(SplittableRandom rnd) {
        String[] cmd = command(rnd, inMulti);
        if (cmd[0].equals("MULTI")) inMulti = true;
        if (cmd[0].equals("EXEC") || cmd[0].equals("DISCARD")) inMulti = false;
        return cmd;
    }

    private static String k(SplittableRandom r) {
        return KEYS[r.nextInt(KEYS.length)];
    }

    private static String v(SplittableRandom r) {
        return VALUES[r.nextInt(VALUES.length)];
    }

    private static String n(SplittableRandom r) {
        String[] ns = {"0", "1", "-1", "5", "-5", "100", "x", "9223372036854775807"};
        return ns[r.nextInt(ns.length)];
    }

    /** One random command; TTLs are large so both servers agree on TTL replies within a run. */
    private static String[] command(SplittableRandom r, boolean inMulti) {
        int pick = r.nextInt(36);
        switch (pick) {
            case 0: return new String[] {"SET", k(r), v(r)};
            case 1: return new String[] {"SET", k(r), v(r), "NX"};
            case 2: return new String[] {"SET", k(r), v(r), "XX", "GET"};
            case 3: return new String[] {"SET", k(r), v(r), "EX", "1000"};
            case 4: return new String[] {"SET", k(r), v(r), "KEEPTTL"};
            case 5: return new String[] {"GET", k(r)};
            case 6: return new String[] {"INCR", k(r)};
            case 7: return new String[] {"INCRBY", k(r), n(r)};
            case 8: return new String[] {"DECR", k(r)};
            case 9: return new String[] {"DECRBY", k(r), n(r)};
            case 10: return new String[] {"INCRBYFLOAT", k(r), v(r)};
            case 11: return new String[] {"APPEND", k(r), v(r)};
            case 12: return new String[] {"STRLEN", k(r)};
            case 13: return new String[] {"GETRANGE", k(r), n(r), n(r)};
            case 14: return new String[] {"SETRANGE", k(r), String.valueOf(r.nextInt(8)), v(r)};
            case 15: return new String[] {"DEL", k(r), k(r)};
            case 16: return new String[] {"EXISTS", k(r), k(r)};
            case 17: return new String[] {"MSET", k(r), v(r), k(r), v(r)};
            case 18: return new String[] {"MGET", k(r), k(r), k(r)};
            case 19: return new String[] {"SETNX", k(r), v(r)};
            case 20: return new String[] {"GETSET", k(r), v(r)};
            case 21: return new String[] {"GETDEL", k(r)};
            case 22: return new String[] {"EXPIRE", k(r), "1000"};
            case 23: return new String[] {"TTL", k(r)};
            case 24: return new String[] {"PERSIST", k(r)};
            case 25: return new String[] {"TYPE", k(r)};
            case 26: return new String[] {"RENAME", k(r), k(r)};
            case 27: return new String[] {"MSETNX", k(r), v(r), k(r), v(r)};
            case 28: return new String[] {"GETEX", k(r), "PERSIST"};
            case 29: return new String[] {"OBJECT", "ENCODING", k(r)};
            case 30: return inMulti ? new String[] {"EXEC"} : new String[] {"MULTI"};
            case 31: return inMulti ? new String[] {"DISCARD"} : new String[] {"WATCH", k(r)};
            case 32: return new String[] {"LCS", k(r), k(r)};
            case 33: return new String[] {"PSETEX", k(r), "100000", v(r)};
            case 34: return new String[] {"DBSIZE"};
            default: return new String[] {"RENAMENX", k(r), k(r)};
        }
    }
}
