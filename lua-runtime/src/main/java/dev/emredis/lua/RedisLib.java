package dev.emredis.lua;

import dev.emredis.internal.command.Errors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** The {@code redis} table of an EVAL script (spec §4). */
final class RedisLib {
    private RedisLib() {}

    /** The run-time redis table; Functions lack breakpoint, debug and replicate_commands. */
    static LuaTable create(LuaEngine engine, boolean eval) {
        LuaTable r = new LuaTable();
        r.rawset("call", new Fn("call", a -> engine.redisCall(a, true)));
        r.rawset("pcall", new Fn("pcall", a -> engine.redisCall(a, false)));
        r.rawset("error_reply", new Fn("error_reply", a -> {
            if (a.narg() != 1 || !a.arg1().isstring()) return ScriptError.errorTable(Errors.LUA_WRONG_ARGS_OR_TYPE);
            String s = Conversions.text(a.arg1().tostring());
            return ScriptError.errorTable(s.startsWith("-") ? s : "-" + s);
        }));
        r.rawset("status_reply", new Fn("status_reply", a -> {
            if (a.narg() != 1 || !a.arg1().isstring()) return ScriptError.errorTable(Errors.LUA_WRONG_ARGS_OR_TYPE);
            LuaTable t = new LuaTable();
            t.rawset("ok", a.arg1().tostring());
            return t;
        }));
        r.rawset("sha1hex", new Fn("sha1hex", a -> {
            if (a.narg() != 1) throw raise(Errors.LUA_SHA1HEX_ARITY);
            LuaValue v = a.arg1();
            byte[] b = v.isstring() ? Conversions.bytes(v.tostring()) : new byte[0];
            return LuaValue.valueOf(sha1hex(b));
        }));
        r.rawset("log", log(engine));
        r.rawset("setresp", new Fn("setresp", a -> {
            if (a.narg() != 1) throw raise(Errors.LUA_SETRESP_ARITY);
            int resp = (int) a.arg1().optdouble(0);
            if (resp != 2 && resp != 3) throw raise(Errors.LUA_SETRESP_VERSION);
            engine.run().resp = resp;
            return LuaValue.NONE;
        }));
        r.rawset("set_repl", new Fn("set_repl", a -> {
            // Redis 7.0's text says "two arguments" although it takes one.
            if (a.narg() != 1) throw raise(Errors.LUA_SET_REPL_ARITY);
            int flags = (int) a.arg1().optdouble(-1);
            if ((flags & ~3) != 0) throw raise(Errors.LUA_SET_REPL_FLAGS);
            return LuaValue.NONE;
        }));
        if (eval) {
            r.rawset("replicate_commands", new Fn("replicate_commands", a -> LuaValue.TRUE));
            // the debugger's functions: a stop at the next line, a log line (only in a session)
            r.rawset("breakpoint", new Fn("breakpoint", a -> {
                if (!engine.ldb().active) return LuaValue.FALSE;
                engine.ldb().luabp = true;
                return LuaValue.TRUE;
            }));
            r.rawset("debug", new Fn("debug", a -> {
                if (engine.ldb().active) engine.ldb().debug(a);
                return LuaValue.NONE;
            }));
        }
        r.rawset("acl_check_cmd", new Fn("acl_check_cmd", a -> {
            if (a.narg() == 0) throw raise(Errors.SCRIPT_CALL_NO_ARGS);
            byte[][] argv = new byte[a.narg()][];
            for (int i = 0; i < argv.length; i++) {
                LuaValue v = a.arg(i + 1);
                if (!v.isstring()) throw raise(Errors.SCRIPT_CALL_BAD_ARG);
                argv[i] = Conversions.bytes(v.tostring());
            }
            var spec = engine.server().pipeline().lookup(argv);
            if (spec == null) throw raise(Errors.LUA_ACL_CHECK_INVALID);
            var caller = engine.scriptClient().scriptCaller;
            if (caller == null || caller.aclUser == null) return LuaValue.TRUE;
            return LuaValue.valueOf(engine.server().acl().check(caller.aclUser, spec, argv) == null);
        }));
        constants(r, engine, true);
        return r;
    }

    /**
     * redis.log(level, ...): the level is truncated to an int (1.5 is verbose, -0.5 debug); the
     * other arguments that are strings or numbers are joined with single spaces (a skipped first
     * one still gets the separator before the next) and written to the server log as is.
     */
    private static Fn log(LuaEngine engine) {
        return new Fn("log", a -> {
            if (a.narg() < 2) throw raise(Errors.LUA_LOG_ARITY);
            // lua_isnumber: a numeric string is a level too
            LuaValue n = a.arg1().tonumber();
            if (n.isnil()) throw raise(Errors.LUA_LOG_LEVEL_TYPE);
            double d = n.todouble();
            int level = Double.isNaN(d) || d >= 2147483648.0 || d < -2147483648.0 ? Integer.MIN_VALUE : (int) d;
            if (level < 0 || level > 3) throw raise(Errors.LUA_LOG_LEVEL_RANGE);
            var log = engine.server().log;
            if (level < log.verbosity()) return LuaValue.NONE;
            java.io.ByteArrayOutputStream msg = new java.io.ByteArrayOutputStream();
            for (int j = 2; j <= a.narg(); j++) {
                LuaValue v = a.arg(j);
                if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) continue;
                if (j != 2) msg.write(' ');
                msg.writeBytes(Conversions.bytes(v.tostring()));
            }
            log.log(level, msg.toByteArray());
            return LuaValue.NONE;
        });
    }

    private static void constants(LuaTable r, LuaEngine engine, boolean withRepl) {
        r.rawset("LOG_DEBUG", LuaValue.valueOf(0));
        r.rawset("LOG_VERBOSE", LuaValue.valueOf(1));
        r.rawset("LOG_NOTICE", LuaValue.valueOf(2));
        r.rawset("LOG_WARNING", LuaValue.valueOf(3));
        if (withRepl) {
            r.rawset("REPL_NONE", LuaValue.valueOf(0));
            r.rawset("REPL_AOF", LuaValue.valueOf(1));
            r.rawset("REPL_SLAVE", LuaValue.valueOf(2));
            r.rawset("REPL_REPLICA", LuaValue.valueOf(2));
            r.rawset("REPL_ALL", LuaValue.valueOf(3));
        }
        String version = engine.server().version;
        r.rawset("REDIS_VERSION", LuaValue.valueOf(version));
        r.rawset("REDIS_VERSION_NUM", LuaValue.valueOf(versionNum(version)));
    }

    /**
     * The redis table a library body sees while FUNCTION LOAD runs it: register_function, log and
     * the constants only; any other member raises the nonexistent-global error, as in Redis.
     */
    static ReadOnlyTable createForLoad(LuaEngine engine) {
        ReadOnlyTable r = new ReadOnlyTable();
        r.rawset("register_function", new Fn("register_function", a -> engine.libraries().register(a)));
        r.rawset("log", log(engine));
        constants(r, engine, false);
        ReadOnlyTable meta = new ReadOnlyTable();
        meta.rawset(LuaValue.INDEX, new Fn("__index", a -> {
            throw SandboxGlobals.nonexistent(a.arg(2));
        }));
        r.setmetatable(meta.freeze());
        return r.freeze();
    }

    /** Redis raises these as error tables {err="ERR text"}: the reply keeps the text after the code. */
    static ScriptError raise(String text) {
        return ScriptError.value(ScriptError.errorTable("ERR " + text));
    }

    static int versionNum(String v) {
        String[] p = v.split("\\.");
        int n = 0;
        for (int i = 0; i < 3; i++) n = (n << 8) | (i < p.length ? Integer.parseInt(p[i]) : 0);
        return n;
    }

    static String sha1hex(byte[] b) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(b);
            StringBuilder s = new StringBuilder(40);
            for (byte x : d) s.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha1hex(String s) {
        return sha1hex(s.getBytes(StandardCharsets.UTF_8));
    }

    static Varargs none() {
        return LuaValue.NONE;
    }
}
