package dev.emredis.junit5;

import dev.emredis.Journal;
import dev.emredis.RedisEmulator;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.server.Server;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The emulator's side of a failed test: recent commands and what the keyspace holds. */
final class FailureReport {
    private static final int ENTRIES = 50;
    private static final int KEYS_PER_DB = 10;

    private FailureReport() { }

    /** Attached to a failing test's exception as a suppressed exception. */
    static final class Details extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Details(String report) {
            super(report, null, false, false);
        }
    }

    static String of(RedisEmulator redis) {
        StringBuilder b = new StringBuilder("emredis at ").append(redis.uri()).append('\n');
        List<Journal.Entry> last = redis.journal().last(ENTRIES);
        b.append("last ").append(last.size()).append(" commands:\n");
        for (Journal.Entry e : last) b.append("  ").append(e).append('\n');
        b.append("keyspace:\n");
        Server server = redis.internalServer();
        List<String> dbs = server.loop().call(() -> {
            List<String> lines = new ArrayList<>();
            for (Database db : server.dbs()) {
                if (db.size() == 0) continue;
                StringBuilder l = new StringBuilder("  db").append(db.id).append(": ").append(db.size()).append(" keys");
                List<String> sample = new ArrayList<>();
                db.keys.forEach((k, v) -> {
                    if (sample.size() < KEYS_PER_DB) sample.add(printable(k) + " (" + v.type() + ")");
                });
                l.append(' ').append(sample);
                if (db.size() > KEYS_PER_DB) l.append(" ...");
                lines.add(l.toString());
            }
            return lines;
        });
        if (dbs.isEmpty()) b.append("  (empty)\n");
        for (String l : dbs) b.append(l).append('\n');
        return b.toString();
    }

    private static String printable(byte[] k) {
        String s = new String(k, StandardCharsets.UTF_8);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
