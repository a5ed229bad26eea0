package dev.emredis.internal.server;

import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.util.Num;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Declares every configuration parameter of Redis 7.0.15 with its default (as `CONFIG GET *`
 * answers on a server started without a config file), its type and bounds as Redis's config table
 * declares them (so CONFIG SET validates and normalizes exactly like Redis, with its error texts),
 * its alias and its immutable/protected flags. Parameters whose value changes the emulator's
 * behaviour get an {@code onChange} action.
 */
final class ConfigParams {
    private ConfigParams() {}

    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long INT_MIN = Integer.MIN_VALUE;
    private static final long UINT_MAX = 4294967295L;
    private static final long LONG_MAX = Long.MAX_VALUE;
    /** ULLONG_MAX as the unsigned bit pattern. */
    private static final long ULLONG_MAX = -1L;

    static void declare(Config c, Server s) {
        // --- booleans ---
        bool(c, "rdbchecksum", true).immutable();
        bool(c, "daemonize", false).immutable();
        bool(c, "io-threads-do-reads", false).immutable();
        bool(c, "always-show-logo", false).immutable();
        bool(c, "protected-mode", true);
        bool(c, "rdbcompression", true);
        bool(c, "rdb-del-sync-files", false);
        bool(c, "activerehashing", true);
        bool(c, "stop-writes-on-bgsave-error", true);
        bool(c, "set-proc-title", true).immutable();
        bool(c, "dynamic-hz", true);
        bool(c, "lazyfree-lazy-eviction", false);
        bool(c, "lazyfree-lazy-expire", false);
        bool(c, "lazyfree-lazy-server-del", false);
        bool(c, "lazyfree-lazy-user-del", false);
        bool(c, "lazyfree-lazy-user-flush", false);
        bool(c, "repl-disable-tcp-nodelay", false);
        bool(c, "repl-diskless-sync", true);
        bool(c, "aof-rewrite-incremental-fsync", true);
        bool(c, "no-appendfsync-on-rewrite", false);
        bool(c, "cluster-require-full-coverage", true);
        bool(c, "rdb-save-incremental-fsync", true);
        bool(c, "aof-load-truncated", true);
        bool(c, "aof-use-rdb-preamble", true);
        bool(c, "aof-timestamp-enabled", false);
        bool(c, "cluster-replica-no-failover", false);
        c.alias("cluster-replica-no-failover", "cluster-slave-no-failover");
        bool(c, "replica-lazy-flush", false);
        c.alias("replica-lazy-flush", "slave-lazy-flush");
        bool(c, "replica-serve-stale-data", true);
        c.alias("replica-serve-stale-data", "slave-serve-stale-data");
        bool(c, "replica-read-only", true);
        c.alias("replica-read-only", "slave-read-only");
        bool(c, "replica-ignore-maxmemory", true);
        c.alias("replica-ignore-maxmemory", "slave-ignore-maxmemory");
        bool(c, "jemalloc-bg-thread", true);
        // The Debian build has no defragmenting allocator: Redis refuses "yes".
        c.define("activedefrag", "no").normalizer(v -> {
            String b = yesNo(v);
            if (b.equals("yes")) {
                throw new IllegalArgumentException("Active defragmentation cannot be enabled: it requires a Redis server"
                        + " compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution");
            }
            return b;
        });
        bool(c, "syslog-enabled", false).immutable();
        bool(c, "cluster-enabled", false).immutable();
        bool(c, "appendonly", false);
        bool(c, "cluster-allow-reads-when-down", false);
        bool(c, "cluster-allow-pubsubshard-when-down", true);
        bool(c, "crash-log-enabled", true);
        bool(c, "crash-memcheck-enabled", true);
        bool(c, "disable-thp", true).immutable();
        bool(c, "cluster-allow-replica-migration", true);
        bool(c, "replica-announced", true);
        bool(c, "latency-tracking", true);
        bool(c, "aof-disable-auto-gc", false);
        bool(c, "replica-ignore-disk-write-errors", false);

        // --- strings ---
        c.define("aclfile", "").immutable();
        c.define("unixsocket", "").immutable();
        c.define("pidfile", "").immutable();
        c.define("replica-announce-ip", "");
        c.alias("replica-announce-ip", "slave-announce-ip");
        c.define("masteruser", "").sensitive();
        c.define("cluster-announce-ip", "");
        c.define("cluster-config-file", "nodes.conf").immutable();
        c.define("cluster-announce-hostname", "").normalizer(ConfigParams::hostname);
        c.define("syslog-ident", "redis").immutable();
        c.define("dbfilename", "dump.rdb").protectedConfig();
        c.define("appendfilename", "appendonly.aof").immutable();
        c.define("appenddirname", "appendonlydir").immutable();
        c.define("server_cpulist", "").immutable();
        c.define("bio_cpulist", "").immutable();
        c.define("aof_rewrite_cpulist", "").immutable();
        c.define("bgsave_cpulist", "").immutable();
        c.define("ignore-warnings", "");
        c.define("proc-title-template", "{title} {listen-addr} {server-mode}").normalizer(ConfigParams::procTitle);
        c.define("bind-source-addr", "");
        c.define("logfile", "").immutable();
        c.define("masterauth", "").sensitive();
        // requirepass is the default user's password (Redis's ACLUpdateDefaultUserPassword).
        c.define("requirepass", "").sensitive().onChange(() -> {
            if (s.acl() != null) s.acl().updateDefaultUserPassword(c.get("requirepass"));
        });

        // --- enums ---
        enumOf(c, "supervised", "no", "upstart", "systemd", "auto", "no").immutable();
        enumOf(c, "syslog-facility", "local0", "user", "local0", "local1", "local2", "local3", "local4", "local5",
                "local6", "local7").immutable();
        enumOf(c, "repl-diskless-load", "disabled", "disabled", "on-empty-db", "swapdb");
        enumOf(c, "loglevel", "notice", "debug", "verbose", "notice", "warning");
        enumOf(c, "maxmemory-policy", "noeviction", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction").onChange(s::maxmemoryChanged);
        enumOf(c, "appendfsync", "everysec", "everysec", "always", "no");
        // "yes" and "relative" are the same value; Redis prints the first name of a value.
        c.define("oom-score-adj", "no").normalizer(v -> {
            String n = enumValue(v, "no", "yes", "relative", "absolute");
            return n.equals("relative") ? "yes" : n;
        });
        enumOf(c, "acl-pubsub-default", "resetchannels", "allchannels", "resetchannels");
        enumOf(c, "sanitize-dump-payload", "no", "no", "yes", "clients");
        enumOf(c, "enable-protected-configs", "no", "no", "yes", "local").immutable();
        enumOf(c, "enable-debug-command", "no", "no", "yes", "local").immutable();
        enumOf(c, "enable-module-command", "no", "no", "yes", "local").immutable();
        enumOf(c, "cluster-preferred-endpoint-type", "ip", "ip", "hostname", "unknown-endpoint");
        enumOf(c, "propagation-error-behavior", "ignore", "ignore", "panic", "panic-on-replicas");
        c.define("shutdown-on-sigint", "default").multiArg().normalizer(ConfigParams::shutdownFlags);
        c.define("shutdown-on-sigterm", "default").multiArg().normalizer(ConfigParams::shutdownFlags);

        // --- integers (signed bounds unless noted) ---
        integer(c, "databases", 16, 1, INT_MAX).immutable();
        integer(c, "port", 6379, 0, 65535);
        integer(c, "io-threads", 1, 1, 128).immutable();
        integer(c, "auto-aof-rewrite-percentage", 100, 0, INT_MAX);
        integer(c, "cluster-replica-validity-factor", 10, 0, INT_MAX);
        c.alias("cluster-replica-validity-factor", "cluster-slave-validity-factor");
        integer(c, "list-max-listpack-size", -2, INT_MIN, INT_MAX);
        c.alias("list-max-listpack-size", "list-max-ziplist-size");
        integer(c, "tcp-keepalive", 300, 0, INT_MAX);
        integer(c, "cluster-migration-barrier", 1, 0, INT_MAX);
        integer(c, "active-defrag-cycle-min", 1, 1, 99);
        integer(c, "active-defrag-cycle-max", 25, 1, 99);
        integer(c, "active-defrag-threshold-lower", 10, 0, 1000);
        integer(c, "active-defrag-threshold-upper", 100, 0, 1000);
        integer(c, "lfu-log-factor", 10, 0, INT_MAX);
        integer(c, "lfu-decay-time", 1, 0, INT_MAX);
        integer(c, "replica-priority", 100, 0, INT_MAX);
        c.alias("replica-priority", "slave-priority");
        integer(c, "repl-diskless-sync-delay", 5, 0, INT_MAX);
        integer(c, "maxmemory-samples", 5, 1, INT_MAX);
        integer(c, "maxmemory-eviction-tenacity", 10, 0, 100);
        integer(c, "timeout", 0, 0, INT_MAX);
        integer(c, "replica-announce-port", 0, 0, 65535);
        c.alias("replica-announce-port", "slave-announce-port");
        integer(c, "tcp-backlog", 511, 0, INT_MAX).immutable();
        integer(c, "cluster-port", 0, 0, 65535).immutable();
        integer(c, "cluster-announce-bus-port", 0, 0, 65535);
        integer(c, "cluster-announce-port", 0, 0, 65535);
        integer(c, "cluster-announce-tls-port", 0, 0, 65535);
        integer(c, "repl-timeout", 60, 1, INT_MAX);
        integer(c, "repl-ping-replica-period", 10, 1, INT_MAX);
        c.alias("repl-ping-replica-period", "repl-ping-slave-period");
        integer(c, "list-compress-depth", 0, 0, INT_MAX);
        integer(c, "active-expire-effort", 1, 1, 10);
        // Redis accepts any hz and caps the stored value to 1..500 (updateHZ).
        integer(c, "hz", 10, 0, INT_MAX).normalizer(v -> {
            long hz = Long.parseLong(number(v, false, false, 0, INT_MAX));
            return Long.toString(Math.max(1, Math.min(500, hz)));
        });
        integer(c, "min-replicas-to-write", 0, 0, INT_MAX);
        c.alias("min-replicas-to-write", "min-slaves-to-write");
        integer(c, "min-replicas-max-lag", 10, 0, INT_MAX);
        c.alias("min-replicas-max-lag", "min-slaves-max-lag");
        integer(c, "shutdown-timeout", 10, 0, INT_MAX);
        integer(c, "repl-diskless-sync-max-replicas", 0, 0, INT_MAX);
        unsigned(c, "maxclients", 10000, 1, UINT_MAX, false);
        c.define("unixsocketperm", "0").immutable();
        unsigned(c, "socket-mark-id", 0, 0, UINT_MAX, false).immutable();
        integer(c, "active-defrag-max-scan-fields", 1000, 1, LONG_MAX);
        integer(c, "slowlog-max-len", 128, 0, LONG_MAX);
        integer(c, "acllog-max-len", 128, 0, LONG_MAX);
        integer(c, "busy-reply-threshold", 5000, 0, LONG_MAX);
        c.alias("busy-reply-threshold", "lua-time-limit");
        integer(c, "cluster-node-timeout", 15000, 0, LONG_MAX);
        integer(c, "slowlog-log-slower-than", 10000, -1, LONG_MAX);
        integer(c, "latency-monitor-threshold", 0, 0, LONG_MAX);
        memory(c, "proto-max-bulk-len", 512L * 1024 * 1024, 1024 * 1024, LONG_MAX, false);
        integer(c, "stream-node-max-entries", 100, 0, LONG_MAX);
        memory(c, "repl-backlog-size", 1024 * 1024, 1, LONG_MAX, false);
        memory(c, "maxmemory", 0, 0, ULLONG_MAX, true).onChange(s::maxmemoryChanged);
        memory(c, "cluster-link-sendbuf-limit", 0, 0, ULLONG_MAX, true);
        unsigned(c, "hash-max-listpack-entries", 512, 0, LONG_MAX, false);
        c.alias("hash-max-listpack-entries", "hash-max-ziplist-entries");
        unsigned(c, "set-max-intset-entries", 512, 0, LONG_MAX, false);
        unsigned(c, "zset-max-listpack-entries", 128, 0, LONG_MAX, false);
        c.alias("zset-max-listpack-entries", "zset-max-ziplist-entries");
        memory(c, "active-defrag-ignore-bytes", 100L << 20, 1, LONG_MAX, true);
        memory(c, "hash-max-listpack-value", 64, 0, LONG_MAX, true);
        c.alias("hash-max-listpack-value", "hash-max-ziplist-value");
        memory(c, "stream-node-max-bytes", 4096, 0, LONG_MAX, true);
        memory(c, "zset-max-listpack-value", 64, 0, LONG_MAX, true);
        c.alias("zset-max-listpack-value", "zset-max-ziplist-value");
        memory(c, "hll-sparse-max-bytes", 3000, 0, LONG_MAX, true);
        unsigned(c, "tracking-table-max-keys", 1000000, 0, LONG_MAX, false);
        memory(c, "client-query-buffer-limit", 1024L * 1024 * 1024, 1024 * 1024, LONG_MAX, true);
        c.define("maxmemory-clients", "0").normalizer(ConfigParams::maxmemoryClients);
        integer(c, "repl-backlog-ttl", 3600, 0, LONG_MAX);
        memory(c, "auto-aof-rewrite-min-size", 64L * 1024 * 1024, 0, LONG_MAX, false);

        // --- TLS (the reference build has TLS) ---
        integer(c, "tls-port", 0, 0, 65535);
        integer(c, "tls-session-cache-size", 20480, 0, INT_MAX);
        integer(c, "tls-session-cache-timeout", 300, 0, INT_MAX);
        bool(c, "tls-cluster", false);
        bool(c, "tls-replication", false);
        enumOf(c, "tls-auth-clients", "yes", "no", "yes", "optional");
        bool(c, "tls-prefer-server-ciphers", false);
        bool(c, "tls-session-caching", true);
        for (String n : new String[] {"tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file",
                "tls-client-key-file", "tls-client-key-file-pass", "tls-dh-params-file", "tls-ca-cert-file",
                "tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites"}) {
            c.define(n, "");
        }

        // --- special ---
        c.define("dir", System.getProperty("user.dir")).protectedConfig();
        c.define("save", "3600 1 300 100 60 10000").multiArg().normalizer(ConfigParams::save);
        c.define("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")
                .multiArg();
        c.param("client-output-buffer-limit").normalizer(v -> outputBufferLimit(c.get("client-output-buffer-limit"), v));
        c.define("oom-score-adj-values", "0 200 800").multiArg().normalizer(ConfigParams::oomValues);
        c.define("notify-keyspace-events", "")
                .normalizer(v -> {
                    int f = Notifications.parse(v);
                    if (f < 0) throw new IllegalArgumentException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
                    return Notifications.format(f);
                })
                .onChange(() -> s.notifications().flags(Notifications.parse(c.get("notify-keyspace-events"))));
        c.define("bind", "* -::*").multiArg().normalizer(v -> v);
        c.define("replicaof", "").multiArg().immutable();
        c.alias("replicaof", "slaveof");
        c.define("latency-tracking-info-percentiles", "50 99 99.9").multiArg().normalizer(ConfigParams::percentiles);
    }

    // --- declaration helpers ---

    private static Config.Param bool(Config c, String name, boolean def) {
        return c.define(name, def ? "yes" : "no").normalizer(ConfigParams::yesNo);
    }

    private static Config.Param integer(Config c, String name, long def, long lo, long hi) {
        return c.define(name, Long.toString(def)).normalizer(v -> number(v, false, false, lo, hi));
    }

    /** size_t / unsigned int / unsigned long long: bounds compared as unsigned (negatives wrap). */
    private static Config.Param unsigned(Config c, String name, long def, long lo, long hi, boolean mem) {
        return c.define(name, Long.toString(def)).normalizer(v -> number(v, mem, true, lo, hi));
    }

    private static Config.Param memory(Config c, String name, long def, long lo, long hi, boolean unsignedBounds) {
        return c.define(name, Long.toString(def)).normalizer(v -> number(v, true, unsignedBounds, lo, hi));
    }

    private static Config.Param enumOf(Config c, String name, String def, String... names) {
        return c.define(name, def).normalizer(v -> enumValue(v, names));
    }

    // --- validators (error texts are Redis's, see config.c) ---

    static String yesNo(String v) {
        if (v.equalsIgnoreCase("yes")) return "yes";
        if (v.equalsIgnoreCase("no")) return "no";
        throw new IllegalArgumentException("argument must be 'yes' or 'no'");
    }

    static String enumValue(String v, String... names) {
        for (String n : names) if (n.equalsIgnoreCase(v)) return n;
        throw new IllegalArgumentException("argument(s) must be one of the following: " + String.join(", ", names));
    }

    /** Redis's memtoull: digits with an optional b/k/kb/m/mb/g/gb unit; null when malformed. */
    static Long memToUll(String p) {
        if (p.startsWith("-")) return null;
        int u = 0;
        while (u < p.length() && p.charAt(u) >= '0' && p.charAt(u) <= '9') u++;
        String unit = p.substring(u).toLowerCase(Locale.ROOT);
        long mul;
        switch (unit) {
            case "": case "b": mul = 1; break;
            case "k": mul = 1000; break;
            case "kb": mul = 1024; break;
            case "m": mul = 1000L * 1000; break;
            case "mb": mul = 1024L * 1024; break;
            case "g": mul = 1000L * 1000 * 1000; break;
            case "gb": mul = 1024L * 1024 * 1024; break;
            default: return null;
        }
        if (u >= 128) return null;
        String digits = p.substring(0, u);
        long val;
        if (digits.isEmpty()) {
            val = 0;
        } else {
            try {
                val = Long.parseUnsignedLong(digits);
            } catch (NumberFormatException e) {
                val = -1L; // strtoull saturates at ULLONG_MAX
            }
        }
        return val * mul;
    }

    /** Numeric parse + bounds check of Redis's numericConfigSet; returns the printed value. */
    static String number(String v, boolean mem, boolean unsignedBounds, long lo, long hi) {
        long ll;
        Long m = mem ? memToUll(v) : null;
        if (m != null) {
            ll = m;
        } else if (!mem) {
            Long n = Num.parseLong(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (n == null) throw new IllegalArgumentException("argument couldn't be parsed into an integer");
            ll = n;
        } else {
            throw new IllegalArgumentException("argument must be a memory value");
        }
        if (unsignedBounds) {
            if (Long.compareUnsigned(ll, hi) > 0 || Long.compareUnsigned(ll, lo) < 0) {
                throw new IllegalArgumentException("argument must be between " + Long.toUnsignedString(lo) + " and "
                        + Long.toUnsignedString(hi) + " inclusive");
            }
        } else if (ll > hi || ll < lo) {
            throw new IllegalArgumentException("argument must be between " + lo + " and " + hi + " inclusive");
        }
        return mem ? Long.toUnsignedString(ll) : Long.toString(ll);
    }

    /** maxmemory-clients: a memory value or a percentage of maxmemory (at most 100%). */
    static String maxmemoryClients(String v) {
        Long m = memToUll(v);
        long ll;
        if (m != null) {
            ll = m;
        } else if (v.length() > 1 && v.endsWith("%")) {
            Long n = Num.parseLong(v.substring(0, v.length() - 1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (n == null || n < 0) throw new IllegalArgumentException("argument must be a memory or percent value");
            ll = -n;
        } else {
            throw new IllegalArgumentException("argument must be a memory or percent value");
        }
        if (ll < 0) {
            if (ll < -100) throw new IllegalArgumentException("percentage argument must be less or equal to 100");
            return (-ll) + "%";
        }
        return Long.toString(ll);
    }

    private static final String[] SHUTDOWN_FLAGS = {"default", "save", "nosave", "now", "force"};

    static String shutdownFlags(String v) {
        String[] args = v.split(" ", -1);
        int bits = 0;
        for (String a : args) {
            boolean found = false;
            for (int i = 0; i < SHUTDOWN_FLAGS.length; i++) {
                if (SHUTDOWN_FLAGS[i].equalsIgnoreCase(a)) {
                    found = true;
                    if (i > 0) bits |= 1 << (i - 1);
                }
            }
            if (!found) enumValue("\u0000", SHUTDOWN_FLAGS);
        }
        if ((bits & 1) != 0 && (bits & 2) != 0) {
            throw new IllegalArgumentException("shutdown options SAVE and NOSAVE can't be used simultaneously");
        }
        if (bits == 0) return "default";
        List<String> names = new ArrayList<>();
        for (int i = 1; i < SHUTDOWN_FLAGS.length; i++) if ((bits & (1 << (i - 1))) != 0) names.add(SHUTDOWN_FLAGS[i]);
        return String.join(" ", names);
    }

    static String hostname(String v) {
        if (v.length() >= 256) throw new IllegalArgumentException("Hostnames must be less than 256 characters");
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.')) {
                throw new IllegalArgumentException("Hostnames may only contain alphanumeric characters, hyphens or dots");
            }
        }
        return v;
    }

    /** proc-title-template: known {variables} only, and {title} is required. */
    static String procTitle(String v) {
        boolean title = false;
        int i = 0;
        while (i < v.length()) {
            int open = v.indexOf('{', i);
            if (open < 0) break;
            int close = v.indexOf('}', open);
            if (close < 0) throw new IllegalArgumentException("template format is invalid or contains unknown variables");
            String var = v.substring(open, close + 1);
            switch (var) {
                case "{title}": title = true; break;
                case "{listen-addr}": case "{server-mode}": case "{port}": case "{tls-port}": case "{unixsocket}":
                case "{config-file}":
                    break;
                default:
                    throw new IllegalArgumentException("template format is invalid or contains unknown variables");
            }
            i = close + 1;
        }
        if (!title || v.indexOf('}', i) >= 0) {
            throw new IllegalArgumentException("template format is invalid or contains unknown variables");
        }
        return v;
    }

    /** save: pairs of seconds (>= 1) and changes (>= 0); "" clears. Printed as parsed numbers. */
    static String save(String v) {
        if (v.isEmpty()) return "";
        String[] a = v.split(" ", -1);
        if ((a.length & 1) != 0) throw new IllegalArgumentException("Invalid save parameters");
        long[] n = new long[a.length];
        for (int j = 0; j < a.length; j++) {
            Long x = strtoll(a[j]);
            if (x == null || ((j & 1) == 0 && x < 1) || ((j & 1) == 1 && x < 0)) {
                throw new IllegalArgumentException("Invalid save parameters");
            }
            n[j] = x;
        }
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < n.length; j += 2) {
            if (j > 0) b.append(' ');
            b.append(n[j]).append(' ').append((int) n[j + 1]);
        }
        return b.toString();
    }

    /**
     * C's strtoll(s, &end, 10) followed by Redis's "*end == '\\0'" check: leading spaces and a sign
     * are allowed; without digits nothing is consumed, so only "" passes (as 0). Saturates.
     */
    private static Long strtoll(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        int sign = i;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i == digits) return s.isEmpty() ? 0L : null;
        if (i != s.length()) return null;
        boolean neg = s.charAt(sign) == '-';
        try {
            long v = Long.parseLong(s.substring(digits, i));
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** client-output-buffer-limit: groups of class hard soft seconds, merged into the current value. */
    static String outputBufferLimit(String current, String v) {
        String[] a = v.split(" ", -1);
        if (a.length % 4 != 0) {
            throw new IllegalArgumentException("Wrong number of arguments in buffer limit configuration.");
        }
        String[] cur = current.split(" ");
        String[][] vals = {{cur[1], cur[2], cur[3]}, {cur[5], cur[6], cur[7]}, {cur[9], cur[10], cur[11]}};
        for (int j = 0; j < a.length; j += 4) {
            int cls;
            switch (a[j].toLowerCase(Locale.ROOT)) {
                case "normal": cls = 0; break;
                case "slave": case "replica": cls = 1; break;
                case "pubsub": cls = 2; break;
                default:
                    throw new IllegalArgumentException("Invalid client class specified in buffer limit configuration.");
            }
            Long hard = memToUll(a[j + 1]);
            Long soft = memToUll(a[j + 2]);
            Long secs = strtoll(a[j + 3]);
            if (hard == null || soft == null || secs == null || (int) (long) secs < 0) {
                throw new IllegalArgumentException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            vals[cls] = new String[] {Long.toUnsignedString(hard), Long.toUnsignedString(soft), Integer.toString((int) (long) secs)};
        }
        return "normal " + String.join(" ", vals[0]) + " slave " + String.join(" ", vals[1]) + " pubsub " + String.join(" ", vals[2]);
    }

    static String oomValues(String v) {
        String[] a = v.split(" ", -1);
        if (a.length != 3) throw new IllegalArgumentException("wrong number of arguments");
        StringBuilder b = new StringBuilder();
        for (String x : a) {
            Long n = strtoll(x);
            if (n == null || n < -2000 || n > 2000) {
                throw new IllegalArgumentException("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
            }
            if (b.length() > 0) b.append(' ');
            b.append(n);
        }
        return b.toString();
    }

    /** Percentiles in [0, 100], printed with %f and trailing zeros trimmed. */
    static String percentiles(String v) {
        if (v.isEmpty()) return "";
        StringBuilder b = new StringBuilder();
        for (String x : v.split(" ", -1)) {
            Double d = Num.parseDouble(x.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (d == null || d.isNaN()) throw new IllegalArgumentException("Invalid latency-tracking-info-percentiles parameters");
            if (d > 100.0 || d < 0.0) {
                throw new IllegalArgumentException("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            String f = String.format(Locale.ROOT, "%f", d);
            if (f.indexOf('.') >= 0) {
                f = f.replaceAll("0+$", "");
                if (f.endsWith(".")) f = f.substring(0, f.length() - 1);
            }
            if (b.length() > 0) b.append(' ');
            b.append(f);
        }
        return b.toString();
    }
}
