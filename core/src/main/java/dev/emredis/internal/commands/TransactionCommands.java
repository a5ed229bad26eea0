package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.server.Watches;
import java.util.ArrayList;
import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. The pipeline queues commands after MULTI (answering
 * +QUEUED) and flags the transaction when it refuses one; EXEC then answers EXECABORT. A touched
 * (or, since WATCH, expired) watched key makes EXEC answer a null array instead.
 */
public final class TransactionCommands {
    private TransactionCommands() {}

    public static void register(CommandRegistry r) {
        r.add("multi", TransactionCommands::multi);
        r.add("exec", TransactionCommands::exec);
        r.add("discard", TransactionCommands::discard);
        r.add("watch", TransactionCommands::watch);
        r.add("unwatch", TransactionCommands::unwatch);
    }

    /** Leaves MULTI: queue, error and dirty flags, watches (Redis's discardTransaction). */
    public static void discardTransaction(Server s, Client cl) {
        cl.multiQueue.clear();
        cl.inMulti = false;
        cl.multiError = false;
        cl.watchDirty = false;
        Watches.unwatchAll(s, cl);
    }

    static void multi(Ctx c) {
        if (c.client.inMulti) throw new RedisError(Errors.MULTI_NESTED);
        c.client.inMulti = true;
        c.ok();
    }

    static void discard(Ctx c) {
        if (!c.client.inMulti) throw new RedisError(Errors.DISCARD_WITHOUT_MULTI);
        discardTransaction(c.server, c.client);
        c.ok();
    }

    static void exec(Ctx c) {
        Client cl = c.client;
        if (!cl.inMulti) throw new RedisError(Errors.EXEC_WITHOUT_MULTI);
        // A watched key that was alive at WATCH time and has expired since counts as touched.
        if (Watches.anyExpired(c.server, cl)) cl.watchDirty = true;
        if (cl.multiError || cl.watchDirty) {
            if (cl.multiError) c.error(Errors.EXECABORT);
            else c.out.nullArray();
            discardTransaction(c.server, cl);
            return;
        }
        Watches.unwatchAll(c.server, cl);
        // The client stays in MULTI while the queue runs, as in Redis (commands may check it).
        List<Client.QueuedCommand> queue = new ArrayList<>(cl.multiQueue);
        c.out.array(queue.size());
        for (Client.QueuedCommand q : queue) {
            Ctx inner = new Ctx(c.server, cl, q.argv(), c.out, q.spec(), false);
            // Permissions are checked again at EXEC: the user's rules may have changed meanwhile.
            dev.emredis.internal.acl.Acl.Denial d = c.server.acl().check(cl.aclUser, q.spec(), q.argv());
            if (d != null) {
                c.server.acl().log.add(cl, q.argv(), q.spec(), d.reason(), dev.emredis.internal.acl.AclLog.MULTI, d.pos(), null, null);
                inner.error(Errors.execNoPerm(d.reason()));
                continue;
            }
            c.server.pipeline().call(inner);
        }
        discardTransaction(c.server, cl);
    }

    static void watch(Ctx c) {
        if (c.client.inMulti) throw new RedisError(Errors.WATCH_IN_MULTI);
        // No point in watching once a watched key was touched: EXEC will fail anyway.
        if (!c.client.watchDirty) {
            for (int i = 1; i < c.argc(); i++) Watches.watch(c.server, c.client, c.arg(i));
        }
        c.ok();
    }

    static void unwatch(Ctx c) {
        Watches.unwatchAll(c.server, c.client);
        c.client.watchDirty = false;
        c.ok();
    }
}
