package dev.emredis.internal.command;

/** Command flags as bits, named as COMMAND INFO names them. */
public final class CommandFlags {
    private CommandFlags() {}

    public static final long WRITE = 1L;
    public static final long READONLY = 1L << 1;
    public static final long DENYOOM = 1L << 2;
    public static final long MODULE = 1L << 3;
    public static final long ADMIN = 1L << 4;
    public static final long PUBSUB = 1L << 5;
    public static final long NOSCRIPT = 1L << 6;
    public static final long BLOCKING = 1L << 7;
    public static final long LOADING = 1L << 8;
    public static final long STALE = 1L << 9;
    public static final long SKIP_MONITOR = 1L << 10;
    public static final long SKIP_SLOWLOG = 1L << 11;
    public static final long ASKING = 1L << 12;
    public static final long FAST = 1L << 13;
    public static final long NO_AUTH = 1L << 14;
    public static final long MAY_REPLICATE = 1L << 15;
    public static final long NO_MANDATORY_KEYS = 1L << 16;
    public static final long NO_ASYNC_LOADING = 1L << 17;
    public static final long NO_MULTI = 1L << 18;
    public static final long MOVABLE_KEYS = 1L << 19;
    public static final long ALLOW_BUSY = 1L << 20;
    public static final long PROTECTED = 1L << 21;

    public static long parse(String name) {
        switch (name) {
            case "write": return WRITE;
            case "readonly": return READONLY;
            case "denyoom": return DENYOOM;
            case "module": return MODULE;
            case "admin": return ADMIN;
            case "pubsub": return PUBSUB;
            case "noscript": return NOSCRIPT;
            case "blocking": return BLOCKING;
            case "loading": return LOADING;
            case "stale": return STALE;
            case "skip_monitor": return SKIP_MONITOR;
            case "skip_slowlog": return SKIP_SLOWLOG;
            case "asking": return ASKING;
            case "fast": return FAST;
            case "no_auth": return NO_AUTH;
            case "may_replicate": return MAY_REPLICATE;
            case "no_mandatory_keys": return NO_MANDATORY_KEYS;
            case "no_async_loading": return NO_ASYNC_LOADING;
            case "no_multi": return NO_MULTI;
            case "movablekeys": return MOVABLE_KEYS;
            case "allow_busy": return ALLOW_BUSY;
            case "protected": return PROTECTED;
            default: return 0;
        }
    }
}
