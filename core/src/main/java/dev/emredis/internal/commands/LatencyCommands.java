package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.server.Diagnostics;
import dev.emredis.internal.server.Diagnostics.LatencySeries;
import dev.emredis.internal.server.Server;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LATENCY: the latency monitor's events ({@code command}, {@code fast-command}, recorded when a
 * command takes at least latency-monitor-threshold ms) and the per-command histograms.
 */
public final class LatencyCommands {
    private LatencyCommands() {}

    private static final String[] HELP = {
            "DOCTOR",
            "    Return a human readable latency analysis report.",
            "GRAPH <event>",
            "    Return an ASCII latency graph for the <event> class.",
            "HISTORY <event>",
            "    Return time-latency samples for the <event> class.",
            "LATEST",
            "    Return the latest latency samples for all events.",
            "RESET [<event> ...]",
            "    Reset latency data of one or more <event> classes.",
            "    (default: reset all data for all event classes)",
            "HISTOGRAM [COMMAND ...]",
            "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
            "    If no commands are specified then all histograms are replied.",
    };

    public static void register(CommandRegistry r) {
        r.add("latency|history", LatencyCommands::history);
        r.add("latency|graph", LatencyCommands::graph);
        r.add("latency|latest", LatencyCommands::latest);
        r.add("latency|doctor", c -> c.out.verbatim("txt", doctor(c.server).getBytes(StandardCharsets.UTF_8)));
        r.add("latency|reset", LatencyCommands::reset);
        r.add("latency|histogram", LatencyCommands::histogram);
        r.add("latency|help", c -> ServerCommands.help(c, HELP));
    }

    private static LatencySeries series(Ctx c, String event) {
        return c.server.diagnostics.latencyEvents.get(event);
    }

    /** LATENCY HISTORY event: [time, latency] pairs, oldest first. */
    static void history(Ctx c) {
        LatencySeries ts = series(c, c.str(2));
        if (ts == null) {
            c.out.array(0);
            return;
        }
        List<int[]> idx = new ArrayList<>();
        for (int j = 0; j < Diagnostics.LATENCY_TS_LEN; j++) {
            int i = (ts.idx + j) % Diagnostics.LATENCY_TS_LEN;
            if (ts.time[i] != 0) idx.add(new int[] {i});
        }
        c.out.array(idx.size());
        for (int[] i : idx) {
            c.out.array(2);
            c.out.integer(ts.time[i[0]]);
            c.out.integer(ts.latency[i[0]]);
        }
    }

    /** LATENCY LATEST: [event, time, latency, all-time max] per event. */
    static void latest(Ctx c) {
        Map<String, LatencySeries> ev = c.server.diagnostics.latencyEvents;
        c.out.array(ev.size());
        for (Map.Entry<String, LatencySeries> e : ev.entrySet()) {
            LatencySeries ts = e.getValue();
            int last = (ts.idx + Diagnostics.LATENCY_TS_LEN - 1) % Diagnostics.LATENCY_TS_LEN;
            c.out.array(4);
            c.out.bulk(e.getKey());
            c.out.integer(ts.time[last]);
            c.out.integer(ts.latency[last]);
            c.out.integer(ts.max);
        }
    }

    static void reset(Ctx c) {
        Diagnostics d = c.server.diagnostics;
        if (c.argc() == 2) {
            c.out.integer(d.resetLatency(null));
            return;
        }
        int n = 0;
        for (int j = 2; j < c.argc(); j++) n += d.resetLatency(c.str(j));
        c.out.integer(n);
    }

    /** LATENCY GRAPH event: Redis's ASCII sparkline, 80 columns by 4 rows, labelled with sample ages. */
    static void graph(Ctx c) {
        String event = c.str(2);
        LatencySeries ts = series(c, event);
        if (ts == null) throw new RedisError(Errors.latencyNoSamples(event));
        long now = c.now() / 1000;
        List<Double> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        long min = 0;
        long max = 0;
        for (int j = 0; j < Diagnostics.LATENCY_TS_LEN; j++) {
            int i = (ts.idx + j) % Diagnostics.LATENCY_TS_LEN;
            if (ts.time[i] == 0) continue;
            if (values.isEmpty()) {
                min = max = ts.latency[i];
            } else {
                max = Math.max(max, ts.latency[i]);
                min = Math.min(min, ts.latency[i]);
            }
            int elapsed = (int) (now - ts.time[i]);
            String label;
            if (elapsed < 60) label = elapsed + "s";
            else if (elapsed < 3600) label = (elapsed / 60) + "m";
            else if (elapsed < 3600 * 24) label = (elapsed / 3600) + "h";
            else label = (elapsed / (3600 * 24)) + "d";
            values.add((double) ts.latency[i]);
            labels.add(label);
        }
        StringBuilder g = new StringBuilder();
        g.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
                .append(" ms (all time high ").append(ts.max).append(" ms)\n");
        g.append("-".repeat(80)).append('\n');
        sparkline(g, values, labels, 80, 4);
        c.out.verbatim("txt", g.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** sparklineRender with SPARKLINE_FILL: the sequence cut in chunks of {@code columns}. */
    static void sparkline(StringBuilder out, List<Double> values, List<String> labels, int columns, int rows) {
        double minV = 0;
        double maxV = 0;
        for (int j = 0; j < values.size(); j++) {
            double v = values.get(j);
            if (j == 0) {
                minV = maxV = v;
            } else if (v < minV) {
                minV = v;
            } else if (v > maxV) {
                maxV = v;
            }
        }
        for (int j = 0; j < values.size(); j += columns) {
            int len = Math.min(values.size() - j, columns);
            if (j != 0) out.append('\n');
            renderRange(out, values, labels, minV, maxV, rows, j, len);
        }
    }

    private static void renderRange(StringBuilder out, List<Double> values, List<String> labels, double min, double max,
                                    int rows, int offset, int len) {
        final String fill = "_o#";
        final int charsetLen = 3;
        double relmax = max - min;
        if (relmax == 0) relmax = 1;
        int steps = charsetLen * rows;
        int row = 0;
        char[] chars = new char[len];
        boolean loop = true;
        while (loop) {
            loop = false;
            java.util.Arrays.fill(chars, ' ');
            for (int j = 0; j < len; j++) {
                double relval = values.get(j + offset) - min;
                int step = (int) ((int) (relval * steps) / relmax);
                if (step < 0) step = 0;
                if (step >= steps) step = steps - 1;
                if (row < rows) {
                    int charidx = step - ((rows - row - 1) * charsetLen);
                    loop = true;
                    if (charidx >= 0 && charidx < charsetLen) chars[j] = fill.charAt(charidx);
                    else if (charidx >= charsetLen) chars[j] = '|';
                } else {
                    // one blank line between the graph and the labels, then labels written vertically
                    if (row - rows < 1) {
                        loop = true;
                        break;
                    }
                    String label = labels.get(j + offset);
                    int labelChar = row - rows - 1;
                    if (label.length() > labelChar) {
                        loop = true;
                        chars[j] = label.charAt(labelChar);
                    }
                }
            }
            if (loop) {
                row++;
                out.append(chars).append('\n');
            }
        }
    }

    /** LATENCY HISTOGRAM [command ...]: per command, calls and the cumulative log-2 histogram (usec). */
    static void histogram(Ctx c) {
        Map<String, long[]> h = c.server.diagnostics.histograms;
        List<String> names = new ArrayList<>();
        if (c.argc() == 2) {
            for (CommandSpec spec : c.server.table().all()) {
                if (h.containsKey(spec.name)) names.add(spec.name);
                for (CommandSpec sub : spec.subcommands.values()) if (h.containsKey(sub.name)) names.add(sub.name);
            }
        } else {
            for (int j = 2; j < c.argc(); j++) {
                CommandSpec spec = lookup(c.server, c.str(j));
                if (spec == null) continue;
                if (h.containsKey(spec.name)) names.add(spec.name);
                for (CommandSpec sub : spec.subcommands.values()) if (h.containsKey(sub.name)) names.add(sub.name);
            }
        }
        c.out.map(names.size());
        for (String n : names) {
            long[] b = h.get(n);
            c.out.bulk(n);
            c.out.map(2);
            c.out.bulk("calls");
            c.out.integer(b[0]);
            c.out.bulk("histogram_usec");
            int samples = 0;
            for (int k = 0; k < Diagnostics.HISTOGRAM_BUCKETS; k++) if (b[k + 1] > 0) samples++;
            c.out.map(samples);
            long cumulative = 0;
            for (int k = 0; k < Diagnostics.HISTOGRAM_BUCKETS; k++) {
                if (b[k + 1] == 0) continue;
                cumulative += b[k + 1];
                c.out.integer(Diagnostics.bucketUpperNanos(k) / 1000);
                c.out.integer(cumulative);
            }
        }
    }

    /** lookupCommandBySds: "name" or "container|sub", case-insensitive. */
    static CommandSpec lookup(Server s, String name) {
        String[] parts = name.toLowerCase(Locale.ROOT).split("\\|", -1);
        if (parts.length > 2) return null;
        CommandSpec spec = s.table().get(parts[0]);
        if (spec == null || parts.length == 1) return spec;
        return spec.subcommands.get(parts[1]);
    }

    // --- LATENCY DOCTOR ---

    static String doctor(Server s) {
        Diagnostics d = s.diagnostics;
        long threshold = s.config().getLong("latency-monitor-threshold");
        if (d.latencyEvents.isEmpty() && threshold == 0) {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use"
                    + " \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a"
                    + " deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
        }
        StringBuilder r = new StringBuilder();
        boolean slowlogEnabled = false;
        boolean slowlogTuning = false;
        boolean slowlogInspect = false;
        boolean scheduler = false;
        boolean largeObjects = false;
        int advices = 0;
        int eventnum = 0;
        long now = s.clock().millis() / 1000;
        long slower = s.config().getLong("slowlog-log-slower-than");
        for (Map.Entry<String, LatencySeries> e : d.latencyEvents.entrySet()) {
            String event = e.getKey();
            LatencySeries ts = e.getValue();
            eventnum++;
            if (eventnum == 1) {
                r.append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n");
            }
            // analyzeLatencyForEvent: samples, average, mean absolute deviation, period
            int samples = 0;
            long sum = 0;
            long oldest = 0;
            for (int j = 0; j < Diagnostics.LATENCY_TS_LEN; j++) {
                if (ts.time[j] == 0) continue;
                samples++;
                sum += ts.latency[j];
                if (oldest == 0 || ts.time[j] < oldest) oldest = ts.time[j];
            }
            long avg = 0;
            long period = 0;
            long mad = 0;
            if (samples > 0) {
                avg = sum / samples;
                period = now - oldest;
                if (period == 0) period = 1;
                long dev = 0;
                for (int j = 0; j < Diagnostics.LATENCY_TS_LEN; j++) {
                    if (ts.time[j] == 0) continue;
                    dev += Math.abs(avg - ts.latency[j]);
                }
                mad = dev / samples;
            }
            r.append(eventnum).append(". ").append(event).append(": ").append(samples)
                    .append(" latency spikes (average ").append(avg).append("ms, mean deviation ").append(mad)
                    .append("ms, period ").append(String.format(Locale.ROOT, "%.2f", (double) period / samples))
                    .append(" sec). Worst all time event ").append(ts.max).append("ms.");
            if (event.equalsIgnoreCase("command")) {
                if (slower < 0) {
                    slowlogEnabled = true;
                    advices++;
                } else if (slower / 1000 > threshold) {
                    slowlogTuning = true;
                    advices++;
                }
                slowlogInspect = true;
                largeObjects = true;
                advices += 2;
            }
            if (event.equalsIgnoreCase("fast-command")) {
                scheduler = true;
                advices++;
            }
            r.append('\n');
        }
        if (eventnum == 0 && advices == 0) {
            r.append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest"
                    + " bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
        } else if (eventnum > 0 && advices == 0) {
            r.append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis"
                    + " community to get some help, providing this report in your help request.\n");
        } else {
            r.append("\nI have a few advices for you:\n\n");
            if (slowlogEnabled) {
                r.append("- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log"
                        + " Redis feature using the command 'CONFIG SET slowlog-log-slower-than ").append(threshold * 1000)
                        .append("'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n");
            }
            if (slowlogTuning) {
                r.append("- Your current Slow Log configuration only logs events that are slower than your configured latency"
                        + " monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ").append(threshold * 1000)
                        .append("'.\n");
            }
            if (slowlogInspect) {
                r.append("- Check your Slow Log to understand what are the commands you are running which are too slow to"
                        + " execute. Please check https://redis.io/commands/slowlog for more information.\n");
            }
            if (scheduler) {
                r.append("- The system is slow to execute Redis code paths not containing system calls. This usually means the"
                        + " system does not provide Redis CPU time to run for long periods. You should try to:\n"
                        + "  1) Lower the system load.\n"
                        + "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
                        + "  3) Check if you have a \"noisy neighbour\" problem.\n"
                        + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
                        + "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are"
                        + " using Jemalloc. However this may create fragmentation problems.\n");
            }
            if (largeObjects) {
                r.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking"
                        + " operation. If you have very large objects that are often deleted, expired, or evicted, try to"
                        + " fragment those objects into multiple smaller objects.\n");
            }
        }
        return r.toString();
    }
}
