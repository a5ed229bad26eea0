package dev.emredis.lua;

import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * FUNCTION DUMP / RESTORE payloads in Redis's format: per library the RDB function opcode 0xF5
 * and the library code as an RDB string, then the RDB version (2 bytes LE, 10 for Redis 7.0) and
 * a CRC64 (Jones, as Redis's crc64) of everything before it (8 bytes LE). The emulator writes
 * strings uncompressed and reads LZF-compressed ones too, so payloads of a real Redis restore.
 */
final class FunctionDump {
    private FunctionDump() {}

    private static final int OPCODE_FUNCTION2 = 0xF5;
    private static final int RDB_VERSION = 10;
    private static final String BAD_PAYLOAD = Errors.FUNCTION_BAD_PAYLOAD;

    static byte[] dump(Libraries libs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Libraries.Library l : libs.libraries.values()) {
            out.write(OPCODE_FUNCTION2);
            length(out, l.code.length);
            out.write(l.code, 0, l.code.length);
        }
        out.write(RDB_VERSION & 0xff);
        out.write(RDB_VERSION >>> 8);
        long crc = crc64(out.toByteArray(), out.size());
        for (int i = 0; i < 8; i++) out.write((int) (crc >>> (8 * i)) & 0xff);
        return out.toByteArray();
    }

    private static void length(ByteArrayOutputStream out, int n) {
        if (n < 64) {
            out.write(n);
        } else if (n < 16384) {
            out.write(0x40 | (n >>> 8));
            out.write(n & 0xff);
        } else {
            out.write(0x80);
            for (int k = 3; k >= 0; k--) out.write((n >>> (8 * k)) & 0xff);
        }
    }

    /** Redis's crc64 (Jones polynomial, reflected). */
    static long crc64(byte[] b, int len) {
        long crc = 0;
        for (int i = 0; i < len; i++) {
            crc ^= b[i] & 0xff;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x95AC9329AC4BC9B5L : crc >>> 1;
        }
        return crc;
    }

    /** The library codes of a payload; RedisError when the trailer or the content is wrong. */
    static List<byte[]> parse(byte[] p) {
        if (p.length < 10) throw new RedisError(BAD_PAYLOAD);
        int end = p.length - 10;
        int version = (p[end] & 0xff) | (p[end + 1] & 0xff) << 8;
        long crc = 0;
        for (int i = 0; i < 8; i++) crc |= (long) (p[end + 2 + i] & 0xff) << (8 * i);
        if (version > RDB_VERSION || crc != crc64(p, p.length - 8)) throw new RedisError(BAD_PAYLOAD);
        List<byte[]> codes = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < end) {
            int op = p[pos[0]++] & 0xff;
            if (op != OPCODE_FUNCTION2) throw new RedisError(Errors.FUNCTION_PAYLOAD_NOT_FUNCTION);
            codes.add(string(p, pos, end));
        }
        return codes;
    }

    private static byte[] string(byte[] p, int[] pos, int end) {
        if (pos[0] >= end) throw new RedisError(BAD_PAYLOAD);
        int first = p[pos[0]] & 0xff;
        int type = first >>> 6;
        if (type == 3) {
            pos[0]++;
            if ((first & 0x3f) != 3) throw new RedisError(BAD_PAYLOAD);
            int clen = (int) len(p, pos, end);
            int len = (int) len(p, pos, end);
            if (pos[0] + clen > end) throw new RedisError(BAD_PAYLOAD);
            byte[] out = lzfDecompress(p, pos[0], clen, len);
            pos[0] += clen;
            return out;
        }
        int n = (int) len(p, pos, end);
        if (n < 0 || pos[0] + n > end) throw new RedisError(BAD_PAYLOAD);
        byte[] s = java.util.Arrays.copyOfRange(p, pos[0], pos[0] + n);
        pos[0] += n;
        return s;
    }

    private static long len(byte[] p, int[] pos, int end) {
        if (pos[0] >= end) throw new RedisError(BAD_PAYLOAD);
        int first = p[pos[0]++] & 0xff;
        switch (first >>> 6) {
            case 0:
                return first & 0x3f;
            case 1:
                if (pos[0] >= end) throw new RedisError(BAD_PAYLOAD);
                return ((first & 0x3f) << 8) | (p[pos[0]++] & 0xff);
            default: {
                int bytes = first == 0x80 ? 4 : first == 0x81 ? 8 : -1;
                if (bytes < 0 || pos[0] + bytes > end) throw new RedisError(BAD_PAYLOAD);
                long v = 0;
                for (int i = 0; i < bytes; i++) v = (v << 8) | (p[pos[0]++] & 0xff);
                return v;
            }
        }
    }

    /** LZF decompression (the format Redis compresses RDB strings with). */
    static byte[] lzfDecompress(byte[] in, int off, int clen, int len) {
        byte[] out = new byte[len];
        int ip = off;
        int end = off + clen;
        int op = 0;
        try {
            while (ip < end) {
                int ctrl = in[ip++] & 0xff;
                if (ctrl < 32) {
                    int n = ctrl + 1;
                    System.arraycopy(in, ip, out, op, n);
                    ip += n;
                    op += n;
                } else {
                    int n = ctrl >>> 5;
                    int ref = op - ((ctrl & 0x1f) << 8) - 1;
                    if (n == 7) n += in[ip++] & 0xff;
                    ref -= in[ip++] & 0xff;
                    n += 2;
                    for (int k = 0; k < n; k++) out[op++] = out[ref++];
                }
            }
        } catch (IndexOutOfBoundsException e) {
            throw new RedisError(BAD_PAYLOAD);
        }
        if (op != len) throw new RedisError(BAD_PAYLOAD);
        return out;
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
