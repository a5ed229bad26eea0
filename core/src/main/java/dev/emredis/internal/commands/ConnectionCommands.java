package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;

/** PING, ECHO, SELECT, QUIT. */
public final class ConnectionCommands {
    private ConnectionCommands() {}

    public static void register(CommandRegistry r) {
        r.add("ping", ConnectionCommands::ping);
        r.add("echo", ConnectionCommands::echo);
        r.add("select", ConnectionCommands::select);
        r.add("quit", ConnectionCommands::quit);
    }

    static void ping(Ctx c) {
        // Redis's pingCommand bounds its optional argument itself (arity -1 allows more).
        if (c.argc() > 2) throw new RedisError(Errors.wrongArity("ping"));
        if (c.client.inSubscribedContext()) {
            // RESP2 subscribed clients get PING as a pub/sub-shaped array.
            c.out.array(2);
            c.out.bulk("pong");
            c.out.bulk(c.argc() == 2 ? c.arg(1) : new byte[0]);
            return;
        }
        if (c.argc() == 2) c.out.bulk(c.arg(1));
        else c.out.simple("PONG");
    }

    static void echo(Ctx c) {
        c.out.bulk(c.arg(1));
    }

    static void select(Ctx c) {
        long id = c.longArg(1);
        if (id < 0 || id >= c.server.dbs().length) throw new RedisError(Errors.DB_INDEX_OUT_OF_RANGE);
        c.client.db = (int) id;
        c.ok();
    }

    static void quit(Ctx c) {
        c.ok();
        c.client.closeAfterReply = true;
    }
}
