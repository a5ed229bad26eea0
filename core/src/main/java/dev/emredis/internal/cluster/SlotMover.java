package dev.emredis.internal.cluster;

import dev.emredis.internal.commands.DumpCommands;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.rdb.RdbLimits;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves keys between two masters as MIGRATE does: each key is serialised (DUMP payload and
 * absolute expire time), restored on the target (RESTORE ... REPLACE ABSTTL) and deleted on the
 * source, both as commands so each side's replicas, keyspace events, WATCH and client-side caching
 * see them. Runs on the source's event loop, which serves nobody meanwhile, and restores on the
 * target's loop before returning; an optional step (the topology change) runs on the target's
 * loop right after the keys arrive, so no client sees the slot owned without its keys.
 */
public final class SlotMover {
    private SlotMover() {}

    /**
     * Moves {@code keys} (or, when null, every key of {@code slot}) from {@code source} to
     * {@code target}; returns how many keys moved.
     */
    public static int move(ClusterNode source, ClusterNode target, int slot, List<byte[]> keys, Runnable onTarget) {
        Server src = source.server();
        Server dst = target.server();
        return src.loop().call(() -> {
            Database db = src.db(0);
            List<byte[]> todo = keys;
            if (todo == null) {
                List<byte[]> all = new ArrayList<>();
                db.keys.forEachEntry(e -> {
                    if (HashSlot.of(e.key) == slot) all.add(e.key);
                });
                todo = all;
            }
            RdbLimits limits = RdbLimits.of(src.config());
            Client internal = src.newClient(null);
            List<byte[][]> restores = new ArrayList<>();
            for (byte[] key : todo) {
                RedisObject o = db.peek(key);
                if (o == null) continue;
                long at = db.expireAt(key);
                byte[] payload = DumpCommands.payload(o, limits);
                restores.add(at > 0
                        ? new byte[][] {b("RESTORE"), key, b(Long.toString(at)), payload, b("REPLACE"), b("ABSTTL")}
                        : new byte[][] {b("RESTORE"), key, b("0"), payload, b("REPLACE")});
            }
            dst.loop().call(() -> {
                Client in = dst.newClient(null);
                for (byte[][] r : restores) Internal.run(dst, in, r);
                if (onTarget != null) onTarget.run();
                return null;
            });
            for (byte[][] r : restores) Internal.run(src, internal, new byte[][] {b("DEL"), r[1]});
            return restores.size();
        });
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
