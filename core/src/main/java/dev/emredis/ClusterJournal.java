package dev.emredis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The journals of every node of a {@link RedisCluster} seen as one: commands merged in time
 * order, counters summed, and the discovery counter cluster clients are judged by.
 *
 * <pre>{@code
 * cluster.moveSlot(cluster.slotOf("foo"), 2);
 * for (int i = 0; i < 1000; i++) jedisCluster.get("foo");
 * assertThat(cluster.journal().discoveryCalls()).isLessThanOrEqualTo(5);
 * }</pre>
 */
public final class ClusterJournal {
    private final RedisCluster cluster;

    ClusterJournal(RedisCluster cluster) {
        this.cluster = cluster;
    }

    /** The journal of node {@code i} alone. */
    public Journal node(int i) {
        return cluster.node(i).journal();
    }

    /** Every retained command of every node, oldest first (ties keep node order). */
    public List<Journal.Entry> commands() {
        List<Journal.Entry> all = new ArrayList<>();
        for (RedisEmulator n : cluster.nodes()) all.addAll(n.journal().commands());
        all.sort(Comparator.comparing(Journal.Entry::time));
        return Collections.unmodifiableList(all);
    }

    /** How many commands are {@code name} (and {@code sub}, if given), on all nodes. */
    public long count(String... nameAndSub) {
        long n = 0;
        for (RedisEmulator e : cluster.nodes()) n += e.journal().count(nameAndSub);
        return n;
    }

    /** How many commands {@code match} selects, on all nodes. */
    public long count(Match match) {
        long n = 0;
        for (RedisEmulator e : cluster.nodes()) n += e.journal().count(match);
        return n;
    }

    /** Topology discovery calls on all nodes: CLUSTER SLOTS, CLUSTER SHARDS and CLUSTER NODES. */
    public long discoveryCalls() {
        return count("CLUSTER", "SLOTS") + count("CLUSTER", "SHARDS") + count("CLUSTER", "NODES");
    }

    /** The discovery calls themselves, oldest first. */
    public List<Journal.Entry> discoveryEntries() {
        List<Journal.Entry> l = new ArrayList<>();
        for (Journal.Entry e : commands()) {
            if (e.is("CLUSTER", "SLOTS") || e.is("CLUSTER", "SHARDS") || e.is("CLUSTER", "NODES")) l.add(e);
        }
        return Collections.unmodifiableList(l);
    }

    /** Connections accepted by all nodes since start or {@link #clear()}. */
    public long connectionsAccepted() {
        long n = 0;
        for (RedisEmulator e : cluster.nodes()) n += e.journal().connectionsAccepted();
        return n;
    }

    /**
     * The most client connections open on all nodes together at the same moment since start or
     * {@link #clear()}: every node's open/close events merged in the order they happened. (If a
     * node saw more than 65,536 connection events since clear(), the sum of the nodes' peaks, an
     * upper bound, is returned instead.)
     */
    public int maxConcurrentConnections() {
        List<long[]> perNode = new ArrayList<>();
        int open = 0;
        int upperBound = 0;
        boolean complete = true;
        for (RedisEmulator e : cluster.nodes()) {
            upperBound += e.journal().maxConcurrentConnections();
            long[] ev = e.journal().connectionEvents();
            if (ev == null) {
                complete = false;
            } else {
                open += (int) ev[0];
                perNode.add(ev);
            }
        }
        if (!complete) return upperBound;
        List<Long> all = new ArrayList<>();
        for (long[] ev : perNode) for (int i = 1; i < ev.length; i++) all.add(ev[i]);
        all.sort(java.util.Comparator.comparingLong(Math::abs));
        int peak = open;
        for (long ev : all) {
            open += ev > 0 ? 1 : -1;
            peak = Math.max(peak, open);
        }
        return peak;
    }

    /** Connections accepted by all nodes at virtual-clock times in [t0, t1). */
    public long connectionsOpenedBetween(Instant t0, Instant t1) {
        long n = 0;
        for (RedisEmulator e : cluster.nodes()) n += e.journal().connectionsOpenedBetween(t0, t1);
        return n;
    }

    /** The largest number of matching commands, on all nodes together, within any window of {@code window}. */
    public int maxCallsInWindow(Match match, Duration window) {
        List<Instant> t = times(match);
        int best = 0;
        int lo = 0;
        for (int hi = 0; hi < t.size(); hi++) {
            while (Duration.between(t.get(lo), t.get(hi)).compareTo(window) >= 0) lo++;
            best = Math.max(best, hi - lo + 1);
        }
        return best;
    }

    /** Gaps between successive matching commands on all nodes together (backoff growth, jitter). */
    public List<Duration> intervals(Match match) {
        List<Instant> t = times(match);
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < t.size(); i++) gaps.add(Duration.between(t.get(i - 1), t.get(i)));
        return Collections.unmodifiableList(gaps);
    }

    private List<Instant> times(Match match) {
        List<Instant> t = new ArrayList<>();
        for (Journal.Entry e : commands()) if (e.matches(match)) t.add(e.time());
        return t;
    }

    /** Clears every node's journal. */
    public void clear() {
        for (RedisEmulator e : cluster.nodes()) e.journal().clear();
    }
}
