package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;

/** DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, WAIT. */
public final class DatabaseCommands {
    private DatabaseCommands() {}

    public static void register(CommandRegistry r) {
        r.add("dbsize", c -> c.out.integer(c.db().size()));
        r.add("flushdb", DatabaseCommands::flushdb);
        r.add("flushall", DatabaseCommands::flushall);
        r.add("swapdb", DatabaseCommands::swapdb);
        r.add("wait", DatabaseCommands::waitReplicas);
    }

    /** [ASYNC|SYNC]: both empty the data at once here; anything else is a syntax error. */
    private static void flushFlags(Ctx c) {
        if (c.argc() > 2) throw new RedisError(Errors.SYNTAX);
        if (c.argc() == 2 && !c.is(1, "sync") && !c.is(1, "async")) throw new RedisError(Errors.SYNTAX);
    }

    static void flushdb(Ctx c) {
        flushFlags(c);
        c.db().flush();
        // Tracked keys are global names: any flush tells every tracking client "all keys".
        c.server.tracking.invalidateAllOnFlush();
        c.ok();
    }

    /** FLUSHALL also saves when snapshots are configured, so LASTSAVE moves and dirty restarts. */
    static void flushall(Ctx c) {
        flushFlags(c);
        for (Database db : c.server.dbs()) db.flush();
        c.server.tracking.invalidateAllOnFlush();
        if (!c.server.config().get("save").isEmpty()) {
            c.server.dirty = 0;
            c.server.lastSaveSeconds = c.now() / 1000;
        }
        c.server.dirty++;
        c.ok();
    }

    private static int dbIndex(Ctx c, int i, String error) {
        Long v = dev.emredis.internal.util.Num.parseLong(c.arg(i));
        if (v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new RedisError(error);
        return (int) (long) v;
    }

    /** SWAPDB: contents trade places; clients watching a key in either db see it touched, as in Redis. */
    static void swapdb(Ctx c) {
        if (c.server.cluster != null) throw new RedisError(Errors.SWAPDB_IN_CLUSTER);
        int a = dbIndex(c, 1, Errors.INVALID_FIRST_DB);
        int b = dbIndex(c, 2, Errors.INVALID_SECOND_DB);
        int n = c.server.dbs().length;
        if (a < 0 || a >= n || b < 0 || b >= n) throw new RedisError(Errors.DB_INDEX_OUT_OF_RANGE);
        if (a != b) {
            // Server.swapDbs touches the watchers first, as Redis's touchAllWatchedKeysInDb does.
            c.server.swapDbs(a, b);
            c.server.dirty++;
        }
        c.ok();
    }

    /**
     * WAIT numreplicas timeout: there are no replicas, so 0 at once when 0 are asked for (or inside
     * MULTI or a script, where Redis cannot block); otherwise the client blocks until the timeout
     * on the virtual clock (forever with 0) and then gets 0, as a master without replicas answers.
     */
    static void waitReplicas(Ctx c) {
        if (c.server.replication.isReplica()) throw new RedisError(Errors.WAIT_ON_REPLICA);
        long numReplicas = c.longArg(1);
        Long timeout = dev.emredis.internal.util.Num.parseLong(c.arg(2));
        if (timeout == null) throw new RedisError(Errors.TIMEOUT_NOT_INTEGER);
        if (timeout < 0) throw new RedisError(Errors.TIMEOUT_NEGATIVE);
        if (numReplicas <= 0 || c.client.inMulti || c.fromScript || c.client.connection == null) {
            c.out.integer(0);
            return;
        }
        // an emulated cluster's replicas apply the stream in process, as good as acknowledged
        int attached = c.server.replicaFeed.inProcessReplicas().size();
        if (attached >= numReplicas) {
            c.out.integer(attached);
            return;
        }
        long deadline = timeout == 0 ? 0 : c.now() + timeout;
        c.server.blocked.block(c.client, deadline, cl -> cl.out.integer(attached));
    }
}
