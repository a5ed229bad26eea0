package dev.emredis.internal.commands;

import dev.emredis.RedisEmulator;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import java.nio.charset.StandardCharsets;

/** Runs one command on the event loop for a connection-less RESP3 client and returns the raw reply. */
final class Resp3 {
    private Resp3() {}

    static String call(RedisEmulator redis, String... args) {
        Server s = redis.internalServer();
        return s.loop().call(() -> {
            Client cl = s.newClient(null);
            cl.out.protocol(3);
            byte[][] argv = new byte[args.length][];
            for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
            s.pipeline().execute(cl, argv);
            return new String(cl.out.buffer(), 0, cl.out.size(), StandardCharsets.UTF_8);
        });
    }
}
