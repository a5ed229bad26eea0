package dev.emredis.internal.rdb;

import dev.emredis.internal.server.Config;

/** The configuration the RDB codecs depend on: encodings chosen at load, compression at save. */
public record RdbLimits(boolean compression, long listFill, long listCompressDepth, long hashMaxEntries, long hashMaxValue,
        long setMaxIntsetEntries, long zsetMaxEntries, long zsetMaxValue) {

    public static RdbLimits of(Config c) {
        return new RdbLimits(c.get("rdbcompression").equals("yes"), c.getLong("list-max-listpack-size"), c.getLong("list-compress-depth"),
                c.getLong("hash-max-listpack-entries"), c.getLong("hash-max-listpack-value"),
                c.getLong("set-max-intset-entries"), c.getLong("zset-max-listpack-entries"),
                c.getLong("zset-max-listpack-value"));
    }

    /** Redis's defaults (tests). */
    public static RdbLimits defaults() {
        return new RdbLimits(true, -2, 0, 128, 64, 512, 128, 64);
    }
}
