package dev.emredis.lua;

import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.rdb.Crc64;
import dev.emredis.internal.rdb.RdbFormatException;
import dev.emredis.internal.rdb.RdbIn;
import dev.emredis.internal.rdb.RdbOut;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * FUNCTION DUMP / RESTORE payloads in Redis's format: per library the RDB function opcode 0xF5
 * and the library code as an RDB string (LZF-compressed under {@code rdbcompression}, as
 * rdbSaveRawString does), then the RDB version (2 bytes LE, 10 for Redis 7.0) and Redis's CRC64
 * of everything before it (8 bytes LE).
 */
final class FunctionDump {
    private FunctionDump() {}

    private static final int OPCODE_FUNCTION2 = 0xF5;
    private static final int RDB_VERSION = 10;
    private static final String BAD_PAYLOAD = Errors.FUNCTION_BAD_PAYLOAD;

    static byte[] dump(Libraries libs, boolean compression) {
        RdbOut out = new RdbOut(compression);
        for (Libraries.Library l : libs.libraries.values()) {
            out.u8(OPCODE_FUNCTION2);
            out.string(l.code);
        }
        out.le(RDB_VERSION, 2);
        byte[] body = out.toByteArray();
        out.le(Crc64.of(body, 0, body.length), 8);
        return out.toByteArray();
    }

    /** The library codes of a payload; RedisError when the trailer or the content is wrong. */
    static List<byte[]> parse(byte[] p) {
        if (p.length < 10) throw new RedisError(BAD_PAYLOAD);
        int end = p.length - 10;
        int version = (p[end] & 0xff) | (p[end + 1] & 0xff) << 8;
        long crc = 0;
        for (int i = 0; i < 8; i++) crc |= (long) (p[end + 2 + i] & 0xff) << (8 * i);
        if (version > RDB_VERSION || crc != Crc64.of(p, 0, p.length - 8)) throw new RedisError(BAD_PAYLOAD);
        List<byte[]> codes = new ArrayList<>();
        RdbIn in = new RdbIn(p, 0, end);
        try {
            while (in.remaining() > 0) {
                if (in.u8() != OPCODE_FUNCTION2) throw new RedisError(Errors.FUNCTION_PAYLOAD_NOT_FUNCTION);
                codes.add(in.string());
            }
        } catch (RdbFormatException e) {
            throw new RedisError(BAD_PAYLOAD);
        }
        return codes;
    }

    /** FUNCTION RESTORE: all libraries compiled and checked first, so a failure changes nothing. */
    static void restore(LuaEngine engine, List<byte[]> codes, String policy) {
        Libraries libs = engine.libraries();
        if (policy.equals("flush")) {
            // Validate in the current state first; only a good payload replaces everything.
            List<Libraries.Library> loaded = compileAll(libs, codes);
            engine.flushFunctions();
            for (Libraries.Library l : compileAll(engine.libraries(), codes)) engine.libraries().add(l);
            return;
        }
        List<Libraries.Library> loaded = compileAll(libs, codes);
        Set<String> replacing = new HashSet<>();
        for (Libraries.Library l : loaded) {
            if (libs.libraries.containsKey(l.name)) {
                if (policy.equals("append")) throw new RedisError(Errors.libraryExists(l.name));
                replacing.add(l.name);
            }
        }
        for (Libraries.Library l : loaded) {
            for (Libraries.Function f : l.functions.values()) {
                Libraries.Function existing = libs.functions.get(f.name.toLowerCase(Locale.ROOT));
                if (existing != null && !replacing.contains(existing.library.name)) {
                    throw new RedisError(Errors.functionExists(f.name));
                }
            }
        }
        for (String name : replacing) libs.delete(libs.libraries.get(name));
        for (Libraries.Library l : loaded) libs.add(l);
    }

    private static List<Libraries.Library> compileAll(Libraries libs, List<byte[]> codes) {
        List<Libraries.Library> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (byte[] code : codes) {
            Libraries.Library l = libs.compileAndRun(code, true);
            if (!names.add(l.name)) throw new RedisError(Errors.libraryExists(l.name));
            out.add(l);
        }
        return out;
    }
}
