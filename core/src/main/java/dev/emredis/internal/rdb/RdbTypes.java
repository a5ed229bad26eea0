package dev.emredis.internal.rdb;

/** The RDB object type bytes of rdb.h (RDB version 10, Redis 7.0). */
public final class RdbTypes {
    private RdbTypes() {}

    public static final int VERSION = 10;

    public static final int STRING = 0;
    public static final int LIST = 1;
    public static final int SET = 2;
    public static final int ZSET = 3;
    public static final int HASH = 4;
    public static final int ZSET_2 = 5;
    public static final int MODULE = 6;
    public static final int MODULE_2 = 7;
    public static final int HASH_ZIPMAP = 9;
    public static final int LIST_ZIPLIST = 10;
    public static final int SET_INTSET = 11;
    public static final int ZSET_ZIPLIST = 12;
    public static final int HASH_ZIPLIST = 13;
    public static final int LIST_QUICKLIST = 14;
    public static final int STREAM_LISTPACKS = 15;
    public static final int HASH_LISTPACK = 16;
    public static final int ZSET_LISTPACK = 17;
    public static final int LIST_QUICKLIST_2 = 18;
    public static final int STREAM_LISTPACKS_2 = 19;

    /** Quicklist node containers. */
    public static final int CONTAINER_PLAIN = 1;
    public static final int CONTAINER_PACKED = 2;
}
