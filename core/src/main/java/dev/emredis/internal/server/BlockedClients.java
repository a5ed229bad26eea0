package dev.emredis.internal.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clients parked by a blocking command. A blocked client reads no further commands; it is
 * released by {@link #unblock} (the command was served) or by its timeout on the virtual clock,
 * checked at cron and whenever the clock jumps, as Redis's blockedBeforeSleep/clientsCron do.
 */
public final class BlockedClients implements ServerListener {
    /** What happens when a blocked client's time is up. */
    public interface Timeout {
        void expired(Client c);
    }

    private record Entry(long deadlineMillis, Timeout onTimeout) { }

    private final Server server;
    private final Map<Client, Entry> blocked = new LinkedHashMap<>();

    BlockedClients(Server server) {
        this.server = server;
    }

    /** Parks the client; {@code deadlineMillis} 0 waits forever. */
    public void block(Client c, long deadlineMillis, Timeout onTimeout) {
        c.blocked = true;
        blocked.put(c, new Entry(deadlineMillis, onTimeout));
    }

    /** Releases a client whose reply has been written. */
    public void unblock(Client c) {
        if (blocked.remove(c) == null) return;
        c.blocked = false;
        EventLoop loop = server.loop();
        if (loop != null) loop.execute(() -> loop.unblocked(c));
    }

    public int count() {
        return blocked.size();
    }

    /** Blocked clients with a deadline (INFO's clients_in_timeout_table). */
    public int countWithTimeout() {
        int n = 0;
        for (Entry e : blocked.values()) if (e.deadlineMillis() != 0) n++;
        return n;
    }

    @Override
    public void cron() {
        if (blocked.isEmpty()) return;
        long now = server.clock().millis();
        List<Client> due = new ArrayList<>();
        for (Map.Entry<Client, Entry> e : blocked.entrySet()) {
            long d = e.getValue().deadlineMillis();
            if (d != 0 && d <= now) due.add(e.getKey());
        }
        for (Client c : due) {
            Entry e = blocked.get(c);
            if (e == null) continue;
            e.onTimeout().expired(c);
            server.outputPending(c);
            unblock(c);
        }
    }

    @Override
    public void clientClosed(Client c) {
        blocked.remove(c);
    }
}
