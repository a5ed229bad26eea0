package dev.emredis.internal.server;

import dev.emredis.internal.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Channel and pattern subscriptions for the whole server, and message delivery. */
public final class PubSub {
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SMESSAGE = "smessage".getBytes(StandardCharsets.US_ASCII);

    private final Server server;
    public final Map<ByteKey, Set<Client>> channels = new LinkedHashMap<>();
    public final Map<ByteKey, Set<Client>> patterns = new LinkedHashMap<>();
    public final Map<ByteKey, Set<Client>> shardChannels = new LinkedHashMap<>();

    public PubSub(Server server) {
        this.server = server;
    }

    /** Adds the subscription; false if the client already had it. */
    public boolean subscribe(Client c, ByteKey ch) {
        if (!c.channels.add(ch)) return false;
        channels.computeIfAbsent(ch, k -> new LinkedHashSet<>()).add(c);
        return true;
    }

    public boolean unsubscribe(Client c, ByteKey ch) {
        if (!c.channels.remove(ch)) return false;
        removeFrom(channels, ch, c);
        return true;
    }

    public boolean psubscribe(Client c, ByteKey p) {
        if (!c.patterns.add(p)) return false;
        patterns.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(c);
        return true;
    }

    public boolean punsubscribe(Client c, ByteKey p) {
        if (!c.patterns.remove(p)) return false;
        removeFrom(patterns, p, c);
        return true;
    }

    public boolean ssubscribe(Client c, ByteKey ch) {
        if (!c.shardChannels.add(ch)) return false;
        shardChannels.computeIfAbsent(ch, k -> new LinkedHashSet<>()).add(c);
        return true;
    }

    public boolean sunsubscribe(Client c, ByteKey ch) {
        if (!c.shardChannels.remove(ch)) return false;
        removeFrom(shardChannels, ch, c);
        return true;
    }

    private static void removeFrom(Map<ByteKey, Set<Client>> m, ByteKey k, Client c) {
        Set<Client> s = m.get(k);
        if (s == null) return;
        s.remove(c);
        if (s.isEmpty()) m.remove(k);
    }

    /** Drops every subscription of a closing client, without replies. */
    public void removeClient(Client c) {
        for (ByteKey ch : c.channels) removeFrom(channels, ch, c);
        for (ByteKey p : c.patterns) removeFrom(patterns, p, c);
        for (ByteKey ch : c.shardChannels) removeFrom(shardChannels, ch, c);
        c.channels.clear();
        c.patterns.clear();
        c.shardChannels.clear();
    }

    /** PUBLISH: returns the number of clients that received the message. */
    public int publish(byte[] channel, byte[] message) {
        int receivers = 0;
        Set<Client> subs = channels.get(new ByteKey(channel));
        if (subs != null) {
            for (Client c : new ArrayList<>(subs)) {
                int start = c.out.size();
                c.out.push(3);
                c.out.bulk(MESSAGE);
                c.out.bulk(channel);
                c.out.bulk(message);
                c.pushWritten(start);
                server.outputPending(c);
                receivers++;
            }
        }
        if (!patterns.isEmpty()) {
            List<Map.Entry<ByteKey, Set<Client>>> ps = new ArrayList<>(patterns.entrySet());
            for (Map.Entry<ByteKey, Set<Client>> e : ps) {
                if (!Glob.match(e.getKey().bytes, channel)) continue;
                for (Client c : new ArrayList<>(e.getValue())) {
                    int start = c.out.size();
                    c.out.push(4);
                    c.out.bulk(PMESSAGE);
                    c.out.bulk(e.getKey().bytes);
                    c.out.bulk(channel);
                    c.out.bulk(message);
                    c.pushWritten(start);
                    server.outputPending(c);
                    receivers++;
                }
            }
        }
        return receivers;
    }

    /** SPUBLISH. */
    public int spublish(byte[] channel, byte[] message) {
        Set<Client> subs = shardChannels.get(new ByteKey(channel));
        if (subs == null) return 0;
        for (Client c : new ArrayList<>(subs)) {
            int start = c.out.size();
            c.out.push(3);
            c.out.bulk(SMESSAGE);
            c.out.bulk(channel);
            c.out.bulk(message);
            c.pushWritten(start);
            server.outputPending(c);
        }
        return subs.size();
    }
}
