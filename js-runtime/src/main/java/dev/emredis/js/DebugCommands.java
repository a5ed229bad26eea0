package dev.emredis.js;

import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The module's own maintenance commands: {@code TFUNCTION DEBUG} (only when the load-time config
 * {@code redisgears_2.enable-debug-command} is yes) and {@code TCONFIG_GET}/{@code TCONFIG_SET},
 * the module-argument spelling of {@code CONFIG GET/SET redisgears_2.<name>} (§3.5).
 */
final class DebugCommands {
    private DebugCommands() {}

    private static final String[] HELP = {
        "allow_unsafe_redis_commands - enable the option to execute unsafe redis commands from within a function.",
        "panic_on_thread_pool - panic on thread pool to check panic reaction.",
        "help - print this message.",
        "<engine> [...] - engine specific debug command.",
    };

    private static final String[] JS_HELP = {
        "isolates_stats - statistics about isolates.",
        "isolates_strong_count - For each isolate returns its strong ref count value.",
        "isolates_gc - Runs GC to clear none active isolates.",
        "help - Print this message.",
    };

    /** TFUNCTION DEBUG &lt;sub|engine&gt; [...]: arguments from index 2. */
    static void debug(Ctx c) {
        Gears g = Gears.of(c.server);
        if (!c.server.config().getBool(Gears.PREFIX + "enable-debug-command")) throw new RedisError(Errors.TF_DEBUG_DISABLED);
        if (c.argc() < 3) throw new RedisError(Errors.wrongArity("tfunction"));
        String first = utf8(c.arg(2));
        if (first == null) throw new RedisError(Errors.TF_NOT_UTF8);
        ReplySink out = c.out;
        switch (first) {
            case "panic_on_thread_pool":
                // the real module's pool thread panics, which takes the server down; the emulator
                // only acknowledges (a test harness must not lose its JVM)
                out.simple("OK");
                return;
            case "allow_unsafe_redis_commands":
                g.allowUnsafeCommands = true;
                out.simple("OK");
                return;
            case "dump_pending_async_calls":
                out.map(g.libraries.size());
                for (Library lib : g.libraries.values()) {
                    out.bulk(lib.name);
                    List<String> calls;
                    synchronized (lib.pendingAsyncCalls) {
                        calls = new ArrayList<>(lib.pendingAsyncCalls);
                    }
                    out.array(calls.size());
                    for (String call : calls) out.bulk(call);
                }
                return;
            case "help":
                strings(out, HELP);
                return;
            default:
                break;
        }
        if (!first.equals("js")) throw new RedisError(Errors.tfDebugNoBackend(first));
        List<String> args = new ArrayList<>();
        for (int i = 3; i < c.argc(); i++) {
            String s = utf8(c.arg(i));
            if (s == null) throw new RedisError(Errors.TF_DEBUG_ARGS_NOT_STRING);
            args.add(s);
        }
        if (args.isEmpty()) throw new RedisError(Errors.TF_DEBUG_NO_SUBCOMMAND);
        String sub = args.get(0).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "help":
                strings(out, JS_HELP);
                return;
            case "isolates_stats":
                // one Rhino scope per library plays the part of a V8 isolate; a replaced or
                // deleted library's scope is released at once
                out.array(4);
                out.bulk("active");
                out.integer(g.libraries.size());
                out.bulk("not_active");
                out.integer(0);
                return;
            case "isolates_strong_count":
                out.array(g.libraries.size());
                for (int i = 0; i < g.libraries.size(); i++) out.integer(1);
                return;
            case "isolates_gc":
                out.simple("OK");
                return;
            default:
                throw new RedisError(Errors.tfDebugUnknownSubcommand(sub));
        }
    }

    /** TCONFIG_GET name: CONFIG GET redisgears_2.name (unknown name: empty reply). */
    static void tconfigGet(Ctx c) {
        delegate(c, "get");
    }

    /** TCONFIG_SET name value: CONFIG SET redisgears_2.name value, with CONFIG SET's errors. */
    static void tconfigSet(Ctx c) {
        delegate(c, "set");
    }

    private static void delegate(Ctx c, String sub) {
        byte[][] argv = new byte[c.argc() + 1][];
        argv[0] = "config".getBytes(StandardCharsets.US_ASCII);
        argv[1] = sub.getBytes(StandardCharsets.US_ASCII);
        argv[2] = (Gears.PREFIX + new String(c.arg(1), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        for (int i = 2; i < c.argc(); i++) argv[i + 1] = c.arg(i);
        CommandSpec spec = c.server.pipeline().lookup(argv);
        spec.handler.run(new Ctx(c.server, c.client, argv, c.out, spec, c.fromScript));
    }

    private static void strings(ReplySink out, String[] lines) {
        out.array(lines.length);
        for (String l : lines) out.bulk(l);
    }

    private static String utf8(byte[] b) {
        return Convert.utf8(b);
    }
}
