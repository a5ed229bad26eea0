package dev.emredis.internal.resp;

/**
 * Where a command writes its reply. The socket implementation encodes RESP2 or RESP3 as the
 * connection negotiated; scripts get an implementation that builds values instead of bytes.
 * Aggregates are written as a header followed by exactly that many elements (maps: 2 per entry).
 */
public interface ReplySink {
    /** 2 or 3: the protocol the reply is encoded in (scripts see what they asked for). */
    int protocol();

    void simple(String s);

    /** A complete error line, code included: {@code "ERR syntax error"}. */
    void error(String fullMessage);

    void integer(long v);

    void bulk(byte[] b);

    void bulk(byte[] b, int off, int len);

    default void bulk(String s) {
        bulk(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** RESP2 {@code $-1}, RESP3 {@code _}. */
    void nullBulk();

    /** RESP2 {@code *-1}, RESP3 {@code _}. */
    void nullArray();

    void array(int n);

    /** RESP3 map of n pairs; RESP2 flat array of 2n. */
    void map(int n);

    /** RESP3 set; RESP2 array. */
    void set(int n);

    /** RESP3 push; RESP2 array. */
    void push(int n);

    /** RESP3 double; RESP2 bulk string formatted as Redis's %.17g. */
    void dbl(double d);

    /** RESP3 boolean; RESP2 integer 1/0. */
    void bool(boolean b);

    /** RESP3 verbatim string; RESP2 bulk string of the text alone. */
    void verbatim(String format, byte[] text);

    /** RESP3 big number; RESP2 bulk string. */
    void bigNumber(String digits);

    /** Bytes already encoded for the current protocol (shared constant replies). */
    void raw(byte[] encoded);
}
