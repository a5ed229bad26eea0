package dev.emredis.internal.command;

import dev.emredis.internal.resp.ReplySink;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.server.ServerListener;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one path every command takes, in the order of Redis's processCommand: lookup (unknown
 * command / subcommand), arity, authentication, no-multi, subscribed-context rules, MULTI
 * queueing, then {@link #call}. Sockets, EXEC, and the scripting runtimes all enter here.
 */
public final class Pipeline {
    private final Server server;
    /** The last check() refusal was a cluster redirection (EXEC then is not wrapped in EXECABORT). */
    private boolean clusterRejected;

    public Pipeline(Server server) {
        this.server = server;
    }

    /** Resolves argv to a command or subcommand spec; null if unknown (the caller words the error). */
    public CommandSpec lookup(byte[][] argv) {
        CommandSpec spec = server.table().get(argv[0]);
        if (spec == null || !spec.isContainer() || argv.length < 2) return spec;
        return spec.subcommands.get(CommandTable.lower(argv[1]));
    }

    /** Runs a command received from a client connection. */
    public void execute(Client c, byte[][] argv) {
        // Redis's server.current_client: client tracking's NOLOOP and held-back invalidations.
        Client prevCurrent = server.tracking.enterCommand(c);
        try {
            process(c, argv);
        } finally {
            server.tracking.exitCommand(prevCurrent);
        }
    }

    private void process(Client c, byte[][] argv) {
        ReplySink out = c.out;
        int mark = c.out.size();
        byte[] nameAtArrival = c.name;
        int dbAtArrival = c.db;
        c.executing = true;
        boolean wasReplica = server.replicaFeed.isReplica(c);
        c.pushesDuringCommand.clear();
        c.lastInteractionMillis = server.clock().millis();
        CommandSpec spec = server.table().get(argv[0]);
        if (spec != null && spec.isContainer() && argv.length >= 2) {
            CommandSpec sub = spec.subcommands.get(CommandTable.lower(argv[1]));
            if (sub == null) {
                reject(c, Errors.unknownSubcommand(printable(argv[1], 128), spec.name.toUpperCase(java.util.Locale.ROOT)));
                spec = null;
            } else {
                spec = sub;
            }
        } else if (spec == null) {
            reject(c, Errors.unknownCommand(printable(argv[0], 128), argsPreview(argv)));
        }
        // Redis's c->lastcmd: the looked-up command even if it is then rejected (CLIENT LIST cmd=).
        c.lastCommand = spec == null ? "NULL" : spec.name;
        if (spec != null) {
            String rejection = check(c, spec, argv);
            // Redis's processCommand keeps the client-side caching table under
            // tracking-table-max-keys before an accepted command runs or is queued.
            if (rejection == null && server.tracking.clients() > 0) server.tracking.limitUsedSlots();
            if (rejection != null) {
                server.stats().command(spec.name)[2]++;
                if (clusterRejected && spec.name.equals("exec")) {
                    // Redis discards a redirected transaction and answers the redirection as is
                    dev.emredis.internal.commands.TransactionCommands.discardTransaction(server, c);
                    reject(c, rejection);
                } else if (spec.name.equals("exec")) {
                    // Redis's execCommandAbort: a refused EXEC ends the transaction, with the reason.
                    dev.emredis.internal.commands.TransactionCommands.discardTransaction(server, c);
                    String err = Errors.execAbort(rejection.startsWith("ERR ") ? rejection.substring(4) : rejection);
                    server.stats().error(err);
                    c.out.error(err);
                } else {
                    reject(c, rejection);
                }
            } else if (server.pause.mustPostpone(c, spec)) {
                // CLIENT PAUSE: the command waits, unanswered, and runs from scratch when resumed.
                server.pause.postpone(c, argv);
                c.executing = false;
                return;
            } else if (c.inMulti && !isTransactionControl(spec)) {
                // Redis keeps no queue for a transaction already doomed (EXECABORT or touched WATCH).
                if (!c.multiError && !c.watchDirty) c.multiQueue.add(new Client.QueuedCommand(spec, argv));
                out.simple("QUEUED");
            } else {
                call(new Ctx(server, c, argv, out, spec, false));
                // Redis serves clients blocked on keys this command (or EXEC, or script) readied.
                server.blocked.handleReadyKeys();
            }
        }
        if (c.connection != null) server.journal.record(server, c, nameAtArrival, dbAtArrival, argv, mark, false);
        // CLIENT REPLY OFF|SKIP: the command ran, its reply is dropped.
        c.executing = false;
        // a replica gets the replication stream, never replies to what it sends (REPLCONF ACK...)
        if (wasReplica) c.out.truncate(mark);
        if (c.replySkipThis || c.replyOff) {
            // Push frames written meanwhile survive (Redis's CLIENT_PUSHING).
            byte[] pushes = pushesSince(c, mark);
            c.out.truncate(mark);
            if (pushes != null) c.out.raw(pushes);
            c.replySkipThis = false;
        }
        if (c.replySkipNext) {
            c.replySkipNext = false;
            c.replySkipThis = true;
        }
        // Redis's resetClient: ASKING lasts for one command (or until the transaction ends)
        if (c.asking && !c.inMulti && (spec == null || !spec.name.equals("asking"))) c.asking = false;
        // (a blocked client is reset when unblocked, before it can run anything else: same thing)
        server.tracking.commandDone(c, spec);
    }

    private static byte[] pushesSince(Client c, int mark) {
        if (c.pushesDuringCommand.isEmpty()) return null;
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        byte[] buf = c.out.buffer();
        for (int[] r : c.pushesDuringCommand) {
            if (r[0] >= mark) b.write(buf, r[0], r[1] - r[0]);
        }
        c.pushesDuringCommand.clear();
        return b.size() == 0 ? null : b.toByteArray();
    }

    private static boolean isTransactionControl(CommandSpec spec) {
        switch (spec.name) {
            case "exec":
            case "discard":
            case "multi":
            case "watch":
            case "quit":
            case "reset":
                return true;
            default:
                return false;
        }
    }

    /** Checks a known command before running; returns the error line, or null when it may proceed. */
    private String check(Client c, CommandSpec spec, byte[][] argv) {
        clusterRejected = false;
        if (!spec.arityOk(argv.length)) return Errors.wrongArity(spec.name);
        // DEBUG is a protected command: refused unless enable-debug-command allows it.
        if (spec.name.equals("debug")) {
            String refused = dev.emredis.internal.commands.DebugCommands.rejection(server, c);
            if (refused != null) return refused;
        }
        String moduleRefused = dev.emredis.internal.commands.ModuleCommands.rejection(server, c, spec.name);
        if (moduleRefused != null) return moduleRefused;
        if (server.authRequired(c) && !spec.has(CommandFlags.NO_AUTH)) return Errors.NOAUTH;
        if (c.inMulti && spec.has(CommandFlags.NO_MULTI)) return Errors.NOT_ALLOWED_IN_MULTI;
        String aclRefused = aclRejection(c, spec, argv);
        if (aclRefused != null) return aclRefused;
        long flags = flagsOf(spec, argv);
        c.clusterSlot = -1;
        // cluster redirection (getNodeByQuery), skipped for keyless commands and for our master
        if (server.cluster != null && server.cluster.needsRouting(spec)) {
            String redirect = server.cluster.route(c, spec, argv, flags, queued(c, spec, CommandFlags.WRITE, true));
            if (redirect != null) {
                clusterRejected = true;
                return redirect;
            }
        }
        if (outOfMemory(c, spec, flags)) return Errors.OOM;
        // min-replicas-to-write unmet (or the noReplicas fault), write command
        if (server.replication.notEnoughGoodReplicas()
                && ((flags & CommandFlags.WRITE) != 0 || queued(c, spec, CommandFlags.WRITE, true))) {
            return Errors.NOREPLICAS;
        }
        if (server.replication.isReplica() && server.config().getBool("replica-read-only")
                && ((flags & CommandFlags.WRITE) != 0 || queued(c, spec, CommandFlags.WRITE, true))) {
            return Errors.READONLY_REPLICA;
        }
        if (c.inSubscribedContext() && !allowedWhileSubscribed(spec)) return Errors.subscribedContext(spec.name);
        // the emulated replica's master link is always down
        if (server.replication.refusesStaleData()
                && ((flags & CommandFlags.STALE) == 0 || queued(c, spec, CommandFlags.STALE, false))) {
            return Errors.MASTERDOWN;
        }
        // loading fault: commands without the loading flag wait for the dataset
        if (server.faults.refusesWhileLoading(spec, queued(c, spec, CommandFlags.LOADING, false))) return Errors.LOADING;
        // A script running past busy-reply-threshold (or the busy fault, standing for an EVAL
        // script): only allow-busy commands (SCRIPT KILL, FUNCTION STATS, AUTH...) run; SHUTDOWN
        // only with NOSAVE.
        String busy = server.busyError != null ? server.busyError : server.faults.busyError();
        if (busy != null && (!spec.has(CommandFlags.ALLOW_BUSY) || (spec.name.equals("shutdown") && !hasNosave(argv)))) {
            return busy;
        }
        // A MONITOR client is a replica to Redis: no keyspace access.
        if (!server.diagnostics.monitors.isEmpty() && server.diagnostics.monitors.contains(c)
                && spec.has(CommandFlags.WRITE | CommandFlags.READONLY | CommandFlags.MAY_REPLICATE)) {
            return Errors.REPLICA_KEYSPACE;
        }
        return null;
    }

    /**
     * Redis evicts before every command while maxmemory is set; when that cannot bring memory under
     * the limit, commands that may grow memory (denyoom, an EXEC queueing one, anything queued in
     * MULTI) are refused. The outcome is kept for scripts, which check it at their first write.
     */
    private boolean outOfMemory(Client c, CommandSpec spec, long flags) {
        // the oom fault makes eviction fail whatever maxmemory says; a busy script skips the check
        boolean forced = server.faults.oom;
        if ((server.maxmemory <= 0 && !forced) || server.busyError != null || server.faults.busy) {
            server.preCommandOom = false;
            return false;
        }
        boolean oom = (server.maxmemory > 0 && !server.eviction.perform()) || forced;
        server.preCommandOom = oom;
        if (!oom) return false;
        if ((flags & CommandFlags.DENYOOM) != 0) return true;
        if (spec.name.equals("exec")) return queued(c, spec, CommandFlags.DENYOOM, true);
        // queueing in MULTI takes memory too; DISCARD, QUIT and RESET must always work
        return c.inMulti && !spec.name.equals("discard") && !spec.name.equals("quit") && !spec.name.equals("reset");
    }

    /**
     * For EXEC, whether a queued command has the flag ({@code has}) or lacks it: Redis checks a
     * transaction by the union of its commands' flags (and of the missing ones).
     */
    private boolean queued(Client c, CommandSpec spec, long flag, boolean has) {
        if (!spec.name.equals("exec")) return false;
        for (Client.QueuedCommand q : c.multiQueue) {
            if (((flagsOf(q.spec(), q.argv()) & flag) != 0) == has) return true;
        }
        return false;
    }

    /**
     * Redis's getCommandFlags: a script command (EVAL, FCALL...) whose script declares flags is
     * checked by them (write, deny-oom, stale) rather than by the command's own; the scripting
     * runtime tells them through {@link Server#scriptCommandFlags}.
     */
    private long flagsOf(CommandSpec spec, byte[][] argv) {
        var derive = server.scriptCommandFlags;
        // script commands (EVAL*, FCALL*) are all flagged noscript: nothing to ask for the rest
        if (derive == null || !spec.has(CommandFlags.NOSCRIPT)) return spec.flags;
        Long derived = derive.apply(spec, argv);
        return derived == null ? spec.flags : derived;
    }

    private static boolean hasNosave(byte[][] argv) {
        for (int i = 1; i < argv.length; i++) {
            if (new String(argv[i], StandardCharsets.ISO_8859_1).equalsIgnoreCase("nosave")) return true;
        }
        return false;
    }

    /** Redis's ACLCheckAllPerm in processCommand: a refusal is logged and answered with NOPERM. */
    private String aclRejection(Client c, CommandSpec spec, byte[][] argv) {
        dev.emredis.internal.acl.Acl acl = server.acl();
        dev.emredis.internal.acl.Acl.Denial d = acl.check(c.aclUser, spec, argv);
        if (d == null) return null;
        int context = c.inMulti ? dev.emredis.internal.acl.AclLog.MULTI : dev.emredis.internal.acl.AclLog.TOPLEVEL;
        acl.log.add(c, argv, spec, d.reason(), context, d.pos(), null, null);
        return Errors.noPerm(d.reason(), spec.name);
    }

    private static boolean allowedWhileSubscribed(CommandSpec spec) {
        switch (spec.name) {
            case "ping":
            case "subscribe":
            case "unsubscribe":
            case "psubscribe":
            case "punsubscribe":
            case "ssubscribe":
            case "sunsubscribe":
            case "quit":
            case "reset":
                return true;
            default:
                return false;
        }
    }

    private void reject(Client c, String error) {
        // Redis flags the transaction so EXEC answers EXECABORT.
        if (c.inMulti) c.multiError = true;
        server.stats().error(error);
        c.out.error(error);
    }

    /**
     * Runs a resolved command: listeners, the handler, statistics. Errors thrown by the handler
     * become error replies. EXEC and the script runtimes call this for each inner command.
     */
    public void call(Ctx ctx) {
        CommandSpec spec = ctx.spec;
        List<ServerListener> ls = server.listeners();
        for (int i = 0; i < ls.size(); i++) ls.get(i).beforeCommand(ctx.client, spec, ctx.argv);
        long start = System.nanoTime();
        server.tracking.enterCall(ctx);
        boolean done = false;
        try {
            try {
                spec.handler.run(ctx);
            } catch (RedisError e) {
                ctx.error(e.getMessage());
            }
            long micros = (System.nanoTime() - start) / 1000;
            long[] st = server.stats().command(spec.name);
            st[0]++;
            st[1] += micros;
            if (ctx.failed) st[3]++;
            server.stats().totalCommands++;
            for (int i = 0; i < ls.size(); i++) ls.get(i).afterCommand(ctx.client, spec, ctx.argv, micros);
            // Client-side caching: the keys read are remembered, held-back invalidations follow
            // the top-level reply (Redis's call() epilogue and afterCommand).
            server.tracking.exitCall();
            done = true;
        } finally {
            if (!done) server.tracking.abortCall();
        }
    }

    /**
     * redis.call / redis.pcall (and later JS client.call): Redis's scriptCall. Checks, in Redis's
     * order, unknown command, arity, the noscript flag and, for a read-only run (no-writes
     * shebang, *_RO), write or may-replicate commands; then runs the command on the script's
     * connection-less client with {@code fromScript} set, its reply going to {@code sink} (which
     * builds script values instead of bytes). Returns the error text Redis hands the script when a
     * check refuses the command (the command did not run), or null when it ran; the command's own
     * error replies, if any, are in the sink. Listeners (MONITOR, SLOWLOG, keyspace events) see it
     * as any command.
     */
    public String callFromScript(Client scriptClient, byte[][] argv, ReplySink sink, boolean readOnlyRun) {
        return callFromScript(scriptClient, argv, sink, readOnlyRun, false, false);
    }

    /**
     * The same, knowing whether the run has already written ({@code wrote}: Redis can no longer
     * refuse its writes half way) and whether the script is flagged allow-oom.
     */
    public String callFromScript(Client scriptClient, byte[][] argv, ReplySink sink, boolean readOnlyRun,
            boolean wrote, boolean allowOom) {
        CommandSpec spec = lookup(argv);
        if (spec == null) return Errors.SCRIPT_UNKNOWN_COMMAND;
        if (!spec.arityOk(argv.length)) return Errors.SCRIPT_WRONG_ARITY;
        if (spec.has(CommandFlags.NOSCRIPT)) return Errors.SCRIPT_NOSCRIPT_COMMAND;
        if (server.replication.refusesStaleData() && !spec.has(CommandFlags.STALE)) return Errors.SCRIPT_STALE_REPLICA;
        // ACL as the calling connection's user; a refusal is logged with context "lua"
        Client caller = scriptClient.scriptCaller != null ? scriptClient.scriptCaller : scriptClient;
        if (caller.aclUser != null) {
            String denied = server.acl().checkFromScript(caller, spec, argv);
            if (denied != null) return "ERR " + denied;
        }
        if (readOnlyRun && (spec.has(CommandFlags.WRITE | CommandFlags.MAY_REPLICATE) || mayReplicate(spec))) {
            return Errors.SCRIPT_WRITE_IN_READONLY;
        }
        // scriptVerifyWriteCommandAllow and scriptVerifyOOM: only until the run's first write
        if (!wrote && spec.has(CommandFlags.WRITE)) {
            if (server.replication.isReplica() && server.config().getBool("replica-read-only")) return Errors.READONLY_REPLICA;
            if (server.replication.notEnoughGoodReplicas()) return Errors.NOREPLICAS;
        }
        if (!wrote && !allowOom && server.preCommandOom && spec.has(CommandFlags.DENYOOM)) return Errors.OOM;
        // scriptVerifyClusterState: keys must be served here, in one slot unless allowed
        if (server.cluster != null) {
            String refused = server.cluster.routeFromScript(scriptClient, caller, spec, argv, scriptClient.scriptAllowCrossSlot);
            if (refused != null) return refused;
        }
        call(new Ctx(server, scriptClient, argv, sink, spec, true));
        return null;
    }

    /**
     * Commands Redis 7.0 flags may-replicate internally although its COMMAND INFO (our table's
     * source) does not list the flag: PUBLISH/SPUBLISH propagate, PFCOUNT may rewrite the HLL.
     */
    private static boolean mayReplicate(CommandSpec spec) {
        switch (spec.name) {
            case "publish":
            case "spublish":
            case "pfcount":
                return true;
            default:
                return false;
        }
    }

    /** Redis prints names and args with %.128s after replacing newlines; keep bytes as Latin-1 text. */
    static String printable(byte[] b, int max) {
        int n = Math.min(b.length, max);
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** "'a' 'b' " as Redis builds it: args appended while the text is under 128 chars. */
    static String argsPreview(byte[][] argv) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < argv.length && b.length() < 128; i++) {
            int room = 128 - b.length();
            b.append('\'').append(printable(argv[i], room)).append("' ");
        }
        return b.toString();
    }
}
