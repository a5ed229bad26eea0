package dev.emredis.lua;

import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.rdb.RdbIn;
import dev.emredis.internal.rdb.RdbLimits;
import dev.emredis.internal.rdb.RdbLoader;
import dev.emredis.internal.rdb.RdbOut;
import dev.emredis.internal.rdb.RdbValues;
import dev.emredis.internal.server.Server;
import java.util.ArrayList;
import java.util.List;

/**
 * Every key of every database serialized as in an RDB file, to put the dataset back after a
 * SCRIPT DEBUG YES session: Redis runs that session in a forked child, so the parent's data
 * never sees the script's writes.
 */
final class DatasetSnapshot {
    private static final class Key {
        final byte[] name;
        final int type;
        final byte[] payload;
        final long expireAt;

        Key(byte[] name, int type, byte[] payload, long expireAt) {
            this.name = name;
            this.type = type;
            this.payload = payload;
            this.expireAt = expireAt;
        }
    }

    private final List<List<Key>> dbs = new ArrayList<>();

    static DatasetSnapshot take(Server server) {
        DatasetSnapshot s = new DatasetSnapshot();
        RdbLimits limits = RdbLimits.of(server.config());
        for (Database db : server.dbs()) {
            List<Key> keys = new ArrayList<>();
            db.keys.forEachEntry(e -> {
                RdbOut out = new RdbOut(false);
                RdbValues.write(out, e.value, limits);
                keys.add(new Key(e.key.clone(), RdbValues.typeOf(e.value), out.toByteArray(), e.aux));
            });
            s.dbs.add(keys);
        }
        return s;
    }

    /** Empties every database and loads the snapshot back. */
    void restore(Server server) {
        RdbLimits limits = RdbLimits.of(server.config());
        Database[] all = server.dbs();
        for (int i = 0; i < all.length && i < dbs.size(); i++) {
            Database db = all[i];
            if (db.size() > 0) db.flush();
            for (Key k : dbs.get(i)) {
                db.add(k.name, RdbLoader.read(k.type, new RdbIn(k.payload, 0, k.payload.length), limits));
                if (k.expireAt != 0) db.setExpire(k.name, k.expireAt);
            }
        }
    }
}
