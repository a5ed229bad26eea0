package dev.emredis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A slot being moved between two masters, as {@code redis-cli --cluster reshard} does it: the
 * source is MIGRATING, the target IMPORTING. Meanwhile the source serves the keys it still has,
 * answers {@code -ASK <slot> <target>} for keys it no longer has and
 * {@code -TRYAGAIN Multiple keys request during rehashing of slot} for multi-key commands with
 * some keys on each side; the target serves the slot only after ASKING. CLUSTER NODES shows the
 * open migration on both nodes' own lines. {@link RedisCluster#startMigration(int, int, int)}.
 *
 * <pre>{@code
 * SlotMigration m = cluster.startMigration(cluster.slotOf("foo"), 0, 1);
 * m.moveKeys("foo");   // GET foo on node 0 now answers -ASK
 * m.finish();          // node 1 owns the slot; node 0 answers -MOVED
 * }</pre>
 */
public final class SlotMigration {
    private final RedisCluster cluster;
    private final int slot;
    private final int from;
    private final int to;
    private volatile boolean finished;

    SlotMigration(RedisCluster cluster, int slot, int from, int to) {
        this.cluster = cluster;
        this.slot = slot;
        this.from = from;
        this.to = to;
    }

    /** The slot being migrated. */
    public int slot() {
        return slot;
    }

    /** The index of the source master when the migration started. */
    public int from() {
        return from;
    }

    /** The index of the target master when the migration started (a failover of it moves the migration to its replica). */
    public int to() {
        return to;
    }

    /**
     * Moves these keys (which must hash to the slot) from the source to the target, as MIGRATE
     * would; keys the source does not have are skipped. Returns this migration.
     */
    public SlotMigration moveKeys(String... keys) {
        if (finished) throw new IllegalStateException("migration of slot " + slot + " already finished");
        List<byte[]> l = new ArrayList<>();
        for (String k : keys) {
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            if (cluster.slotOf(k) != slot) throw new IllegalArgumentException("key '" + k + "' is in slot " + cluster.slotOf(k) + ", not " + slot);
            l.add(b);
        }
        cluster.moveKeys(this, l);
        return this;
    }

    /**
     * Moves the keys left on the source, gives the slot to the target (its config epoch bumped)
     * and closes the migration on both sides: the source then answers MOVED.
     */
    public void finish() {
        if (finished) return;
        finished = true;
        cluster.finishMigration(this);
    }

    /** Whether {@link #finish()} was called. */
    public boolean isFinished() {
        return finished;
    }
}
