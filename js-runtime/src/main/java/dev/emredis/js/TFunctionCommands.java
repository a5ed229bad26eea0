package dev.emredis.js;

import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TFUNCTION LOAD / DELETE / LIST (§3.1–3.3). RedisGears parses TFUNCTION's subcommands itself,
 * so it is one command (arity -2) and its errors are the module's texts, without an ERR prefix.
 */
final class TFunctionCommands {
    private TFunctionCommands() {}

    static void tfunction(Ctx c) {
        String sub = lower(c.arg(1));
        // LOAD and DELETE block the client internally in RedisGears, which Redis refuses inside a
        // transaction (the spec allows not performing them then)
        if (c.client.inMulti && (sub.equals("load") || sub.equals("delete"))) {
            throw new RedisError(Errors.TF_BLOCKING_IN_MULTI);
        }
        switch (sub) {
            case "load": load(c); break;
            case "delete": delete(c); break;
            case "list": list(c); break;
            case "debug": DebugCommands.debug(c); break;
            default: throw new RedisError(Errors.tfUnknownSubcommand(sub));
        }
    }

    private static String lower(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }

    /** LOAD [REPLACE] [CONFIG json] [USER u] code: options until the first other argument, the code. */
    private static void load(Ctx c) {
        boolean replace = false;
        byte[] config = null;
        boolean userGiven = false;
        String code = null;
        for (int i = 2; i < c.argc(); i++) {
            String s = Convert.utf8(c.arg(i));
            String l = s == null ? null : s.toLowerCase(Locale.ROOT);
            if ("replace".equals(l)) {
                replace = true;
            } else if ("config".equals(l) || "user".equals(l)) {
                if (i + 1 >= c.argc()) throw new RedisError(Errors.TF_NO_CONFIG_VALUE);
                if (l.equals("config")) config = c.arg(++i);
                else {
                    userGiven = true;
                    i++;
                }
            } else {
                if (s == null) {
                    checkConfig(config);
                    throw new RedisError(Errors.TF_CODE_NOT_STRING);
                }
                code = s;
                break;
            }
        }
        if (code == null) throw new RedisError(Errors.TF_NO_PAYLOAD);
        String configJson = checkConfig(config);
        if (userGiven) throw new RedisError(Errors.TF_UNKNOWN_ARG_USER);
        Loader.load(Gears.of(c.server), code, configJson, replace, c.client.user);
        c.ok();
    }

    private static String checkConfig(byte[] config) {
        if (config == null) return null;
        String s = Convert.utf8(config);
        if (s == null) throw new RedisError(Errors.TF_CONFIG_NOT_STRING);
        Object parsed;
        try {
            parsed = dev.emredis.internal.json.Json.parse(s);
        } catch (RuntimeException e) {
            String m = e.getMessage() == null || e instanceof IndexOutOfBoundsException ? "EOF while parsing a value" : e.getMessage();
            throw new RedisError(Errors.tfConfigNotJson(s, m));
        }
        if (!(parsed instanceof Map)) throw new RedisError(Errors.TF_CONFIG_NOT_OBJECT);
        return s;
    }

    private static void delete(Ctx c) {
        if (c.argc() < 3) throw new RedisError(Errors.TF_DELETE_NO_NAME);
        String name = Convert.utf8(c.arg(2));
        if (name == null) throw new RedisError(Errors.TF_NOT_UTF8);
        Gears g = Gears.of(c.server);
        Library lib = g.libraries.remove(name);
        if (lib == null) throw new RedisError(Errors.TF_NO_SUCH_LIBRARY);
        lib.alive = false;
        g.triggers.libraryDeleted(lib);
        g.asyncCalls.forget(lib);
        c.ok();
    }

    private static void list(Ctx c) {
        boolean withCode = false;
        String only = null;
        int verbosity = 0;
        for (int i = 2; i < c.argc(); i++) {
            String s = Convert.utf8(c.arg(i));
            if (s == null) throw new RedisError(Errors.TF_LIST_BINARY_OPTION);
            String l = s.toLowerCase(Locale.ROOT);
            switch (l) {
                case "withcode": withCode = true; break;
                case "verbose":
                case "v": verbosity += 1; break;
                case "vv": verbosity += 2; break;
                case "vvv": verbosity += 3; break;
                case "library":
                    if (i + 1 >= c.argc()) throw new RedisError(Errors.TF_LIST_NO_LIBRARY);
                    only = Convert.utf8(c.arg(++i));
                    if (only == null) throw new RedisError(Errors.TF_LIST_LIBRARY_NOT_STRING);
                    break;
                default: throw new RedisError(Errors.tfListUnknownOption(l));
            }
        }
        Gears g = Gears.of(c.server);
        List<Library> libs = new ArrayList<>();
        for (Library lib : g.libraries.values()) if (only == null || only.equals(lib.name)) libs.add(lib);
        ReplySink out = c.out;
        out.array(libs.size());
        for (Library lib : libs) describe(g, out, lib, withCode, verbosity);
    }

    /** One library as a map whose keys are in alphabetical order (they come from a sorted map). */
    private static void describe(Gears g, ReplySink out, Library lib, boolean withCode, int verbosity) {
        out.map(withCode ? 12 : 11);
        out.bulk("api_version");
        out.bulk(lib.apiVersion);
        out.bulk("cluster_functions");
        out.array(lib.clusterFunctions.size());
        for (String n : lib.clusterFunctions.keySet()) out.bulk(n);
        if (withCode) {
            out.bulk("code");
            out.bulk(lib.code);
        }
        out.bulk("configuration");
        if (lib.config == null) out.nullBulk();
        else out.bulk(lib.config);
        out.bulk("engine");
        out.bulk("js");
        out.bulk("functions");
        out.array(lib.functions.size());
        for (JsFunction f : lib.functions.values()) {
            if (verbosity == 0) {
                out.bulk(f.name);
                continue;
            }
            out.map(4);
            out.bulk("description");
            if (f.description == null) out.nullBulk();
            else out.bulk(f.description);
            out.bulk("flags");
            int n = Integer.bitCount(f.flags);
            out.array(n);
            if (f.has(JsFunction.NO_WRITES)) out.bulk("no-writes");
            if (f.has(JsFunction.ALLOW_OOM)) out.bulk("allow-oom");
            if (f.has(JsFunction.RAW_ARGUMENTS)) out.bulk("raw-arguments");
            out.bulk("is_async");
            out.bool(f.asyncRegistration);
            out.bulk("name");
            out.bulk(f.name);
        }
        out.bulk("keyspace_triggers");
        g.triggers.describeKeyspace(out, lib, verbosity);
        out.bulk("name");
        out.bulk(lib.name);
        out.bulk("pending_async_calls");
        List<String> pending;
        synchronized (lib.pendingAsyncCalls) {
            pending = new ArrayList<>(lib.pendingAsyncCalls);
        }
        out.array(pending.size());
        for (String p : pending) out.bulk(p);
        out.bulk("pending_jobs");
        out.integer(lib.jobs.pending());
        out.bulk("stream_triggers");
        g.triggers.describeStreams(out, lib, verbosity);
        out.bulk("user");
        out.bulk(lib.user);
    }
}
