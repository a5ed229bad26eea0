package dev.emredis.internal.server;

/**
 * Declares every configuration parameter with Redis 7.0's default. Parameters whose value changes
 * behaviour wire their effect through {@code onChange}.
 */
final class ConfigParams {
    private ConfigParams() {}

    static void declare(Config c, Server s) {
        c.define("databases", "16").immutable();
        c.define("maxclients", "10000");
        c.define("proto-max-bulk-len", "536870912");
        c.define("client-query-buffer-limit", "1073741824");
        c.define("notify-keyspace-events", "")
                .normalizer(v -> {
                    int f = dev.emredis.internal.keyspace.Notifications.parse(v);
                    if (f < 0) throw new IllegalArgumentException("Invalid event class character. Use 'Ag$lshzxeKEtmd'.");
                    return dev.emredis.internal.keyspace.Notifications.format(f);
                })
                .onChange(() -> s.notifications().flags(
                        dev.emredis.internal.keyspace.Notifications.parse(c.get("notify-keyspace-events"))));
        c.define("requirepass", "");
        c.define("hz", "10");
        c.define("port", "6379").immutable();
        c.define("bind", "* -::*");
        c.define("busy-reply-threshold", "5000");
        c.alias("busy-reply-threshold", "lua-time-limit");
    }
}
