package dev.emredis.internal.cluster;

import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;

/** Runs a command on a node as its master or the cluster itself would: no checks, no redirection. */
final class Internal {
    private Internal() {}

    /** On the server's loop: runs argv as {@code as}; the reply is discarded. */
    static void run(Server s, Client as, byte[][] argv) {
        CommandSpec spec = s.pipeline().lookup(argv);
        if (spec == null || !spec.arityOk(argv.length)) return;
        Client prev = s.tracking.enterCommand(as);
        try {
            s.pipeline().call(new Ctx(s, as, argv, as.out, spec, false));
        } catch (RuntimeException e) {
            // a command the stream carries must never stop the node's event loop
        } finally {
            s.tracking.exitCommand(prev);
        }
        as.out.clear();
        s.blocked.handleReadyKeys();
    }
}
