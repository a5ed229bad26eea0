package dev.emredis.lua;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.util.Glob;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** FUNCTION LOAD/DELETE/LIST/DUMP/RESTORE/FLUSH/STATS/KILL/HELP, FCALL and FCALL_RO (spec §1.3). */
final class FunctionCommands {
    private FunctionCommands() {}

    private static final String[] HELP = {
        "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
        "      libraries with the new libraries (notice that even on this option there is a chance of failure",
        "      in case of functions name collision with another library).",
        "HELP",
        "    Prints this help.",
    };

    static void register(CommandRegistry r) {
        r.add("fcall", c -> fcall(c, false));
        r.add("fcall_ro", c -> fcall(c, true));
        r.add("function|load", FunctionCommands::load);
        r.add("function|delete", FunctionCommands::delete);
        r.add("function|list", FunctionCommands::list);
        r.add("function|flush", FunctionCommands::flush);
        r.add("function|stats", FunctionCommands::stats);
        r.add("function|dump", c -> c.out.bulk(FunctionDump.dump(LuaEngine.of(c.server).libraries(),
                c.server.config().get("rdbcompression").equals("yes"))));
        r.add("function|restore", FunctionCommands::restore);
        r.add("function|kill", c -> {
            String refused = LuaEngine.of(c.server).kill(true);
            if (refused != null) throw new RedisError(refused);
            c.ok();
        });
        r.add("function|help", c -> {
            c.out.array(HELP.length);
            for (String l : HELP) c.out.simple(l);
        });
    }

    /** Lookup first, then numkeys (with FCALL's own "Bad number of keys" text), then the run. */
    private static void fcall(Ctx c, boolean ro) {
        LuaEngine engine = LuaEngine.of(c.server);
        Libraries.Function f = engine.libraries().function(c.arg(1));
        if (f == null) throw new RedisError(Errors.FUNCTION_NOT_FOUND);
        Long numkeys = Num.parseLong(c.arg(2));
        if (numkeys == null) throw new RedisError(Errors.FUNCTION_BAD_NUMKEYS);
        if (numkeys > c.argc() - 3) throw new RedisError(Errors.SCRIPT_KEYS_GREATER);
        if (numkeys < 0) throw new RedisError(Errors.SCRIPT_KEYS_NEGATIVE);
        // A function without no-writes is a write script: FCALL_RO refuses it.
        if (ro && !f.noWrites()) throw new RedisError(Errors.SCRIPT_RO_WITH_WRITE_FLAG);
        engine.fcall(c, f, numkeys.intValue(), ro || f.noWrites());
    }

    private static void load(Ctx c) {
        boolean replace = false;
        int i = 2;
        for (; i < c.argc() - 1; i++) {
            if (c.is(i, "replace")) replace = true;
            else throw new RedisError(Errors.functionUnknownOption(c.str(i)));
        }
        c.out.bulk(LuaEngine.of(c.server).libraries().load(c.arg(c.argc() - 1), replace));
        // a library change is a data change: replicas get the command, as in Redis (server.dirty++)
        c.server.dirty++;
    }

    private static void delete(Ctx c) {
        Libraries libs = LuaEngine.of(c.server).libraries();
        Libraries.Library lib = libs.libraries.get(c.str(2));
        if (lib == null) throw new RedisError(Errors.FUNCTION_LIBRARY_NOT_FOUND);
        libs.delete(lib);
        c.server.dirty++;
        c.ok();
    }

    private static void flush(Ctx c) {
        if (c.argc() > 3) throw new RedisError(Errors.subcommandSyntax(c.str(1), "FUNCTION"));
        if (c.argc() == 3 && !c.is(2, "sync") && !c.is(2, "async")) {
            throw new RedisError(Errors.FUNCTION_FLUSH_OPTION);
        }
        LuaEngine.of(c.server).flushFunctions();
        c.server.dirty++;
        c.ok();
    }

    private static void list(Ctx c) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < c.argc(); i++) {
            if (c.is(i, "withcode") && !withCode) {
                withCode = true;
            } else if (c.is(i, "libraryname") && pattern == null) {
                if (i + 1 >= c.argc()) throw new RedisError(Errors.FUNCTION_LIST_NO_PATTERN);
                pattern = c.arg(++i);
            } else {
                throw new RedisError(Errors.functionListUnknownArgument(c.str(i)));
            }
        }
        List<Libraries.Library> libs = new ArrayList<>();
        for (Libraries.Library l : LuaEngine.of(c.server).libraries().libraries.values()) {
            if (pattern == null || Glob.match(pattern, l.name.getBytes(StandardCharsets.UTF_8), true)) libs.add(l);
        }
        c.out.array(libs.size());
        for (Libraries.Library l : libs) {
            c.out.map(withCode ? 4 : 3);
            c.out.bulk("library_name");
            c.out.bulk(l.name);
            c.out.bulk("engine");
            c.out.bulk("LUA");
            c.out.bulk("functions");
            c.out.array(l.functions.size());
            for (Libraries.Function f : l.functions.values()) {
                c.out.map(3);
                c.out.bulk("name");
                c.out.bulk(f.name);
                c.out.bulk("description");
                if (f.description == null) c.out.nullBulk();
                else c.out.bulk(f.description);
                c.out.bulk("flags");
                List<String> flags = Libraries.flagNames(f.flags);
                c.out.set(flags.size());
                for (String fl : flags) c.out.simple(fl);
            }
            if (withCode) {
                c.out.bulk("library_code");
                c.out.bulk(l.code);
            }
        }
    }

    private static void stats(Ctx c) {
        LuaEngine engine = LuaEngine.of(c.server);
        Libraries libs = engine.libraries();
        LuaEngine.Run r = engine.run();
        // While an EVAL script is busy, FUNCTION STATS answers with the EVAL flavour of BUSY.
        if (r != null && r.busy && !r.function) throw new RedisError(Errors.BUSY_EVAL);
        c.out.map(2);
        c.out.bulk("running_script");
        if (r != null && r.function && !r.loading) {
            c.out.map(3);
            c.out.bulk("name");
            c.out.bulk(r.name);
            c.out.bulk("command");
            c.out.array(r.argv.length);
            for (byte[] a : r.argv) c.out.bulk(a);
            c.out.bulk("duration_ms");
            c.out.integer(r.elapsedMillis(c.server.clock().millis()));
        } else {
            c.out.nullBulk();
        }
        c.out.bulk("engines");
        c.out.map(1);
        c.out.bulk("LUA");
        c.out.map(2);
        c.out.bulk("libraries_count");
        c.out.integer(libs.libraries.size());
        c.out.bulk("functions_count");
        c.out.integer(libs.functionCount());
    }

    private static void restore(Ctx c) {
        String policy = "append";
        if (c.argc() > 3) {
            if (c.is(3, "flush")) policy = "flush";
            else if (c.is(3, "append")) policy = "append";
            else if (c.is(3, "replace")) policy = "replace";
            else throw new RedisError(Errors.FUNCTION_RESTORE_POLICY);
        }
        if (c.argc() > 4) throw new RedisError(Errors.SYNTAX);
        LuaEngine engine = LuaEngine.of(c.server);
        List<byte[]> codes = FunctionDump.parse(c.arg(2));
        FunctionDump.restore(engine, codes, policy);
        c.server.dirty++;
        c.ok();
    }
}
