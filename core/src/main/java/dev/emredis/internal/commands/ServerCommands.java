package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import java.util.Locale;

/**
 * Operational server commands: TIME, LASTSAVE, SAVE, BGSAVE, BGREWRITEAOF, ROLE, MONITOR, SHUTDOWN.
 * Persistence is emulated: nothing is written, but saves complete at once (LASTSAVE moves, the
 * dirty counter is reset) so clients waiting for a save see it finish.
 */
public final class ServerCommands {
    private ServerCommands() {}

    public static void register(CommandRegistry r) {
        r.add("time", ServerCommands::time);
        r.add("lastsave", ServerCommands::lastsave);
        r.add("save", ServerCommands::save);
        r.add("bgsave", ServerCommands::bgsave);
        r.add("bgrewriteaof", ServerCommands::bgrewriteaof);
        r.add("role", ServerCommands::role);
        r.add("monitor", ServerCommands::monitor);
        r.add("shutdown", ServerCommands::shutdown);
    }

    /** TIME: unix seconds and the microseconds within it, both as bulk strings (virtual clock). */
    static void time(Ctx c) {
        long us = c.server.clock().micros();
        c.out.array(2);
        c.out.bulk(Long.toString(Math.floorDiv(us, 1_000_000L)));
        c.out.bulk(Long.toString(Math.floorMod(us, 1_000_000L)));
    }

    static void lastsave(Ctx c) {
        c.out.integer(c.server.lastSaveSeconds);
    }

    /** A completed save: what rdbSave does to the server's state after writing the file. */
    static void saved(Server s) {
        s.dirty = 0;
        s.lastSaveSeconds = s.clock().millis() / 1000;
    }

    static void save(Ctx c) {
        saved(c.server);
        c.ok();
    }

    /** BGSAVE [SCHEDULE]; inside EXEC Redis only schedules it. */
    static void bgsave(Ctx c) {
        if (c.argc() > 1 && !(c.argc() == 2 && c.is(1, "schedule"))) throw new RedisError(Errors.SYNTAX);
        if (c.client.inMulti) {
            c.out.simple("Background saving scheduled");
            return;
        }
        saved(c.server);
        c.out.simple("Background saving started");
    }

    static void bgrewriteaof(Ctx c) {
        if (c.client.inMulti) {
            c.out.simple("Background append only file rewriting scheduled");
            return;
        }
        c.out.simple("Background append only file rewriting started");
    }

    /** ROLE of a master without replicas: master, replication offset, no replicas. */
    static void role(Ctx c) {
        var repl = c.server.replication;
        if (repl.isReplica() && repl.linkUp()) {
            // an in-process cluster replica, connected and following its master
            c.out.array(5);
            c.out.bulk("slave");
            c.out.bulk(repl.masterHost());
            c.out.integer(repl.masterPort());
            c.out.bulk("connected");
            c.out.integer(repl.appliedOffset());
            return;
        }
        if (repl.isReplica()) {
            // the link never comes up: state "connect", offset -1
            c.out.array(5);
            c.out.bulk("slave");
            c.out.bulk(repl.masterHost());
            c.out.integer(repl.masterPort());
            c.out.bulk("connect");
            c.out.integer(-1);
            return;
        }
        var feed = c.server.replicaFeed;
        c.out.array(3);
        c.out.bulk("master");
        c.out.integer(feed.offset());
        c.out.array(feed.replicas().size() + feed.inProcessReplicas().size());
        for (var r : feed.inProcessReplicas()) {
            c.out.array(3);
            c.out.bulk(r.ip());
            c.out.bulk(Integer.toString(r.port()));
            c.out.bulk(Long.toString(r.offset().getAsLong()));
        }
        for (dev.emredis.internal.server.Client r : feed.replicas()) {
            c.out.array(3);
            c.out.bulk(r.connection.remoteHost());
            c.out.bulk(Integer.toString(r.replicaLink.listeningPort));
            c.out.bulk(Long.toString(r.replicaLink.ackOffset));
        }
    }

    /**
     * MONITOR: the client becomes a monitor (flag O) and receives every command other clients run,
     * fed after each command by {@link dev.emredis.internal.server.Diagnostics}. A second MONITOR
     * gets no reply; a transaction or script cannot start one.
     */
    static void monitor(Ctx c) {
        Client cl = c.client;
        if (cl.inMulti || c.fromScript) throw new RedisError(Errors.MONITOR_DENY_BLOCKING);
        if (c.server.diagnostics.monitors.contains(cl)) return;
        c.server.diagnostics.monitors.add(cl);
        cl.extraFlags.add('O');
        c.ok();
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: no replicas to wait for, so the server stops at
     * once: the loop ends, every connection closes, and the caller gets no reply (as when Redis exits).
     */
    static void shutdown(Ctx c) {
        boolean nosave = false;
        boolean save = false;
        boolean now = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < c.argc(); i++) {
            String a = c.str(i).toLowerCase(Locale.ROOT);
            switch (a) {
                case "nosave": nosave = true; break;
                case "save": save = true; break;
                case "now": now = true; break;
                case "force": force = true; break;
                case "abort": abort = true; break;
                default: throw new RedisError(Errors.SYNTAX);
            }
        }
        if ((abort && (nosave || save || now || force)) || (nosave && save)) throw new RedisError(Errors.SYNTAX);
        if (abort) throw new RedisError(Errors.NO_SHUTDOWN_IN_PROGRESS);
        if (!now && (c.client.inMulti || c.fromScript)) throw new RedisError(Errors.SHUTDOWN_DENY_BLOCKING);
        if (!nosave && (save || !c.server.config().get("save").isEmpty())) saved(c.server);
        c.client.closeAfterReply = true;
        if (c.server.loop() != null) c.server.loop().shutdown();
    }

    // --- helpers shared by the server command files ---

    /** addReplyHelp: a header naming the command, the lines, then the HELP footer (simple strings). */
    static void help(Ctx c, String[] lines) {
        c.out.array(lines.length + 3);
        c.out.simple(c.str(0).toUpperCase(Locale.ROOT) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String l : lines) c.out.simple(l);
        c.out.simple("HELP");
        c.out.simple("    Prints this help.");
    }

    /** addReplySubcommandSyntaxError. */
    static RedisError subcommandSyntax(Ctx c) {
        return new RedisError(Errors.subcommandSyntax(c.str(1), c.str(0).toUpperCase(Locale.ROOT)));
    }
}
