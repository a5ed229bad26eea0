package dev.emredis.lua;

import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.resp.RespDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The "#!lua flags=..." first line of an EVAL script (spec §2.1). A script with a shebang runs
 * in "flags mode": its declared flags, not the command's, decide whether it may write.
 */
final class Shebang {
    static final int NO_WRITES = 1;
    static final int ALLOW_OOM = 2;
    static final int ALLOW_STALE = 4;
    static final int NO_CLUSTER = 8;
    static final int ALLOW_CROSS_SLOT = 16;
    /** Flags of a script without shebang (compatibility mode). */
    static final int COMPAT = -1;

    private Shebang() {}

    /** The script's flags, COMPAT without shebang; throws RedisError with Redis's text when malformed. */
    static int parse(byte[] body) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') return COMPAT;
        int nl = indexOf(body, (byte) '\n');
        if (nl < 0) throw new RedisError(Errors.SCRIPT_INVALID_SHEBANG);
        byte[] line = java.util.Arrays.copyOf(body, nl);
        List<byte[]> parts = RespDecoder.splitArgs(line);
        if (parts == null || parts.isEmpty()) throw new RedisError(Errors.SCRIPT_INVALID_ENGINE);
        String engine = str(parts.get(0));
        if (!engine.equals("#!lua")) throw new RedisError(Errors.scriptUnexpectedEngine(engine));
        int flags = 0;
        for (int i = 1; i < parts.size(); i++) {
            String tok = str(parts.get(i));
            if (!tok.startsWith("flags=")) throw new RedisError(Errors.scriptUnknownShebangOption(tok));
            String list = tok.substring(6);
            if (list.isEmpty()) continue;
            for (String f : list.split(",", -1)) flags |= flag(f);
        }
        return flags;
    }

    private static int flag(String f) {
        switch (f) {
            case "no-writes": return NO_WRITES;
            case "allow-oom": return ALLOW_OOM;
            case "allow-stale": return ALLOW_STALE;
            case "no-cluster": return NO_CLUSTER;
            case "allow-cross-slot-keys": return ALLOW_CROSS_SLOT;
            default: throw new RedisError(Errors.scriptUnexpectedFlag(f));
        }
    }

    /** The code Lua compiles: the shebang line blanked, its newline kept so line numbers stay. */
    static byte[] code(byte[] body, int flags) {
        if (flags == COMPAT) return body;
        int nl = indexOf(body, (byte) '\n');
        return java.util.Arrays.copyOfRange(body, nl, body.length);
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
