package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;

/** PING, ECHO, SELECT, QUIT, HELLO, AUTH, RESET. */
public final class ConnectionCommands {
    private ConnectionCommands() {}

    public static void register(CommandRegistry r) {
        r.add("ping", ConnectionCommands::ping);
        r.add("echo", ConnectionCommands::echo);
        r.add("select", ConnectionCommands::select);
        r.add("quit", ConnectionCommands::quit);
        r.add("hello", ConnectionCommands::hello);
        r.add("auth", ConnectionCommands::auth);
        r.add("reset", ConnectionCommands::reset);
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
        if (c.server.cluster != null && id != 0) throw new RedisError(Errors.SELECT_IN_CLUSTER);
        if (id < 0 || id >= c.server.dbs().length) throw new RedisError(Errors.DB_INDEX_OUT_OF_RANGE);
        c.client.db = (int) id;
        c.ok();
    }

    static void quit(Ctx c) {
        c.ok();
        c.client.closeAfterReply = true;
    }

    /**
     * HELLO [protover [AUTH user pass] [SETNAME name]]. Options apply in order, so a SETNAME before
     * a failing AUTH sticks; the protocol switches only once everything succeeded.
     */
    static void hello(Ctx c) {
        long ver = 0;
        int next = 1;
        if (c.argc() >= 2) {
            Long v = Num.parseLong(c.arg(1));
            if (v == null) throw new RedisError(Errors.HELLO_PROTOVER_NOT_INTEGER);
            if (v < 2 || v > 3) throw new RedisError(Errors.NOPROTO);
            ver = v;
            next = 2;
        }
        for (int j = next; j < c.argc(); j++) {
            int more = c.argc() - 1 - j;
            if (c.is(j, "auth") && more >= 2) {
                if (!authenticate(c, c.arg(j + 1), c.arg(j + 2))) throw new RedisError(Errors.WRONGPASS);
                j += 2;
            } else if (c.is(j, "setname") && more >= 1) {
                if (!setName(c.client, c.arg(j + 1))) throw new RedisError(Errors.CLIENT_NAME_INVALID);
                j++;
            } else {
                throw new RedisError(Errors.helloSyntax(c.str(j)));
            }
        }
        // Redis tests the client's own flag here, not whether a password is configured now.
        if (!c.client.authenticated) throw new RedisError(Errors.HELLO_NOAUTH);
        if (ver != 0) c.client.out.protocol((int) ver);
        c.out.map(7);
        c.out.bulk("server");
        c.out.bulk("redis");
        c.out.bulk("version");
        c.out.bulk(c.server.version);
        c.out.bulk("proto");
        c.out.integer(c.client.protocol());
        c.out.bulk("id");
        c.out.integer(c.client.id);
        c.out.bulk("mode");
        c.out.bulk(c.server.config().getBool("cluster-enabled") ? "cluster" : "standalone");
        c.out.bulk("role");
        c.out.bulk(c.server.replication.isReplica() ? "replica" : "master");
        c.out.bulk("modules");
        c.out.array(0);
    }

    /** AUTH [username] password; the one-argument form authenticates the default user. */
    static void auth(Ctx c) {
        if (c.argc() > 3) throw new RedisError(Errors.SYNTAX);
        byte[] user;
        byte[] pass;
        if (c.argc() == 2) {
            // The one-argument form fails when the default user needs no password.
            if (defaultUserNoPass(c.server)) throw new RedisError(Errors.AUTH_NO_PASSWORD);
            user = DEFAULT_USER;
            pass = c.arg(1);
        } else {
            user = c.arg(1);
            pass = c.arg(2);
        }
        if (!authenticate(c, user, pass)) throw new RedisError(Errors.WRONGPASS);
        c.ok();
    }

    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);

    private static boolean defaultUserNoPass(Server s) {
        return s.acl().defaultUser().nopass();
    }

    /** ACLAuthenticateUser: the user must exist, be on, and take the password (or need none). */
    static boolean authenticate(Ctx c, byte[] user, byte[] pass) {
        return c.server.acl().authenticate(c.client, user, pass, c.argv, c.spec);
    }

    /**
     * Redis's clientSetName: an empty name clears it; otherwise every byte must be printable ASCII
     * other than space ('!'..'~') so CLIENT LIST stays splittable. False if invalid.
     */
    static boolean setName(Client client, byte[] name) {
        if (name.length == 0) {
            client.name = null;
            return true;
        }
        if (!validAttr(name)) return false;
        client.name = name.clone();
        return true;
    }

    static boolean validAttr(byte[] v) {
        for (byte b : v) {
            if (b < '!' || b > '~') return false;
        }
        return true;
    }

    /**
     * RESET: back to a fresh connection (clearClientConnectionState): MONITOR off, db 0, RESP2,
     * default user (authenticated only if it has no password), MULTI discarded, keys unwatched,
     * every subscription dropped without replies, client tracking off, name cleared, CLIENT REPLY ON. 7.0.15 keeps
     * NO-EVICT; NO-TOUCH (7.2) is cleared as 7.2 does.
     */
    static void reset(Ctx c) {
        Client cl = c.client;
        Server s = c.server;
        s.diagnostics.monitors.remove(cl);
        cl.db = 0;
        cl.out.protocol(2);
        // cluster READONLY and ASKING end with the connection state
        cl.clusterReadOnly = false;
        cl.asking = false;
        // clearClientConnectionState: back to the default user, authenticated only if it needs no password.
        s.acl().initClient(cl);
        cl.inMulti = false;
        cl.multiError = false;
        cl.multiQueue.clear();
        s.unwatchAll(cl);
        s.pubsub().removeClient(cl);
        s.tracking.disable(cl);
        cl.name = null;
        cl.replyOff = false;
        cl.replySkipNext = false;
        cl.noTouch = false;
        cl.extraFlags.remove('r');
        c.out.simple("RESET");
    }
}
