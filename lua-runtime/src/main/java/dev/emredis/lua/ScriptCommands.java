package dev.emredis.lua;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;

/** EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (spec §1.1, §1.2). */
final class ScriptCommands {
    private ScriptCommands() {}

    private static final String[] SCRIPT_HELP = {
        "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
        "HELP",
        "    Prints this help.",
    };

    static void register(CommandRegistry r) {
        r.add("eval", c -> eval(c, false, false));
        r.add("eval_ro", c -> eval(c, false, true));
        r.add("evalsha", c -> eval(c, true, false));
        r.add("evalsha_ro", c -> eval(c, true, true));
        r.add("script|load", ScriptCommands::load);
        r.add("script|exists", ScriptCommands::exists);
        r.add("script|flush", ScriptCommands::flush);
        r.add("script|kill", c -> {
            String refused = LuaEngine.of(c.server).kill(false);
            if (refused != null) throw new RedisError(refused);
            c.ok();
        });
        r.add("script|debug", ScriptCommands::debug);
        r.add("script|help", c -> {
            c.out.array(SCRIPT_HELP.length);
            for (String l : SCRIPT_HELP) c.out.simple(l);
        });
    }

    /** Redis's evalGenericCommand: numkeys checks, then the script (by body or SHA), then the run. */
    private static void eval(Ctx c, boolean bySha, boolean ro) {
        LuaEngine engine = LuaEngine.of(c.server);
        // evalShaCommand: NOSCRIPT for a wrong length, then no EVALSHA while debugging
        if (bySha && c.arg(1).length != 40) throw new RedisError(Errors.NOSCRIPT);
        if (bySha && engine.debugging(c.client)) throw new RedisError(Errors.SCRIPT_DEBUG_EVALSHA);
        long numkeys = c.longArg(2);
        if (numkeys > c.argc() - 3) throw new RedisError(Errors.SCRIPT_KEYS_GREATER);
        if (numkeys < 0) throw new RedisError(Errors.SCRIPT_KEYS_NEGATIVE);
        LuaEngine.Script s;
        if (bySha) {
            s = engine.lookup(c.arg(1));
            if (s == null) throw new RedisError(Errors.NOSCRIPT);
        } else {
            s = engine.load(c.arg(1));
        }
        // A script that declares write capability (shebang without no-writes) may not run as *_RO.
        if (ro && s.flagsMode() && !s.noWrites()) throw new RedisError(Errors.SCRIPT_RO_WITH_WRITE_FLAG);
        engine.eval(c, s, (int) numkeys, ro || s.noWrites());
    }

    private static void load(Ctx c) {
        c.out.bulk(LuaEngine.of(c.server).load(c.arg(2)).sha);
    }

    private static void exists(Ctx c) {
        LuaEngine engine = LuaEngine.of(c.server);
        c.out.array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) c.out.integer(engine.exists(c.arg(i)) ? 1 : 0);
    }

    private static void flush(Ctx c) {
        if (c.argc() > 3 || (c.argc() == 3 && !c.is(2, "sync") && !c.is(2, "async"))) {
            throw new RedisError(Errors.SCRIPT_FLUSH_OPTION);
        }
        LuaEngine.of(c.server).flush();
        c.ok();
    }

    /** SCRIPT DEBUG YES|SYNC|NO: the mode of this client's next EVAL (Ldb). */
    private static void debug(Ctx c) {
        LuaEngine engine = LuaEngine.of(c.server);
        if (c.is(2, "no")) {
            engine.scriptDebug(c.client, null);
        } else if (c.is(2, "yes")) {
            engine.scriptDebug(c.client, false);
        } else if (c.is(2, "sync")) {
            engine.scriptDebug(c.client, true);
        } else {
            throw new RedisError(Errors.SCRIPT_DEBUG_MODE);
        }
        c.ok();
    }
}
