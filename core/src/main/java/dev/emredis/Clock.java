package dev.emredis;

import java.time.Duration;
import java.time.Instant;

/**
 * The emulator's virtual clock. It drives TTLs, TIME, OBJECT IDLETIME, stream IDs and blocking
 * timeouts. It follows system time until told otherwise: {@link #advance} and {@link #set} shift it
 * (it keeps ticking from the new point), {@link #freeze} stops it. Moving it forward fires active
 * expiry before the call returns, so expired keys are gone and their {@code expired} events sent.
 */
public final class Clock {
    private final Object lock = new Object();
    private long offsetMicros;
    private long frozenMicros = -1;
    private volatile Runnable onChange = () -> { };

    /** Current time in milliseconds since the epoch, as the server sees it. */
    public long millis() {
        return micros() / 1000;
    }

    /** Current time in microseconds since the epoch, as the server sees it. */
    public long micros() {
        synchronized (lock) {
            if (frozenMicros >= 0) return frozenMicros;
            return systemMicros() + offsetMicros;
        }
    }

    /** Current time as an {@link Instant}. */
    public Instant instant() {
        long us = micros();
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000), Math.floorMod(us, 1_000_000) * 1000L);
    }

    /** Moves time forward (or back, with a negative duration) and runs what became due. */
    public Clock advance(Duration d) {
        long us = d.toNanos() / 1000;
        synchronized (lock) {
            if (frozenMicros >= 0) frozenMicros += us;
            else offsetMicros += us;
        }
        onChange.run();
        return this;
    }

    /** Jumps to the given instant and runs what became due. */
    public Clock set(Instant t) {
        long target = t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
        synchronized (lock) {
            if (frozenMicros >= 0) frozenMicros = target;
            else offsetMicros = target - systemMicros();
        }
        onChange.run();
        return this;
    }

    /** Stops time at its current value until {@link #unfreeze()} or {@link #useSystemTime()}. */
    public Clock freeze() {
        synchronized (lock) {
            if (frozenMicros < 0) frozenMicros = systemMicros() + offsetMicros;
        }
        return this;
    }

    /** Lets time tick again from where it was frozen. */
    public Clock unfreeze() {
        synchronized (lock) {
            if (frozenMicros >= 0) {
                offsetMicros = frozenMicros - systemMicros();
                frozenMicros = -1;
            }
        }
        return this;
    }

    /** Back to plain system time: no offset, not frozen. */
    public Clock useSystemTime() {
        synchronized (lock) {
            offsetMicros = 0;
            frozenMicros = -1;
        }
        onChange.run();
        return this;
    }

    /** Whether the clock differs from system time (shifted or frozen). */
    public boolean isVirtual() {
        synchronized (lock) {
            return frozenMicros >= 0 || offsetMicros != 0;
        }
    }

    /**
     * Internal: a server's hook that runs expiry and timers when time jumps. Hooks add up: the
     * nodes of a {@link RedisCluster} share one clock.
     */
    synchronized void onChange(Runnable r) {
        Runnable prev = onChange;
        onChange = () -> {
            prev.run();
            r.run();
        };
    }

    private static long systemMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
