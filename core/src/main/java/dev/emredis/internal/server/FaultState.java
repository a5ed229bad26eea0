package dev.emredis.internal.server;

import dev.emredis.Match;
import dev.emredis.internal.command.CommandFlags;
import dev.emredis.internal.command.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Injected faults. The switches stand for server states real Redis can be in (out of memory,
 * loading, busy script, missing replicas, stale replica) and are read by the pipeline at the same
 * point of the pre-execution checks where Redis tests the real state, so combined faults pick
 * the same winner. Network rules act below RESP, in the event loop, before a command runs.
 */
public final class FaultState {
    /** Eviction "cannot free enough memory": denyoom commands get OOM even without maxmemory. */
    public volatile boolean oom;
    /** As if min-replicas-to-write were unmet on a master. */
    public volatile boolean noReplicas;
    /** As if the dataset were loading (INFO persistence says loading:1). */
    public volatile boolean loading;
    /** Virtual-clock time the loading fault was switched on (INFO loading_start_time). */
    public volatile long loadingSinceMillis;
    /** As if a script were running past busy-reply-threshold. */
    public volatile boolean busy;
    /** The replica's master link is down and stale data is not served (MASTERDOWN). */
    public volatile boolean masterDown;

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private SplittableRandom random;

    FaultState(long seed) {
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** What a network rule does to the command it matched. */
    public enum Effect { DELAY, HANG, CLOSE, RESET, REPLY_ERROR, THROTTLE }

    /** An installed rule; its counters are touched only by the loop thread. */
    public static final class Rule {
        public final Match match;
        public final Effect effect;
        /** Nanoseconds for DELAY, bytes per second for THROTTLE. */
        public final long amount;
        /** The error line for REPLY_ERROR, without the leading '-'. */
        public final String error;
        int seen;
        int fired;

        public Rule(Match match, Effect effect, long amount, String error) {
            this.match = match;
            this.effect = effect;
            this.amount = amount;
            this.error = error;
        }
    }

    public void add(Rule r) {
        rules.add(r);
    }

    public void remove(Rule r) {
        rules.remove(r);
    }

    public boolean hasRules() {
        return !rules.isEmpty();
    }

    /** Switches off every switch and removes every rule. */
    public void clear() {
        oom = false;
        noReplicas = false;
        loading = false;
        busy = false;
        masterDown = false;
        rules.clear();
    }

    /** Redis 7's container commands (those with subcommands), known even where not implemented. */
    private static final java.util.Set<String> CONTAINERS = java.util.Set.of("acl", "client", "cluster", "command",
            "config", "function", "latency", "memory", "module", "object", "pubsub", "script", "slowlog", "xgroup", "xinfo");

    /** The subcommand of a container command (as sent), else null. */
    static String subcommandOf(byte[][] argv) {
        if (argv.length < 2) return null;
        String name = new String(argv[0], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
        return CONTAINERS.contains(name) ? new String(argv[1], StandardCharsets.UTF_8) : null;
    }

    /** The first rule that fires for this command (counting it), or null. Loop thread only. */
    Rule fire(Client c, byte[][] argv) {
        if (rules.isEmpty()) return null;
        String name = new String(argv[0], StandardCharsets.UTF_8);
        String sub = subcommandOf(argv);
        String clientName = c.name == null ? null : new String(c.name, StandardCharsets.UTF_8);
        // every rule counts the commands it matches (for after(n)), even when an earlier one fires
        Rule firing = null;
        for (Rule r : rules) {
            Match m = r.match;
            if (!m.matches(name, sub, clientName)) continue;
            if (r.seen++ < m.after() || firing != null) continue;
            if (m.times() >= 0 && r.fired >= m.times()) continue;
            if (m.probability() < 1 && random.nextDouble() >= m.probability()) continue;
            r.fired++;
            firing = r;
        }
        return firing;
    }

    // --- the pre-execution checks, one per Redis rule (Pipeline calls them in processCommand order) ---

    /** Redis skips the OOM check while a script is busy (isInsideYieldingLongCommand). */
    public boolean skipsOomCheck() {
        return busy;
    }

    /** LOADING for commands without the loading flag (for EXEC: any queued command without it). */
    public boolean refusesWhileLoading(CommandSpec spec, boolean queuedWithoutLoadingFlag) {
        return loading && (!spec.has(CommandFlags.LOADING) || queuedWithoutLoadingFlag);
    }

    /** BUSY for every command not flagged allow-busy. */
    public boolean refusesWhileBusy(CommandSpec spec) {
        return busy && !spec.has(CommandFlags.ALLOW_BUSY);
    }
}
