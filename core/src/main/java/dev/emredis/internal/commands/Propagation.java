package dev.emredis.internal.commands;

import dev.emredis.internal.command.Ctx;
import java.nio.charset.StandardCharsets;

/**
 * How a command reaches replicas when Redis 7.0 does not propagate it as run: handlers replace
 * their own form with deterministic commands (relative TTLs become absolute, random pops become
 * SREMs, float increments become the value they produced), so a replica ends with the same data.
 */
final class Propagation {
    private Propagation() {}

    /**
     * Whether anything is propagated at all (a replication backlog exists): handlers ask before
     * building the rewritten form, so a server without replicas does no work for it.
     */
    static boolean wanted(Ctx c) {
        return c.server.replicaFeed.backlogActive();
    }

    /** The running command propagates {@code commands} instead of its argv. */
    static void as(Ctx c, byte[][]... commands) {
        c.server.replicaFeed.rewrite(commands);
    }

    /** A command line from strings and byte arrays. */
    static byte[][] cmd(Object... parts) {
        byte[][] argv = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            Object p = parts[i];
            argv[i] = p instanceof byte[] ? (byte[]) p : String.valueOf(p).getBytes(StandardCharsets.UTF_8);
        }
        return argv;
    }

    /** A key removed because an expire time is in the past: DEL, or UNLINK under lazyfree-lazy-expire. */
    static byte[][] expiredDelete(Ctx c, byte[] key) {
        return cmd(c.server.config().getBool("lazyfree-lazy-expire") ? "UNLINK" : "DEL", key);
    }

    /** A key deleted by a server-side decision (SPOP of the whole set): lazyfree-lazy-server-del. */
    static byte[][] serverDelete(Ctx c, byte[] key) {
        return cmd(c.server.config().getBool("lazyfree-lazy-server-del") ? "UNLINK" : "DEL", key);
    }
}
