package dev.emredis.internal.server;

import dev.emredis.internal.command.CommandFlags;
import dev.emredis.internal.command.CommandSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT PAUSE as Redis 7.0 does it: while paused, a client's next command is postponed (not run,
 * not answered) and the client reads no further commands until the pause ends by CLIENT UNPAUSE
 * or its end time on the virtual clock (checked at cron, as serverCron does). Postponed commands
 * then run from scratch, in the order they were postponed, and may be postponed again.
 */
public final class ClientPause implements ServerListener {
    public static final int OFF = 0;
    public static final int WRITE = 1;
    public static final int ALL = 2;

    private final Server server;
    /** The CLIENT PAUSE request (Redis's PAUSE_BY_CLIENT_COMMAND purpose), if any. */
    private boolean requested;
    private int requestedType;
    private long requestedEnd;
    /** The pause in force (Redis's client_pause_type / client_pause_end_time). */
    private int type = OFF;
    private final List<Client> postponed = new ArrayList<>();

    ClientPause(Server server) {
        this.server = server;
    }

    public int type() {
        return type;
    }

    /** CLIENT PAUSE: merges with a pause in progress (the longer end, the stricter type). */
    public void pause(long endMillis, int pauseType) {
        if (!requested) {
            requested = true;
            requestedType = pauseType;
            requestedEnd = endMillis;
        } else {
            requestedType = Math.max(requestedType, pauseType);
            requestedEnd = Math.max(requestedEnd, endMillis);
        }
        update();
    }

    /** CLIENT UNPAUSE. */
    public void unpause() {
        if (!requested) return;
        requested = false;
        update();
    }

    /** True if the command must wait: every command under ALL, writes (and may-replicate) under WRITE. */
    public boolean mustPostpone(Client c, CommandSpec spec) {
        if (type == OFF) return false;
        if (type == ALL) return true;
        if (isWriteLike(spec)) return true;
        if (spec.name.equals("exec")) {
            for (Client.QueuedCommand q : c.multiQueue) {
                if (isWriteLike(q.spec())) return true;
            }
        }
        return false;
    }

    /**
     * Write commands and the ones Redis flags CMD_MAY_REPLICATE (a flag COMMAND INFO hides, so
     * they are named here as in Redis 7.0.15's command table).
     */
    private static boolean isWriteLike(CommandSpec spec) {
        if (spec.has(CommandFlags.WRITE | CommandFlags.MAY_REPLICATE)) return true;
        switch (spec.name) {
            case "eval":
            case "evalsha":
            case "fcall":
            case "pfcount":
            case "publish":
            case "spublish":
                return true;
            default:
                return false;
        }
    }

    /** Parks the client with its command until the pause is lifted. */
    public void postpone(Client c, byte[][] argv) {
        c.postponed = argv;
        postponed.add(c);
    }

    @Override
    public void cron() {
        if (type != OFF && requestedEnd < server.clock().millis()) update();
    }

    @Override
    public void clientClosed(Client c) {
        postponed.remove(c);
    }

    private void update() {
        int old = type;
        if (requested && requestedEnd < server.clock().millis()) requested = false;
        type = requested ? requestedType : OFF;
        // A less restrictive pause lets every parked client try again (it may be parked again).
        if (type < old && !postponed.isEmpty()) {
            List<Client> resume = new ArrayList<>(postponed);
            postponed.clear();
            EventLoop loop = server.loop();
            for (Client c : resume) {
                if (loop != null) loop.execute(() -> loop.resume(c));
            }
        }
    }
}
