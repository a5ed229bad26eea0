package dev.emredis.internal.server;

import dev.emredis.internal.command.CommandFlags;
import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.rdb.RdbFile;
import dev.emredis.internal.resp.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The master side of replication: a connection that sends SYNC or PSYNC becomes a replica. It gets
 * a full resynchronisation (+FULLRESYNC for PSYNC, then the dataset as an RDB file, EOF-marked when
 * it declared {@code capa eof} and repl-diskless-sync is on), then the replication stream: every
 * command that changed data, as run, after a SELECT when the database changes; DELs for keys that
 * expire or are evicted; a PING every repl-ping-replica-period seconds of the virtual clock.
 * master_repl_offset counts the stream's bytes once the first replica created the backlog.
 * Commands travel as Redis 7.0 propagates them: a handler may replace its own form
 * ({@link #rewrite}: EXPIRE becomes PEXPIREAT, SPOP becomes SREM, INCRBYFLOAT a SET...), a script
 * or transaction sends the effects of the commands it ran, and everything one top-level command
 * propagates goes out as one unit, wrapped in MULTI/EXEC when it is more than one command (Redis's
 * also_propagate and propagatePendingCommands).
 * Deviations from Redis: the diskless delay (repl-diskless-sync-delay) is not waited for, PSYNC
 * never continues a partial history.
 */
public final class ReplicaFeed implements ServerListener {
    /** What a connection told us with REPLCONF, and its state once it is a replica. */
    public static final class Link {
        public int listeningPort;
        public boolean capaEof;
        public boolean online;
        public long ackOffset;
        public long lastAckMillis;
    }

    /**
     * A replica in this JVM (a node of an emulated cluster): it gets every frame of the stream
     * through {@code sink} instead of a socket, and reports its address and applied offset.
     */
    public record InProcessReplica(String ip, int port, java.util.function.LongSupplier offset,
                                   java.util.function.ObjLongConsumer<byte[][]> sink) { }

    private final Server server;
    private final List<Client> replicas = new ArrayList<>();
    private final List<InProcessReplica> inProcess = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean backlog;
    private long offset;
    private int selectedDb = -1;
    private long lastPingMillis;
    private int depth;
    // per call depth (1 = top level): server.dirty when the command started, and its rewrite
    private long[] dirtyAt = new long[8];
    private Object[] rewriteAt = new Object[8];
    /** What the current top-level command propagates so far: (db, argv) pairs. */
    private final List<Object[]> pending = new ArrayList<>();

    ReplicaFeed(Server server) {
        this.server = server;
    }

    public long offset() {
        return offset;
    }

    public boolean backlogActive() {
        return backlog;
    }

    public List<Client> replicas() {
        return replicas;
    }

    /** REPLCONF from a connection: remembered for when it becomes a replica. */
    public static Link link(Client c) {
        if (c.replicaLink == null) c.replicaLink = new Link();
        return c.replicaLink;
    }

    /** REPLCONF ACK offset from a replica. */
    public void ack(Client c, long ackOffset) {
        if (c.replicaLink == null || !c.replicaLink.online) return;
        c.replicaLink.ackOffset = ackOffset;
        c.replicaLink.lastAckMillis = server.clock().millis();
    }

    /** A promoted replica's stream continues from the offset it had applied. */
    public void continueFrom(long applied) {
        offset = Math.max(offset, applied);
    }

    public List<InProcessReplica> inProcessReplicas() {
        return inProcess;
    }

    /** The backlog starts if it did not (a new replication history, as for a first replica). */
    public void ensureBacklog() {
        if (!backlog) {
            server.replication.newHistory();
            backlog = true;
        }
    }

    /** A promoted replica keeps the backlog it had as a replica: its history goes on. */
    public void keepBacklog() {
        backlog = true;
    }

    /** Attaches an in-process replica: the backlog starts (if it did not), then every frame follows. */
    public void attachInProcess(InProcessReplica r) {
        ensureBacklog();
        inProcess.add(r);
        selectedDb = -1;
    }

    public void detachInProcess(InProcessReplica r) {
        inProcess.remove(r);
    }

    public void detachAllInProcess() {
        inProcess.clear();
    }

    public boolean isReplica(Client c) {
        return c.replicaLink != null && c.replicaLink.online;
    }

    /** SYNC / PSYNC: full resynchronisation, then the client follows the stream. */
    public void attach(Client c, boolean psync) {
        Link link = link(c);
        if (!backlog) {
            // a backlog made from scratch starts a new history (changeReplicationId, clearReplicationId2)
            server.replication.newHistory();
            backlog = true;
        }
        RespWriter out = c.out;
        if (psync) {
            out.raw(("+FULLRESYNC " + server.replication.replid() + " " + offset + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        byte[] rdb = RdbFile.snapshot(server, server.replication.replid(), offset);
        if (link.capaEof && server.config().getBool("repl-diskless-sync")) {
            String mark = server.randomHexId();
            byte[] m = mark.getBytes(StandardCharsets.US_ASCII);
            out.raw(("$EOF:" + mark + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.raw(rdb);
            out.raw(m);
        } else {
            out.raw(("$" + rdb.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.raw(rdb);
        }
        link.online = true;
        link.ackOffset = 0;
        link.lastAckMillis = server.clock().millis();
        c.extraFlags.add('S');
        replicas.add(c);
        // the stream restarts with a SELECT (slaveseldb = -1 after a full sync)
        selectedDb = -1;
        lastPingMillis = server.clock().millis();
        server.outputPending(c);
    }

    /** Appends one command to the stream (and to the offset, while a backlog exists). */
    public void propagate(int dbid, byte[]... argv) {
        if (!backlog) return;
        if (dbid >= 0 && dbid != selectedDb) {
            feed(new byte[][] {bytes("SELECT"), bytes(Integer.toString(dbid))});
            selectedDb = dbid;
        }
        feed(argv);
    }

    private void feed(byte[][] argv) {
        byte[] frame = RespWriter.encodeCommand(argv);
        offset += frame.length;
        for (InProcessReplica r : inProcess) r.sink().accept(argv, frame.length);
        for (Client r : replicas) {
            r.out.raw(frame);
            server.outputPending(r);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Redis's rewriteClientCommandVector / alsoPropagate with the command's own propagation
     * prevented: the running command propagates {@code commands} (none, one or several, in its
     * database) instead of its argv, if it changed the dataset. Call from a handler.
     */
    public void rewrite(byte[][]... commands) {
        if (depth > 0) rewriteAt[depth] = commands;
    }

    /**
     * A write done outside any command's own argv (a blocked client served later): propagated
     * with the current top-level command's unit, or at once when no command is running.
     */
    public void alsoPropagate(int dbid, byte[]... argv) {
        if (!backlog) return;
        pending.add(new Object[] {dbid, argv});
        if (depth == 0) flushPending();
    }

    @Override
    public void beforeCommand(Client c, CommandSpec spec, byte[][] argv) {
        depth++;
        if (depth >= dirtyAt.length) {
            dirtyAt = java.util.Arrays.copyOf(dirtyAt, depth * 2);
            rewriteAt = java.util.Arrays.copyOf(rewriteAt, depth * 2);
        }
        dirtyAt[depth] = server.dirty;
        rewriteAt[depth] = null;
    }

    @Override
    public void afterCommand(Client c, CommandSpec spec, byte[][] argv, long micros) {
        int d = depth--;
        byte[][][] rewritten = (byte[][][]) rewriteAt[d];
        rewriteAt[d] = null;
        if (!backlog) {
            pending.clear();
            return;
        }
        // a transaction or script propagates the commands it ran, not itself
        if (!spec.name.equals("exec")) {
            boolean changed = server.dirty != dirtyAt[d];
            // in cluster mode PUBLISH/SPUBLISH travel over the cluster bus instead (ClusterPubSub)
            boolean publish = server.cluster == null && (spec.name.equals("publish") || spec.name.equals("spublish"));
            if (changed && rewritten != null) {
                for (byte[][] r : rewritten) pending.add(new Object[] {c.db, r});
            } else if ((changed && spec.has(CommandFlags.WRITE)) || publish || (changed && spec.name.equals("swapdb"))) {
                pending.add(new Object[] {c.db, argv});
            }
        }
        if (depth == 0) flushPending();
    }

    /** Redis's propagatePendingCommands: several commands of one call go out as MULTI ... EXEC. */
    private void flushPending() {
        if (pending.isEmpty()) return;
        boolean wrap = pending.size() > 1;
        if (wrap) propagate((Integer) pending.get(0)[0], bytes("MULTI"));
        for (Object[] op : pending) propagate((Integer) op[0], (byte[][]) op[1]);
        if (wrap) propagate(-1, bytes("EXEC"));
        pending.clear();
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        // a key expired by a command's lookup goes out in that command's unit (DEL then the
        // command, in MULTI/EXEC), as Redis 7.0 does; active expiry sends it alone
        alsoPropagate(db.id, bytes("DEL"), key);
    }

    @Override
    public void clientClosed(Client c) {
        replicas.remove(c);
    }

    @Override
    public void cron() {
        if (replicas.isEmpty() && inProcess.isEmpty()) return;
        long now = server.clock().millis();
        long period = server.config().getLong("repl-ping-replica-period") * 1000;
        if (now - lastPingMillis >= period) {
            lastPingMillis = now;
            propagate(-1, bytes("PING"));
        }
    }
}
