package dev.emredis.internal.rdb;

/** A payload that cannot be loaded (RESTORE answers "Bad data format"). */
public final class RdbFormatException extends RuntimeException {
    public RdbFormatException(String why) {
        super(why, null, false, false);
    }
}
