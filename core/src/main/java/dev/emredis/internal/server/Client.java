package dev.emredis.internal.server;

import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.resp.RespWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The state Redis keeps per client: identity, selected db, protocol, MULTI queue, watched keys,
 * subscriptions, and the output buffer. Connection-less clients (scripts, in-JVM calls) have no
 * {@link Connection}.
 */
public final class Client {
    public final long id;
    public final Connection connection;
    public final RespWriter out;
    public final long createdMillis;

    public int db;
    public byte[] name;
    public String libName;
    public String libVer;
    public String user = "default";
    /** The ACL user this connection runs as (Redis's c->user); its name is {@link #user}. */
    public dev.emredis.internal.acl.User aclUser;
    /** For a scripting runtime's client: the connection whose script is running (ACL checks and log). */
    public Client scriptCaller;
    public boolean authenticated;
    public long lastInteractionMillis;
    public String lastCommand = "NULL";

    // CLIENT REPLY
    public boolean replyOff;
    public boolean replySkipNext;
    public boolean replySkipThis;
    /**
     * Push frames (pub/sub confirmations and messages) written while this client's own command
     * runs, as [start, end) offsets in {@link #out}: Redis sends them even under CLIENT REPLY
     * OFF/SKIP (its CLIENT_PUSHING flag), so the pipeline keeps them when it drops the reply.
     */
    public boolean executing;
    public final List<int[]> pushesDuringCommand = new ArrayList<>();
    public boolean noEvict;
    public boolean noTouch;

    // MULTI/EXEC
    public boolean inMulti;
    public boolean multiError;
    public boolean watchDirty;
    public final List<QueuedCommand> multiQueue = new ArrayList<>();
    /** Watched keys in WATCH order; each database keeps the reverse index ({@link Watches}). */
    public final List<WatchedKey> watched = new ArrayList<>();

    // pub/sub (insertion order matters for UNSUBSCRIBE without arguments)
    public final Set<ByteKey> channels = new LinkedHashSet<>();
    public final Set<ByteKey> patterns = new LinkedHashSet<>();
    public final Set<ByteKey> shardChannels = new LinkedHashSet<>();

    /** The command CLIENT PAUSE holds back (run again when the pause ends), else null. */
    public byte[][] postponed;

    /** Parked by a blocking command (WAIT, later BLPOP and friends): reads nothing until unblocked. */
    public boolean blocked;

    // CLIENT TRACKING (client-side caching); see Tracking for the rules
    /** Tracking.ON, BCAST, OPTIN, OPTOUT, CACHING, NOLOOP, BROKEN_REDIR bits; 0 when off. */
    public int trackingFlags;
    /** REDIRECT client id (0: none); kept after tracking is turned off, as Redis keeps it. */
    public long trackingRedirect;
    /** BCAST prefixes in byte order, or null when the client has none. */
    public java.util.TreeSet<ByteKey> trackingPrefixes;

    // cluster mode: READONLY (reads served by a replica), ASKING (one-shot), and the slot of the
    // running command's first key (Redis's c->slot; scripts must stay in it)
    public boolean clusterReadOnly;
    public boolean asking;
    public int clusterSlot = -1;
    /** For a script's client: the running script may touch keys of several slots (allow-cross-slot-keys, or no shebang). */
    public boolean scriptAllowCrossSlot = true;

    /** Set after QUIT, protocol errors or CLIENT KILL: close once the output is flushed. */
    public boolean closeAfterReply;
    /** REPLCONF settings, and the replica state once SYNC/PSYNC made this connection a replica. */
    public ReplicaFeed.Link replicaLink;
    public boolean closed;
    /** CLIENT LIST flags that other subsystems set (e.g. 'x' MULTI, 'P' pubsub, 'b' blocked). */
    public final Set<Character> extraFlags = new HashSet<>();

    public Client(long id, Connection connection, long now) {
        this.id = id;
        this.connection = connection;
        this.out = new RespWriter(connection == null ? 256 : 16 * 1024);
        this.createdMillis = now;
        this.lastInteractionMillis = now;
    }

    public int protocol() {
        return out.protocol();
    }

    /** Call after writing a push frame that began at {@code start}. */
    public void pushWritten(int start) {
        if (executing) pushesDuringCommand.add(new int[] {start, out.size()});
    }

    public int subscriptionCount() {
        return channels.size() + patterns.size() + shardChannels.size();
    }

    /** RESP2 clients with subscriptions may only run the pub/sub command set. */
    public boolean inSubscribedContext() {
        return protocol() == 2 && subscriptionCount() > 0;
    }

    /** A command waiting in the MULTI queue. */
    public record QueuedCommand(CommandSpec spec, byte[][] argv) { }

    /**
     * A key watched in a database, shared by the client's list and the database's index.
     * {@code expired}: the key was already logically expired when WATCHed (Redis 7.0 then does not
     * abort EXEC for its expiry, only for a later real change).
     */
    public static final class WatchedKey {
        public final int db;
        public final ByteKey key;
        public final Client client;
        public boolean expired;

        public WatchedKey(int db, ByteKey key, Client client, boolean expired) {
            this.db = db;
            this.key = key;
            this.client = client;
            this.expired = expired;
        }
    }
}
