package dev.emredis.lua;

import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The Functions of one server (spec §1.3): libraries by name (case-sensitive), functions by
 * name (case-insensitive), FUNCTION LOAD's metadata rules and redis.register_function.
 */
final class Libraries {
    static final String SOURCE = "@user_function";

    /** A loaded library: its full code (shebang included) and its functions in registration order. */
    static final class Library {
        final String name;
        final byte[] code;
        final Map<String, Function> functions = new LinkedHashMap<>();

        Library(String name, byte[] code) {
            this.name = name;
            this.code = code;
        }
    }

    static final class Function {
        final String name;
        final LuaValue callback;
        final int flags;
        final String description;
        final Library library;

        Function(String name, LuaValue callback, int flags, String description, Library library) {
            this.name = name;
            this.callback = callback;
            this.flags = flags;
            this.description = description;
            this.library = library;
        }

        boolean noWrites() {
            return (flags & Shebang.NO_WRITES) != 0;
        }
    }

    private final LuaEngine engine;
    final Map<String, Library> libraries = new LinkedHashMap<>();
    final Map<String, Function> functions = new LinkedHashMap<>();
    /** The library whose body is running (FUNCTION LOAD), collecting register_function calls. */
    private Library loading;

    Libraries(LuaEngine engine) {
        this.engine = engine;
    }

    Function function(byte[] name) {
        return functions.get(new String(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }

    int functionCount() {
        int n = 0;
        for (Library l : libraries.values()) n += l.functions.size();
        return n;
    }

    void flush() {
        libraries.clear();
        functions.clear();
        counted();
    }

    void delete(Library lib) {
        libraries.remove(lib.name);
        for (Function f : lib.functions.values()) functions.remove(f.name.toLowerCase(Locale.ROOT));
        counted();
    }

    /** INFO memory's number_of_functions / number_of_libraries. */
    private void counted() {
        engine.server().loadedLibraries = libraries.size();
        engine.server().loadedFunctions = functionCount();
    }

    /** FUNCTION LOAD: the library name, or RedisError with Redis's text; atomic on failure. */
    String load(byte[] code, boolean replace) {
        Library lib = compileAndRun(code, replace);
        Library old = libraries.get(lib.name);
        for (Function f : lib.functions.values()) {
            Function existing = functions.get(f.name.toLowerCase(Locale.ROOT));
            if (existing != null && existing.library != old) throw new RedisError(Errors.functionExists(f.name));
        }
        if (old != null) delete(old);
        add(lib);
        return lib.name;
    }

    void add(Library lib) {
        libraries.put(lib.name, lib);
        for (Function f : lib.functions.values()) functions.put(f.name.toLowerCase(Locale.ROOT), f);
        counted();
    }

    /** Parses the metadata, compiles and runs the library body; checks name clashes of libraries only. */
    Library compileAndRun(byte[] code, boolean replace) {
        String name = metadata(code);
        if (!replace && libraries.containsKey(name)) throw new RedisError(Errors.libraryExistsQuoted(name));
        FunctionGlobals g = engine.functionGlobals();
        LuaValue body;
        try {
            body = g.load(new ByteArrayInputStream(Shebang.code(code, 0)), SOURCE, "t", g);
        } catch (LuaError e) {
            throw new RedisError(Errors.functionCompile(Conversions.crlfToSpaces(String.valueOf(e.getMessage()))));
        }
        Library lib = new Library(name, code);
        loading = lib;
        g.loading = true;
        try {
            engine.runProtected(() -> body.call());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new RedisError(Conversions.crlfToSpaces(Errors.functionRegistering(LuaErrors.errorText(e))));
        } finally {
            g.loading = false;
            loading = null;
        }
        if (lib.functions.isEmpty()) throw new RedisError(Errors.FUNCTION_NONE_REGISTERED);
        return lib;
    }

    /** The library name from the "#!lua name=..." first line (spec §1.3 metadata table). */
    private static String metadata(byte[] code) {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') throw new RedisError(Errors.FUNCTION_MISSING_METADATA);
        int nl = -1;
        for (int i = 0; i < code.length; i++) {
            if (code[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) throw new RedisError(Errors.FUNCTION_INVALID_METADATA);
        List<byte[]> parts = dev.emredis.internal.resp.RespDecoder.splitArgs(java.util.Arrays.copyOf(code, nl));
        if (parts == null || parts.isEmpty()) throw new RedisError(Errors.FUNCTION_INVALID_METADATA);
        String engineName = new String(parts.get(0), StandardCharsets.UTF_8).substring(2);
        String name = null;
        for (int i = 1; i < parts.size(); i++) {
            String tok = new String(parts.get(i), StandardCharsets.UTF_8);
            if (tok.regionMatches(true, 0, "name=", 0, 5)) {
                if (name != null) throw new RedisError(Errors.FUNCTION_NAME_TWICE);
                name = tok.substring(5);
            } else {
                throw new RedisError(Errors.functionInvalidMetadataValue(tok));
            }
        }
        if (name == null) throw new RedisError(Errors.FUNCTION_NO_LIBRARY_NAME);
        if (!validName(name)) throw new RedisError(LIBRARY_NAME_RULE);
        if (!engineName.equalsIgnoreCase("lua")) throw new RedisError(Errors.functionEngineNotFound(engineName));
        return name;
    }

    static final String LIBRARY_NAME_RULE = Errors.FUNCTION_LIBRARY_NAME_RULE;

    static boolean validName(String n) {
        if (n.isEmpty()) return false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '_') return false;
        }
        return true;
    }

    /** Errors of register_function are error tables {err="ERR ..."} without position, as in Redis. */
    private static ScriptError fail(String text) {
        return RedisLib.raise(text);
    }

    /** redis.register_function(name, callback) or redis.register_function{...} (spec §1.3). */
    Varargs register(Varargs a) {
        if (loading == null) throw fail(Errors.REGISTER_ONLY_ON_LOAD);
        String name;
        LuaValue callback;
        int flags = 0;
        String description = null;
        if (a.narg() == 0 || a.narg() > 2) throw fail(Errors.REGISTER_ARITY);
        if (a.narg() == 1) {
            if (!a.arg1().istable()) {
                throw fail(Errors.REGISTER_SINGLE_NOT_TABLE);
            }
            LuaTable t = (LuaTable) a.arg1();
            name = null;
            callback = null;
            for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
                LuaValue k = e.arg1();
                LuaValue v = e.arg(2);
                // lua_isstring: a number key counts as a string (and is then an unknown argument).
                if (!k.isstring()) throw fail(Errors.REGISTER_KEY_NOT_STRING);
                String key = k.tojstring().toLowerCase(Locale.ROOT);
                switch (key) {
                    case "function_name":
                        if (!v.isstring()) throw fail(Errors.REGISTER_NAME_NOT_STRING);
                        name = v.tojstring();
                        break;
                    case "description":
                        if (!v.isstring()) throw fail(Errors.REGISTER_DESCRIPTION_NOT_STRING);
                        description = v.tojstring();
                        break;
                    case "callback":
                        if (!v.isfunction()) throw fail(Errors.REGISTER_CALLBACK_NOT_FUNCTION);
                        callback = v;
                        break;
                    case "flags":
                        if (!v.istable()) throw fail(Errors.REGISTER_FLAGS_NOT_TABLE);
                        flags = flags((LuaTable) v);
                        break;
                    default:
                        throw fail(Errors.REGISTER_UNKNOWN_ARGUMENT);
                }
            }
            if (name == null) throw fail(Errors.REGISTER_NO_NAME);
            if (callback == null) throw fail(Errors.REGISTER_NO_CALLBACK);
        } else {
            if (!a.arg1().isstring()) throw fail(Errors.REGISTER_FIRST_NOT_STRING);
            if (!a.arg(2).isfunction()) throw fail(Errors.REGISTER_SECOND_NOT_FUNCTION);
            name = a.arg1().tojstring();
            callback = a.arg(2);
        }
        if (!validName(name)) throw fail(LIBRARY_NAME_RULE.substring(4));
        // Within a library names are case-sensitive; FCALL's lookup is not (the later one wins).
        if (loading.functions.containsKey(name)) throw fail(Errors.REGISTER_DUPLICATE);
        loading.functions.put(name, new Function(name, callback, flags, description, loading));
        return LuaValue.NONE;
    }

    /** Function flags: names compared case-insensitively here (unlike the EVAL shebang). */
    private static int flags(LuaTable t) {
        int flags = 0;
        int n = t.length();
        for (int i = 1; i <= n; i++) {
            LuaValue v = t.rawget(i);
            if (v.type() != LuaValue.TSTRING) throw fail(Errors.REGISTER_UNKNOWN_FLAG);
            switch (v.tojstring().toLowerCase(Locale.ROOT)) {
                case "no-writes": flags |= Shebang.NO_WRITES; break;
                case "allow-oom": flags |= Shebang.ALLOW_OOM; break;
                case "allow-stale": flags |= Shebang.ALLOW_STALE; break;
                case "no-cluster": flags |= Shebang.NO_CLUSTER; break;
                case "allow-cross-slot-keys": flags |= Shebang.ALLOW_CROSS_SLOT; break;
                default: throw fail(Errors.REGISTER_UNKNOWN_FLAG);
            }
        }
        return flags;
    }

    /** Flag names in Redis's canonical order, for FUNCTION LIST. */
    static List<String> flagNames(int flags) {
        List<String> l = new ArrayList<>();
        if ((flags & Shebang.NO_WRITES) != 0) l.add("no-writes");
        if ((flags & Shebang.ALLOW_OOM) != 0) l.add("allow-oom");
        if ((flags & Shebang.ALLOW_STALE) != 0) l.add("allow-stale");
        if ((flags & Shebang.NO_CLUSTER) != 0) l.add("no-cluster");
        if ((flags & Shebang.ALLOW_CROSS_SLOT) != 0) l.add("allow-cross-slot-keys");
        return l;
    }
}
