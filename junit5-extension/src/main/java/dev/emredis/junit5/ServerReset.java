package dev.emredis.junit5;

import dev.emredis.RedisEmulator;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import java.nio.charset.StandardCharsets;

/** What "a clean server" means between tests. */
final class ServerReset {
    private ServerReset() { }

    /**
     * Faults off (first, so nothing refuses the flush), FLUSHALL and SCRIPT FLUSH / FUNCTION FLUSH
     * when the scripting runtimes provide them, journal emptied, clock back to system time.
     */
    static void reset(RedisEmulator redis) {
        redis.faults().clear();
        Server server = redis.internalServer();
        server.loop().call(() -> {
            Client c = server.newClient(null);
            c.authenticated = true;
            run(server, c, "FLUSHALL");
            if (server.table().get(bytes("script")) != null) run(server, c, "SCRIPT", "FLUSH");
            if (server.table().get(bytes("function")) != null) run(server, c, "FUNCTION", "FLUSH");
            return null;
        });
        redis.clock().useSystemTime();
        redis.journal().clear();
    }

    private static void run(Server server, Client c, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = bytes(args[i]);
        server.pipeline().execute(c, argv);
        c.out.clear();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
