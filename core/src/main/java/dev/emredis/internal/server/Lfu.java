package dev.emredis.internal.server;

import dev.emredis.internal.keyspace.RedisObject;

/**
 * Redis's LFU counter: an 8-bit logarithmic (Morris) counter that grows with probability
 * 1/((counter - 5) * lfu-log-factor + 1) on each access and loses one per lfu-decay-time minutes
 * without access. The minute of the last decrement-and-increment is kept, as Redis keeps it in the
 * object's 16-bit ldt field, in {@link RedisObject#lastAccess} (ms on the virtual clock).
 */
public final class Lfu {
    private Lfu() {}

    private static long minutes(long millis) {
        return (millis / 60_000) & 65535;
    }

    /** LFUDecrAndReturn: the counter after the decay due since the last access (not stored). */
    public static int decayed(Server s, RedisObject o) {
        long decayTime = s.config().getLong("lfu-decay-time");
        if (decayTime == 0) return o.lfuCounter;
        long now = minutes(s.clock().millis());
        long ldt = minutes(o.lastAccess);
        long elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
        long periods = elapsed / decayTime;
        return periods > o.lfuCounter ? 0 : (int) (o.lfuCounter - periods);
    }

    /** updateLFU: decay, then a logarithmic increment, stamped with the current minute. */
    public static void access(Server s, RedisObject o) {
        int counter = decayed(s, o);
        if (counter < 255) {
            double r = s.random().nextDouble();
            int base = Math.max(0, counter - Eviction.LFU_INIT);
            double p = 1.0 / (base * s.config().getLong("lfu-log-factor") + 1);
            if (r < p) counter++;
        }
        o.lfuCounter = counter;
        o.lastAccess = s.clock().millis();
    }
}
