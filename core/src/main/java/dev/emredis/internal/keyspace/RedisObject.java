package dev.emredis.internal.keyspace;

/** A value stored under a key. Subclasses are the Redis types; they know their TYPE and encoding. */
public abstract class RedisObject {
    /** Last access on the virtual clock in ms (OBJECT IDLETIME, LRU eviction). */
    public long lastAccess;
    /** Morris counter for LFU (OBJECT FREQ). */
    public int lfuCounter = 5;
    /** The size used_memory counts for this value, while memory is tracked (MemoryTracker). */
    public long countedMemory;

    /** TYPE's answer: string, list, set, zset, hash, stream. */
    public abstract String type();

    /** OBJECT ENCODING's answer, as Redis would report it for this content. */
    public abstract String encoding();

    /**
     * MEMORY USAGE's estimate of this value in bytes, robj header included, looking at up to
     * {@code samples} elements of aggregates (Long.MAX_VALUE: all). Types override with Redis's sizes.
     */
    public long memoryUsage(long samples) {
        return 16;
    }

    /** A deep copy, for COPY. */
    public abstract RedisObject copy();
}
