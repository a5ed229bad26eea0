package dev.emredis.internal.server;

import dev.emredis.internal.command.CommandFlags;
import dev.emredis.internal.command.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Redis records about commands after they run: the slow log, latency monitor events,
 * per-command latency histograms (LATENCY HISTOGRAM), and the MONITOR feed. Registered as a
 * {@link ServerListener} by the server; touched only by the event loop.
 */
public final class Diagnostics implements ServerListener {
    /** Redis's SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING. */
    static final int SLOWLOG_MAX_ARGC = 32;
    static final int SLOWLOG_MAX_STRING = 128;
    /** Samples kept per latency event (LATENCY_TS_LEN). */
    public static final int LATENCY_TS_LEN = 160;
    /** Log-2 histogram buckets: 1024ns * 2^k, up to the 1s cap Redis tracks. */
    public static final int HISTOGRAM_BUCKETS = 21;
    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    private final Server server;

    /** Newest first, as Redis keeps it. */
    public final ArrayDeque<SlowlogEntry> slowlog = new ArrayDeque<>();
    public long slowlogNextId;
    /** Latency monitor time series by event name. */
    public final Map<String, LatencySeries> latencyEvents = new LinkedHashMap<>();
    /** Per command full name: calls at index 0, then counts per log-2 bucket. */
    public final Map<String, long[]> histograms = new LinkedHashMap<>();
    public final List<Client> monitors = new ArrayList<>();
    /** Highest MEMORY STATS total seen (peak.allocated). */
    public long memoryPeak;

    /** One slow log entry. */
    public record SlowlogEntry(long id, long unixSeconds, long micros, byte[][] argv, String peer, byte[] name) { }

    /** Redis's latencyTimeSeries: a ring of (unix seconds, ms) samples and the all-time max. */
    public static final class LatencySeries {
        public final long[] time = new long[LATENCY_TS_LEN];
        public final long[] latency = new long[LATENCY_TS_LEN];
        public int idx;
        public long max;
    }

    Diagnostics(Server server) {
        this.server = server;
    }

    @Override
    public void clientClosed(Client c) {
        monitors.remove(c);
    }

    @Override
    public void afterCommand(Client c, CommandSpec spec, byte[][] argv, long micros) {
        long nowSec = server.clock().millis() / 1000;
        // latency monitor: "command" or "fast-command" events past the threshold (ms)
        long threshold = server.config().getLong("latency-monitor-threshold");
        long ms = micros / 1000;
        if (threshold > 0 && ms >= threshold) {
            addLatencySample(spec.has(CommandFlags.FAST) ? "fast-command" : "command", ms, nowSec);
        }
        byte[][] shown = null;
        if (!spec.has(CommandFlags.SKIP_SLOWLOG)) {
            long slower = server.config().getLong("slowlog-log-slower-than");
            if (slower >= 0 && micros >= slower) {
                shown = redacted(spec.name, argv);
                slowlog.addFirst(new SlowlogEntry(slowlogNextId++, nowSec, micros, slowlogArgv(shown),
                        peer(c), c.name == null ? new byte[0] : c.name));
            }
            if (slower >= 0) trimSlowlog();
        }
        if (!monitors.isEmpty() && !spec.has(CommandFlags.SKIP_MONITOR) && !spec.has(CommandFlags.ADMIN)) {
            feedMonitors(c, c.db, shown != null ? shown : redacted(spec.name, argv));
        }
        if (server.config().getBool("latency-tracking")) recordHistogram(spec.name, micros);
    }

    /** Drops the oldest entries past slowlog-max-len. */
    public void trimSlowlog() {
        long max = server.config().getLong("slowlog-max-len");
        while (slowlog.size() > max) slowlog.removeLast();
    }

    private static String peer(Client c) {
        return c.connection == null ? "" : c.connection.peer;
    }

    /** Long arguments and long argument lists are cut as slowlogCreateEntry does. */
    static byte[][] slowlogArgv(byte[][] argv) {
        int n = Math.min(argv.length, SLOWLOG_MAX_ARGC);
        byte[][] out = new byte[n][];
        for (int j = 0; j < n; j++) {
            if (n != argv.length && j == n - 1) {
                out[j] = ("... (" + (argv.length - n + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (argv[j].length > SLOWLOG_MAX_STRING) {
                byte[] tail = ("... (" + (argv[j].length - SLOWLOG_MAX_STRING) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
                byte[] b = new byte[SLOWLOG_MAX_STRING + tail.length];
                System.arraycopy(argv[j], 0, b, 0, SLOWLOG_MAX_STRING);
                System.arraycopy(tail, 0, b, SLOWLOG_MAX_STRING, tail.length);
                out[j] = b;
            } else {
                out[j] = argv[j];
            }
        }
        return out;
    }

    /**
     * The argument vector with secrets replaced by "(redacted)", as the handlers of AUTH, HELLO,
     * MIGRATE, ACL SETUSER and CONFIG SET (sensitive parameters) do in Redis 7.0 before the slow
     * log and MONITOR see it. Only arguments the handler reached before failing are redacted.
     */
    public byte[][] redacted(String command, byte[][] argv) {
        switch (command) {
            case "auth": {
                if (argv.length > 3) return argv;
                byte[][] r = argv.clone();
                r[1] = REDACTED;
                if (argv.length == 3) r[2] = REDACTED;
                return r;
            }
            case "hello": {
                if (argv.length < 2) return argv;
                Long ver = dev.emredis.internal.util.Num.parseLong(argv[1]);
                if (ver == null || ver < 2 || ver > 3) return argv;
                byte[][] r = argv.clone();
                for (int j = 2; j < argv.length; j++) {
                    int more = argv.length - 1 - j;
                    String opt = new String(argv[j], StandardCharsets.ISO_8859_1);
                    if (opt.equalsIgnoreCase("auth") && more >= 2) {
                        r[j + 1] = REDACTED;
                        r[j + 2] = REDACTED;
                        j += 2;
                    } else if (opt.equalsIgnoreCase("setname") && more >= 1) {
                        j++;
                    } else {
                        break;
                    }
                }
                return r;
            }
            case "acl|setuser": {
                byte[][] r = argv.clone();
                for (int j = 2; j < r.length; j++) r[j] = REDACTED;
                return r;
            }
            case "config|set": {
                if (argv.length < 4 || argv.length % 2 != 0) return argv;
                byte[][] r = argv.clone();
                for (int j = 2; j + 1 < argv.length; j += 2) {
                    Config.Param p = server.config().param(new String(argv[j], StandardCharsets.UTF_8));
                    if (p != null && p.sensitive) r[j + 1] = REDACTED;
                }
                return r;
            }
            case "migrate": {
                byte[][] r = argv.clone();
                for (int j = 6; j < argv.length; j++) {
                    String opt = new String(argv[j], StandardCharsets.ISO_8859_1);
                    int more = argv.length - 1 - j;
                    if (opt.equalsIgnoreCase("auth") && more >= 1) {
                        r[++j] = REDACTED;
                    } else if (opt.equalsIgnoreCase("auth2") && more >= 2) {
                        r[++j] = REDACTED;
                        r[++j] = REDACTED;
                    } else if (opt.equalsIgnoreCase("keys")) {
                        break;
                    }
                }
                return r;
            }
            default:
                return argv;
        }
    }

    // --- MONITOR ---

    /**
     * Sends {@code +<sec>.<usec> [<db> <addr>] "arg" ...} to every monitor, as replicationFeedMonitors
     * does. Public so scripting runtimes can feed EVAL/FCALL (skip_monitor commands) themselves.
     */
    public void feedMonitors(Client c, int db, byte[][] argv) {
        if (monitors.isEmpty()) return;
        long us = server.clock().micros();
        StringBuilder b = new StringBuilder(64);
        b.append(us / 1_000_000).append('.');
        String frac = Long.toString(us % 1_000_000);
        for (int i = frac.length(); i < 6; i++) b.append('0');
        b.append(frac).append(" [").append(db).append(' ');
        b.append(c.connection == null ? "lua" : c.connection.peer).append("] ");
        for (int j = 0; j < argv.length; j++) {
            repr(b, argv[j]);
            if (j != argv.length - 1) b.append(' ');
        }
        String line = b.toString();
        for (Client m : monitors) {
            if (m.closed) continue;
            m.out.simple(line);
            server.outputPending(m);
        }
    }

    /** Redis's sdscatrepr: quoted, with \n \r \t \a \b escapes and \xHH for other non-printables. */
    public static void repr(StringBuilder b, byte[] s) {
        b.append('"');
        for (byte x : s) {
            int ch = x & 0xff;
            switch (ch) {
                case '\\': b.append("\\\\"); break;
                case '"': b.append("\\\""); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                case 7: b.append("\\a"); break;
                case 8: b.append("\\b"); break;
                default:
                    if (ch >= 32 && ch < 127) {
                        b.append((char) ch);
                    } else {
                        b.append("\\x").append(Character.forDigit(ch >> 4, 16)).append(Character.forDigit(ch & 15, 16));
                    }
            }
        }
        b.append('"');
    }

    // --- latency monitor ---

    /** latencyAddSample: one sample per second (the max of that second), ring of 160. */
    public void addLatencySample(String event, long ms, long nowSec) {
        LatencySeries ts = latencyEvents.computeIfAbsent(event, k -> new LatencySeries());
        if (ms > ts.max) ts.max = ms;
        int prev = (ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN;
        if (ts.time[prev] == nowSec) {
            if (ms > ts.latency[prev]) ts.latency[prev] = ms;
            return;
        }
        ts.time[ts.idx] = nowSec;
        ts.latency[ts.idx] = ms;
        ts.idx = (ts.idx + 1) % LATENCY_TS_LEN;
    }

    /** Removes one event (case-insensitive) or all of them (null); returns how many. */
    public int resetLatency(String event) {
        int n = 0;
        Iterator<String> it = latencyEvents.keySet().iterator();
        while (it.hasNext()) {
            String e = it.next();
            if (event == null || e.equalsIgnoreCase(event)) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    // --- latency histograms ---

    /**
     * Records a duration the way Redis's HDR histogram (1ns..1s, 2 significant digits) reports it
     * through a log-2 iterator starting at 1024ns: bucket k holds the values up to
     * 1032*2^k - 1 ns (the highest value equivalent to 1024*2^k).
     */
    public void recordHistogram(String command, long micros) {
        long ns = Math.max(1, Math.min(1_000_000_000L, micros * 1000));
        long[] h = histograms.computeIfAbsent(command, k -> new long[HISTOGRAM_BUCKETS + 1]);
        h[0]++;
        int k = 0;
        while (k < HISTOGRAM_BUCKETS - 1 && ns > bucketUpperNanos(k)) k++;
        h[k + 1]++;
    }

    /** Highest nanosecond value reported for bucket k. */
    public static long bucketUpperNanos(int k) {
        return (1032L << k) - 1;
    }
}
