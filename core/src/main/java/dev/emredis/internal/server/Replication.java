package dev.emredis.internal.server;

import dev.emredis.internal.command.Errors;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's replication role. A master has no replicas. REPLICAOF host port makes it a replica
 * whose link to the master never comes up (the emulator does not replicate): ROLE, INFO and HELLO
 * say replica, writes from clients are refused (replica-read-only), reads may be refused too
 * (replica-serve-stale-data no), and keys past their TTL read as missing without being deleted, as
 * a Redis replica waits for its master's DEL. REPLICAOF NO ONE turns it back into a master with a
 * new replication id, keeping the old one as replid2 as Redis does for a promoted replica.
 */
public final class Replication {
    private final Server server;
    private String masterHost;
    private int masterPort;
    private String replid;
    private String replid2 = "0".repeat(40);
    private long secondOffset = -1;
    /** An in-process replica (emulated cluster) whose link to its master is up. */
    private volatile boolean linkUp;
    /** Bytes of the master's stream applied (slave_repl_offset), for an in-process replica. */
    private volatile long appliedOffset;
    private volatile long lastIoMillis;

    Replication(Server server) {
        this.server = server;
        this.replid = server.randomHexId();
    }


    /** Whether the master link is up (only in-process cluster replicas have a live link). */
    public boolean linkUp() {
        return masterHost != null && linkUp;
    }

    public long appliedOffset() {
        return appliedOffset;
    }

    public long lastIoMillis() {
        return lastIoMillis;
    }

    /**
     * Becomes an in-process replica of a cluster master whose stream is applied from
     * {@code offset}: ROLE says "connected", INFO master_link_status:up.
     */
    public void followInProcess(String host, int port, long offset) {
        becomeReplica(host, port);
        appliedOffset = offset;
        lastIoMillis = server.clock().millis();
        linkUp = true;
    }

    /** A promoted replica: the old history stays valid up to what it had applied (second_repl_offset). */
    public void promotedAt(long appliedOffset) {
        secondOffset = appliedOffset + 1;
    }

    /** A replica that synchronised with a master takes on its replication id (master_replid). */
    public void adoptReplid(String masterReplid) {
        replid = masterReplid;
    }

    /** A frame of the master's stream was applied. */
    public void applied(long bytes) {
        appliedOffset += bytes;
        lastIoMillis = server.clock().millis();
    }

    public boolean isReplica() {
        return masterHost != null;
    }

    public String masterHost() {
        return masterHost;
    }

    public int masterPort() {
        return masterPort;
    }

    public String replid() {
        return replid;
    }

    public String replid2() {
        return replid2;
    }

    public long secondOffset() {
        return secondOffset;
    }

    /** True when already a replica of exactly this master (REPLICAOF answers so, and does nothing). */
    public boolean isReplicaOf(String host, int port) {
        return masterHost != null && masterHost.equalsIgnoreCase(host) && masterPort == port;
    }

    /**
     * replicationSetMaster: clients blocked on the master's data get an error and are closed,
     * since what they wait for will now come from the master.
     */
    public void becomeReplica(String host, int port) {
        List<Client> blocked = new ArrayList<>();
        for (Client c : server.clients().values()) {
            if (server.blocked.isBlocked(c)) blocked.add(c);
        }
        for (Client c : blocked) {
            server.blocked.forceUnblock(c, Errors.UNBLOCKED_ROLE_CHANGE);
            c.closeAfterReply = true;
        }
        masterHost = host;
        masterPort = port;
    }

    /** changeReplicationId + clearReplicationId2: a new history (a backlog created from scratch). */
    public void newHistory() {
        replid = server.randomHexId();
        replid2 = "0".repeat(40);
        secondOffset = -1;
    }

    /** replicationUnsetMaster: a new history starts; the old id stays valid up to offset + 1. */
    public void becomeMaster() {
        if (masterHost == null) return;
        masterHost = null;
        linkUp = false;
        replid2 = replid;
        secondOffset = 1;
        replid = server.randomHexId();
    }

    /**
     * Redis's checkGoodReplicasStatus failing: a master with min-replicas-to-write and
     * min-replicas-max-lag set refuses writes without that many good replicas (the emulator has
     * none), or the noReplicas fault says so. A replica never refuses on this ground.
     */
    public boolean notEnoughGoodReplicas() {
        if (isReplica()) return false;
        if (server.faults.noReplicas) return true;
        return server.config().getLong("min-replicas-to-write") > 0 && server.config().getLong("min-replicas-max-lag") > 0;
    }

    /** The replica serves no stale data: replica-serve-stale-data no, or the masterDown fault. */
    public boolean refusesStaleData() {
        return isReplica() && (server.faults.masterDown || (!linkUp && !server.config().getBool("replica-serve-stale-data")));
    }
}
