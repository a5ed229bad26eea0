package dev.emredis.internal.rdb;

import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.server.Server;
import java.nio.charset.StandardCharsets;

/**
 * A whole-dataset RDB file as Redis 7.0 writes one for a full resynchronisation: the "REDIS0010"
 * magic, the aux fields (version, bits, ctime, used-mem, repl-stream-db, repl-id, repl-offset,
 * aof-base), then per non-empty database SELECTDB, RESIZEDB and each key (with its expire time
 * in ms), then EOF and the CRC-64 of everything before it.
 */
public final class RdbFile {
    private RdbFile() {}

    private static final int OPCODE_AUX = 0xfa;
    private static final int OPCODE_RESIZEDB = 0xfb;
    private static final int OPCODE_EXPIRETIME_MS = 0xfc;
    private static final int OPCODE_SELECTDB = 0xfe;
    private static final int OPCODE_EOF = 0xff;

    public static byte[] snapshot(Server server, String replid, long replOffset) {
        RdbLimits limits = RdbLimits.of(server.config());
        RdbOut out = new RdbOut(limits.compression());
        out.raw(String.format("REDIS%04d", RdbTypes.VERSION).getBytes(StandardCharsets.US_ASCII));
        aux(out, "redis-ver", server.version);
        aux(out, "redis-bits", "64");
        aux(out, "ctime", Long.toString(server.clock().millis() / 1000));
        aux(out, "used-mem", Long.toString(server.memory.used()));
        aux(out, "repl-stream-db", "0");
        aux(out, "repl-id", replid);
        aux(out, "repl-offset", Long.toString(replOffset));
        aux(out, "aof-base", "0");
        long now = server.clock().millis();
        for (Database db : server.dbs()) {
            if (db.size() == 0) continue;
            out.u8(OPCODE_SELECTDB);
            out.len(db.id);
            out.u8(OPCODE_RESIZEDB);
            out.len(db.size());
            out.len(db.expiresCount());
            db.keys.forEachEntry(e -> {
                if (e.aux != 0) {
                    out.u8(OPCODE_EXPIRETIME_MS);
                    out.millis(e.aux);
                }
                out.u8(RdbValues.typeOf(e.value));
                out.string(e.key);
                RdbValues.write(out, e.value, limits);
            });
        }
        out.u8(OPCODE_EOF);
        byte[] body = out.toByteArray();
        out.le(Crc64.of(body, 0, body.length), 8);
        return out.toByteArray();
    }

    private static void aux(RdbOut out, String key, String value) {
        out.u8(OPCODE_AUX);
        out.string(key.getBytes(StandardCharsets.US_ASCII));
        out.string(value.getBytes(StandardCharsets.US_ASCII));
    }
}
