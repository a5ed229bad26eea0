package dev.emredis.internal.keyspace;

import dev.emredis.internal.util.Num;

/**
 * A string value. Encoding follows Redis: a value set from a command argument (SET, MSET, GETSET,
 * APPEND on a new key...) goes through tryObjectEncoding: int for canonical int64 text, embstr up
 * to 44 bytes, else raw. Values Redis builds with createStringObject (INCRBYFLOAT's result) are
 * never int: embstr up to 44 bytes, else raw. Values modified in place (APPEND, SETRANGE) are raw.
 */
public final class RedisString extends RedisObject {
    /** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
    public static final int EMBSTR_LIMIT = 44;

    private byte[] value;
    /** Set when the value was modified in place (APPEND, SETRANGE...): Redis keeps those raw. */
    private boolean raw;
    /** Set for createStringObject results: never int-encoded. */
    private boolean noInt;

    public RedisString(byte[] value) {
        this.value = value;
    }

    /** A string that Redis would hold as a raw (modifiable) sds. */
    public static RedisString raw(byte[] value) {
        RedisString s = new RedisString(value);
        s.raw = true;
        return s;
    }

    /** A string as Redis's createStringObject makes it (e.g. INCRBYFLOAT's result): embstr or raw, never int. */
    public static RedisString created(byte[] value) {
        RedisString s = new RedisString(value);
        s.noInt = true;
        return s;
    }

    public byte[] value() {
        return value;
    }

    public void value(byte[] v, boolean inPlace) {
        this.value = v;
        this.raw = inPlace;
    }

    @Override
    public String type() {
        return "string";
    }

    @Override
    public String encoding() {
        if (raw) return "raw";
        if (!noInt && value.length <= 20 && Num.isLong(value)) return "int";
        return value.length <= EMBSTR_LIMIT ? "embstr" : "raw";
    }

    @Override
    public RedisObject copy() {
        RedisString s = new RedisString(value.clone());
        s.raw = raw;
        s.noInt = noInt;
        return s;
    }
}
