package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisZSet;
import dev.emredis.internal.server.BlockedClients;
import dev.emredis.internal.server.Client;

/**
 * BZPOPMIN, BZPOPMAX and BZMPOP (Redis's blockingGenericZpopCommand): pop from the first
 * non-empty sorted set, or wait on the keys until a ZADD (or anything creating one) serves them.
 */
final class SortedSetBlockingCommands {
    private SortedSetBlockingCommands() {}

    static void register(CommandRegistry r) {
        r.add("bzpopmin", c -> bzpop(c, false));
        r.add("bzpopmax", c -> bzpop(c, true));
        r.add("bzmpop", c -> {
            MpopArgs a = MpopArgs.parse(c, 2, "min", "max");
            blockingPop(c, a.keys, a.fromEnd, 1, a.count, true);
        });
    }

    private static void bzpop(Ctx c, boolean max) {
        byte[][] keys = new byte[c.argc() - 2][];
        for (int i = 1; i < c.argc() - 1; i++) keys[i - 1] = c.arg(i);
        blockingPop(c, keys, max, c.argc() - 1, -1, false);
    }

    /** BZPOP* reply [key, member, score]; BZMPOP [key, [[member, score], ...]]. */
    private static void blockingPop(Ctx c, byte[][] keys, boolean max, int timeoutIdx, long count, boolean mpop) {
        long deadline = Timeouts.secondsDeadline(c, timeoutIdx);
        Database db = c.db();
        for (byte[] key : keys) {
            RedisZSet z = ZArgs.zset(db.lookupWrite(key));
            if (z == null || z.size() == 0) continue;
            if (!mpop && Propagation.wanted(c)) Propagation.as(c, Propagation.cmd(max ? "ZPOPMAX" : "ZPOPMIN", key));
            SortedSetCommands.pop(c, new byte[][] {key}, max, true, count, mpop, mpop);
            return;
        }
        if (ListMoveCommands.mayNotBlock(c)) {
            c.out.nullArray();
            return;
        }
        c.server.blocked.blockOnKeys(c.client, db, keys, deadline, new BlockedClients.KeyWaiter() {
            @Override
            public String type() {
                return "zset";
            }

            @Override
            public boolean serve(byte[] key, RedisObject value) {
                if (!mpop) {
                    c.server.replicaFeed.alsoPropagate(db.id, Propagation.cmd(max ? "ZPOPMAX" : "ZPOPMIN", key));
                } else {
                    long n = Math.min(count == -1 ? 1 : count, ((RedisZSet) value).size());
                    c.server.replicaFeed.alsoPropagate(db.id, Propagation.cmd(max ? "ZPOPMAX" : "ZPOPMIN", key, Long.toString(n)));
                }
                SortedSetCommands.pop(c, new byte[][] {key}, max, true, count, mpop, mpop);
                return true;
            }

            @Override
            public void timedOut(Client client) {
                client.out.nullArray();
            }
        });
    }
}
