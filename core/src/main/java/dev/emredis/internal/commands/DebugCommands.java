package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Dict;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * DEBUG, the subset tests use: SLEEP (blocks the loop, as Redis), OBJECT, SET-ACTIVE-EXPIRE,
 * RELOAD, CHANGE-REPL-ID, PROTOCOL, ERROR, POPULATE, LOG, and the flag-only switches. Redis
 * refuses DEBUG unless enable-debug-command allows it ({@link #rejection}, checked by the pipeline).
 */
public final class DebugCommands {
    private DebugCommands() {}

    private static final String[] HELP = {
            "AOF-FLUSH-SLEEP <microsec>",
            "    Server will sleep before flushing the AOF, this is used for testing.",
            "ASSERT",
            "    Crash by assertion failed.",
            "CHANGE-REPL-ID",
            "    Change the replication IDs of the instance.",
            "    Dangerous: should be used only for testing the replication subsystem.",
            "CONFIG-REWRITE-FORCE-ALL",
            "    Like CONFIG REWRITE but writes all configuration options, including",
            "    keywords not listed in original configuration file or default values.",
            "CRASH-AND-RECOVER [<milliseconds>]",
            "    Hard crash and restart after a <milliseconds> delay (default 0).",
            "DIGEST",
            "    Output a hex signature representing the current DB content.",
            "DIGEST-VALUE <key> [<key> ...]",
            "    Output a hex signature of the values of all the specified keys.",
            "ERROR <string>",
            "    Return a Redis protocol error with <string> as message. Useful for clients",
            "    unit tests to simulate Redis errors.",
            "LEAK <string>",
            "    Create a memory leak of the input string.",
            "LOG <message>",
            "    Write <message> to the server log.",
            "HTSTATS <dbid>",
            "    Return hash table statistics of the specified Redis database.",
            "HTSTATS-KEY <key>",
            "    Like HTSTATS but for the hash table stored at <key>'s value.",
            "LOADAOF",
            "    Flush the AOF buffers on disk and reload the AOF in memory.",
            "REPLICATE <string>",
            "    Replicates the provided string to replicas, allowing data divergence.",
            "MALLCTL <key> [<val>]",
            "    Get or set a malloc tuning integer.",
            "MALLCTL-STR <key> [<val>]",
            "    Get or set a malloc tuning string.",
            "OBJECT <key>",
            "    Show low level info about `key` and associated value.",
            "DROP-CLUSTER-PACKET-FILTER <packet-type>",
            "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
            "OOM",
            "    Crash the server simulating an out-of-memory error.",
            "PANIC",
            "    Crash the server simulating a panic.",
            "POPULATE <count> [<prefix>] [<size>]",
            "    Create <count> string keys named key:<num>. If <prefix> is specified then",
            "    it is used instead of the 'key' prefix. These are not propagated to",
            "    replicas. Cluster slots are not respected so keys not belonging to the",
            "    current node can be created in cluster mode.",
            "PROTOCOL <type>",
            "    Reply with a test value of the specified type. <type> can be: string,",
            "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
            "    true, false.",
            "RELOAD [option ...]",
            "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
            "    * MERGE: conflicting keys will be loaded from RDB.",
            "    * NOFLUSH: the existing database will not be removed before load, but",
            "      conflicting keys will generate an exception and kill the server.",
            "    * NOSAVE: the database will be loaded from an existing RDB file.",
            "    Examples:",
            "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
            "      the database.",
            "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
            "      existing RDB file.",
            "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
            "      file to the database.",
            "RESTART [<milliseconds>]",
            "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
            "SDSLEN <key>",
            "    Show low level SDS string info representing `key` and value.",
            "SEGFAULT",
            "    Crash the server with sigsegv.",
            "SET-ACTIVE-EXPIRE <0|1>",
            "    Setting it to 0 disables expiring keys in background when they are not",
            "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
            "    default.",
            "QUICKLIST-PACKED-THRESHOLD <size>",
            "    Sets the threshold for elements to be inserted as plain vs packed nodes",
            "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
            "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
            "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
            "SLEEP <seconds>",
            "    Stop the server for <seconds>. Decimals allowed.",
            "STRINGMATCH-TEST",
            "    Run a fuzz tester against the stringmatchlen() function.",
            "STRUCTSIZE",
            "    Return the size of different Redis core C structures.",
            "LISTPACK <key>",
            "    Show low level info about the listpack encoding of <key>.",
            "QUICKLIST <key> [<0|1>]",
            "    Show low level info about the quicklist encoding of <key>.",
            "    The optional argument (0 by default) sets the level of detail",
            "CLIENT-EVICTION",
            "    Show low level client eviction pools info (maxmemory-clients).",
            "PAUSE-CRON <0|1>",
            "    Stop periodic cron job processing.",
            "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
            "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
            "    In case NEVER is provided the last observed peak will never be reset",
            "    In case RESET is provided the peak reset time will be restored to the default value",
            "REPLYBUFFER RESIZING <0|1>",
            "    Enable or disable the reply buffer resize cron job",
            "CLUSTERLINK KILL <to|from|all> <node-id>",
            "    Kills the link based on the direction to/from (both) with the provided node.",
    };

    /** Redis's LRU clock: seconds, 24 bits. */
    static final long LRU_CLOCK_MAX = (1L << 24) - 1;

    public static void register(CommandRegistry r) {
        r.add("debug", DebugCommands::debug);
    }

    /**
     * allowProtectedAction for DEBUG: "yes", or "local" from a loopback (or in-process) client.
     * Returns the error line when refused, else null.
     */
    public static String rejection(Server server, Client c) {
        String mode = server.config().get("enable-debug-command");
        if ("yes".equals(mode)) return null;
        if ("local".equals(mode) && isLocal(c)) return null;
        return Errors.DEBUG_NOT_ALLOWED;
    }

    static boolean isLocal(Client c) {
        if (c.connection == null) return true;
        String p = c.connection.peer;
        return p.startsWith("127.") || p.startsWith("0:0:0:0:0:0:0:1") || p.startsWith("::1");
    }

    static void debug(Ctx c) {
        String sub = c.str(1).toLowerCase(Locale.ROOT);
        int argc = c.argc();
        if (argc == 2 && sub.equals("help")) {
            ServerCommands.help(c, HELP);
            return;
        }
        switch (sub) {
            case "sleep":
                if (argc != 3) break;
                sleep(c);
                return;
            case "object":
                if (argc != 3) break;
                object(c);
                return;
            case "set-active-expire":
                if (argc != 3) break;
                c.server.activeExpireEnabled = dev.emredis.internal.util.Num.atoi(c.arg(2)) != 0;
                c.ok();
                return;
            case "reload":
                reload(c);
                return;
            case "change-repl-id":
                if (argc != 2) break;
                c.ok();
                return;
            case "set-skip-checksum-validation":
                if (argc != 3) break;
                c.server.skipChecksumValidation = dev.emredis.internal.util.Num.atoi(c.arg(2)) != 0;
                c.ok();
                return;
            case "log":
            case "leak":
            case "aof-flush-sleep":
            case "set-disable-deny-scripts":
            case "pause-cron":
                if (argc != 3) break;
                c.ok();
                return;
            case "replicate":
                if (argc < 3) break;
                c.ok();
                return;
            case "drop-cluster-packet-filter":
                if (argc != 3) break;
                c.longArg(2);
                c.ok();
                return;
            case "error":
                if (argc != 3) break;
                // Sent raw as the whole error line (newlines become spaces), not counted in errorstats.
                c.out.error(c.str(2).replace('\r', ' ').replace('\n', ' '));
                return;
            case "protocol":
                if (argc != 3) break;
                protocol(c);
                return;
            case "populate":
                if (argc < 3 || argc > 5) break;
                populate(c);
                return;
            default:
                break;
        }
        throw ServerCommands.subcommandSyntax(c);
    }

    /** DEBUG SLEEP seconds: strtod semantics (garbage reads as 0); the whole server stops. */
    static void sleep(Ctx c) {
        double secs = strtod(c.str(2));
        long us = (long) (secs * 1_000_000);
        if (us > 0) {
            try {
                Thread.sleep(us / 1000, (int) (us % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        c.ok();
    }

    /** The numeric prefix of s as C's strtod reads it; 0 when there is none. */
    static double strtod(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?").matcher(s);
        if (!m.find()) return 0;
        try {
            return Double.parseDouble(m.group().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * DEBUG OBJECT key: "Value at:&lt;addr&gt; refcount:N encoding:E serializedlength:N lru:N
     * lru_seconds_idle:N". The key is found without expiring it, as Redis's dictFind does.
     */
    static void object(Ctx c) {
        Dict.Entry<RedisObject> e = c.db().keys.getEntry(c.arg(2));
        if (e == null) throw new RedisError(Errors.NO_SUCH_KEY);
        RedisObject o = e.value;
        boolean shared = isSharedInteger(c.server, o);
        long accessMs = shared ? c.server.startMillis : o.lastAccess;
        long lru;
        if (c.server.config().get("maxmemory-policy").contains("lfu")) {
            lru = (((accessMs / 60_000) & 65535) << 8) | (o.lfuCounter & 255);
        } else {
            lru = (accessMs / 1000) & LRU_CLOCK_MAX;
        }
        long clock = (c.now() / 1000) & LRU_CLOCK_MAX;
        long idle = clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru);
        String addr = String.format(Locale.ROOT, "0x7f%010x", (System.identityHashCode(o) & 0xffffffffL) << 4);
        String extra = "";
        if (o instanceof dev.emredis.internal.keyspace.RedisList) {
            // Redis adds the quicklist's shape: nodes, their average fill, the fill limit, compression
            long fill = c.server.config().getLong("list-max-listpack-size");
            var list = (dev.emredis.internal.keyspace.RedisList) o;
            java.util.List<Integer> nodes = list.quicklistNodeCounts(fill);
            double avg = nodes.isEmpty() ? 0 : (double) list.size() / nodes.size();
            extra = String.format(Locale.ROOT, " ql_nodes:%d ql_avg_node:%.2f ql_listpack_max:%d ql_compressed:%d ql_uncompressed_size:%d",
                    nodes.size(), avg, fill, c.server.config().getLong("list-compress-depth") != 0 ? 1 : 0,
                    list.quicklistBytes(fill));
        }
        c.out.simple("Value at:" + addr + " refcount:" + (shared ? 2147483647 : 1) + " encoding:" + o.encoding()
                + " serializedlength:" + dev.emredis.internal.rdb.RdbValues.serializedLength(o, dev.emredis.internal.rdb.RdbLimits.of(c.server.config())) + " lru:" + lru + " lru_seconds_idle:" + idle + extra);
    }

    /** Integers 0..9999 are Redis's shared objects unless maxmemory with an LRU/LFU policy forbids it. */
    static boolean isSharedInteger(Server s, RedisObject o) {
        if (!(o instanceof RedisString) || !o.encoding().equals("int")) return false;
        String policy = s.config().get("maxmemory-policy");
        if (!s.config().get("maxmemory").equals("0") && (policy.contains("lru") || policy.contains("lfu"))) return false;
        Long v = Num.parseLong(((RedisString) o).value());
        return v != null && v >= 0 && v < 10000;
    }

    /** DEBUG RELOAD [MERGE|NOFLUSH|NOSAVE]...: the data stays as it is; a save happens unless NOSAVE. */
    static void reload(Ctx c) {
        boolean save = true;
        boolean flush = true;
        for (int j = 2; j < c.argc(); j++) {
            if (c.is(j, "merge")) continue;
            if (c.is(j, "noflush")) {
                flush = false;
                continue;
            }
            if (c.is(j, "nosave")) {
                save = false;
                continue;
            }
            throw new RedisError(Errors.DEBUG_RELOAD_OPTIONS);
        }
        if (save) ServerCommands.saved(c.server);
        // Redis empties the data before loading it back: tracking clients hear "all keys".
        if (flush) c.server.tracking.invalidateAllOnFlush();
        c.ok();
    }

    /** DEBUG PROTOCOL type: one sample reply of each RESP type. */
    static void protocol(Ctx c) {
        var o = c.out;
        switch (c.str(2).toLowerCase(Locale.ROOT)) {
            case "string": o.bulk("Hello World"); break;
            case "integer": o.integer(12345); break;
            case "double": o.dbl(3.141); break;
            case "bignum": o.bigNumber("1234567999999999999999999999999999999"); break;
            case "null": o.nullBulk(); break;
            case "array":
                o.array(3);
                for (int j = 0; j < 3; j++) o.integer(j);
                break;
            case "set":
                o.set(3);
                for (int j = 0; j < 3; j++) o.integer(j);
                break;
            case "map":
                o.map(3);
                for (int j = 0; j < 3; j++) {
                    o.integer(j);
                    o.bool(j == 1);
                }
                break;
            case "attrib":
                if (o.protocol() >= 3) {
                    o.raw("|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                o.bulk("Some real reply following the attribute");
                break;
            case "push":
                if (o.protocol() < 3) throw new RedisError(Errors.RESP2_NOT_SUPPORTED);
                o.push(2);
                o.bulk("server-cpu-usage");
                o.integer(42);
                o.bulk("Some real reply following the push reply");
                break;
            case "true": o.bool(true); break;
            case "false": o.bool(false); break;
            case "verbatim": o.verbatim("txt", "This is a verbatim\nstring".getBytes(StandardCharsets.US_ASCII)); break;
            default: throw new RedisError(Errors.DEBUG_PROTOCOL_TYPE);
        }
    }

    /** getPositiveLongFromObjectOrReply. */
    static long positive(byte[] b) {
        Long v = Num.parseLong(b);
        if (v == null || v < 0) throw new RedisError(Errors.MUST_BE_POSITIVE);
        return v;
    }

    /** DEBUG POPULATE count [prefix] [size]: string keys prefix:N = "value:N" (padded or cut to size). */
    static void populate(Ctx c) {
        long keys = positive(c.arg(2));
        long size = c.argc() == 5 ? positive(c.arg(4)) : 0;
        String prefix = c.argc() >= 4 ? c.str(3) : "key";
        var db = c.db();
        for (long j = 0; j < keys; j++) {
            byte[] key = (prefix + ":" + j).getBytes(StandardCharsets.UTF_8);
            if (db.lookupWrite(key) != null) continue;
            byte[] val = ("value:" + j).getBytes(StandardCharsets.US_ASCII);
            if (size != 0) {
                byte[] b = new byte[(int) size];
                System.arraycopy(val, 0, b, 0, Math.min(val.length, b.length));
                val = b;
            }
            db.add(key, new RedisString(val));
        }
        c.ok();
    }
}
