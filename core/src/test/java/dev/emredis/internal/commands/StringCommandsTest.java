package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.RedisList;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.server.ServerListener;
import dev.emredis.testing.EmulatorTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StringCommandsTest extends EmulatorTest {
    private static final String NIL = "$-1\r\n";
    private static final String OK = "+OK\r\n";
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private static final String SYNTAX = "-ERR syntax error\r\n";

    /** Keyspace events as "event key", recorded whatever notify-keyspace-events says. */
    private final List<String> events = new ArrayList<>();

    @BeforeAll
    void listen() {
        server().addListener(new ServerListener() {
            @Override
            public void keyspaceEvent(int type, String event, byte[] key, int dbid) {
                // the classes 'A' covers; "new" and "keymiss" are asserted elsewhere
                if ((type & dev.emredis.internal.keyspace.Notifications.ALL) == 0) return;
                synchronized (events) {
                    events.add(event + " " + new String(key, StandardCharsets.ISO_8859_1));
                }
            }
        });
    }

    @BeforeEach
    void freezeClock() {
        redis.clock().freeze().set(Instant.parse("2030-01-01T00:00:00Z"));
        clearEvents();
    }

    private Server server() {
        return redis.internalServer();
    }

    private <T> T onLoop(Callable<T> task) {
        return server().loop().call(task);
    }

    private Database db() {
        return server().db(0);
    }

    private void putOther(String key) {
        onLoop(() -> {
            db().put(key.getBytes(StandardCharsets.UTF_8), new RedisList());
            return null;
        });
        clearEvents();
    }

    private String encoding(String key) {
        return onLoop(() -> db().peek(key.getBytes(StandardCharsets.UTF_8)).encoding());
    }

    private long expireAt(String key) {
        return onLoop(() -> db().expireAt(key.getBytes(StandardCharsets.UTF_8)));
    }

    private long now() {
        return redis.clock().millis();
    }

    private List<String> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    private void clearEvents() {
        synchronized (events) {
            events.clear();
        }
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    private static String integer(long v) {
        return ":" + v + "\r\n";
    }

    // --- GET / SET ---

    @Test
    void getAndSet() {
        assertThat(c.call("GET", "k")).isEqualTo(NIL);
        assertThat(c.call("SET", "k", "hello world")).isEqualTo(OK);
        assertThat(c.call("GET", "k")).isEqualTo(bulk("hello world"));
        assertThat(c.call("SET", "e", "")).isEqualTo(OK);
        assertThat(c.call("GET", "e")).isEqualTo("$0\r\n\r\n");
        byte[] bin = {0, (byte) 0xff, '\r', '\n'};
        assertThat(c.callBytes("SET".getBytes(), "b".getBytes(), bin)).isEqualTo(OK);
        assertThat(c.call("GET", "b")).isEqualTo("$4\r\n\u0000\u00ff\r\n\r\n");
        assertThat(events()).containsExactly("set k", "set e", "set b");
    }

    @Test
    void setNxXxAndGet() {
        assertThat(c.call("SET", "k", "v", "XX")).isEqualTo(NIL);
        assertThat(c.call("SET", "k", "v", "NX")).isEqualTo(OK);
        assertThat(c.call("SET", "k", "w", "nx")).isEqualTo(NIL);
        assertThat(c.call("SET", "k", "w", "XX")).isEqualTo(OK);
        assertThat(c.call("SET", "k", "x", "GET")).isEqualTo(bulk("w"));
        assertThat(c.call("SET", "k", "y", "NX", "GET")).isEqualTo(bulk("x"));
        assertThat(c.call("GET", "k")).isEqualTo(bulk("x"));
        assertThat(c.call("SET", "n", "v", "XX", "GET")).isEqualTo(NIL);
        assertThat(c.call("GET", "n")).isEqualTo(NIL);
        assertThat(c.call("SET", "n", "v", "GET", "GET")).isEqualTo(NIL);
        assertThat(c.call("GET", "n")).isEqualTo(bulk("v"));
        assertThat(c.call("SET", "k", "v", "NX", "XX")).isEqualTo(SYNTAX);
        assertThat(c.call("SET", "k", "v", "XX", "NX")).isEqualTo(SYNTAX);
        assertThat(events()).containsExactly("set k", "set k", "set k", "set n");
    }

    @Test
    void setOptionConflictsAreSyntaxErrors() {
        for (String[] opts : new String[][] {
            {"EX"}, {"PX"}, {"EXAT"}, {"PXAT"}, {"EX", "10", "PX", "10"}, {"PX", "10", "EXAT", "10"},
            {"EXAT", "10", "PXAT", "10"}, {"EX", "10", "KEEPTTL"}, {"KEEPTTL", "PX", "10"}, {"PERSIST"},
            {"FOO"}, {"EX", "10", "BAR"}, {"NXX"}
        }) {
            String[] argv = new String[3 + opts.length];
            argv[0] = "SET";
            argv[1] = "k";
            argv[2] = "v";
            System.arraycopy(opts, 0, argv, 3, opts.length);
            assertThat(c.call(argv)).as(String.join(" ", opts)).isEqualTo(SYNTAX);
        }
        // repeated options are fine; the last expire value wins
        assertThat(c.call("SET", "k", "v", "EX", "10", "EX", "20")).isEqualTo(OK);
        assertThat(expireAt("k")).isEqualTo(now() + 20_000);
        assertThat(c.call("SET", "k", "v", "KEEPTTL", "KEEPTTL")).isEqualTo(OK);
        assertThat(expireAt("k")).isEqualTo(now() + 20_000);
    }

    @Test
    void setInvalidExpireTimes() {
        String err = "-ERR invalid expire time in 'set' command\r\n";
        assertThat(c.call("SET", "k", "v", "EX", "0")).isEqualTo(err);
        assertThat(c.call("SET", "k", "v", "PX", "-1")).isEqualTo(err);
        assertThat(c.call("SET", "k", "v", "EXAT", "0")).isEqualTo(err);
        assertThat(c.call("SET", "k", "v", "EX", "9223372036854776")).isEqualTo(err);
        assertThat(c.call("SET", "k", "v", "PX", "9223372036854775807")).isEqualTo(err);
        assertThat(c.call("SET", "k", "v", "EX", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        // checked before GET and NX
        assertThat(c.call("SET", "k", "v", "GET", "EX", "0")).isEqualTo(err);
        assertThat(c.call("SETEX", "k", "0", "v")).isEqualTo("-ERR invalid expire time in 'setex' command\r\n");
        assertThat(c.call("PSETEX", "k", "-5", "v")).isEqualTo("-ERR invalid expire time in 'psetex' command\r\n");
        assertThat(c.call("GET", "k")).isEqualTo(NIL);
        assertThat(events()).isEmpty();
    }

    @Test
    void setExpireOptionsUseTheVirtualClock() {
        long t0 = now();
        assertThat(c.call("SET", "k", "v", "EX", "10")).isEqualTo(OK);
        assertThat(expireAt("k")).isEqualTo(t0 + 10_000);
        assertThat(c.call("SET", "k", "v", "PX", "1500")).isEqualTo(OK);
        assertThat(expireAt("k")).isEqualTo(t0 + 1500);
        assertThat(c.call("SET", "k", "v", "EXAT", Long.toString(t0 / 1000 + 3))).isEqualTo(OK);
        assertThat(expireAt("k")).isEqualTo(t0 + 3000);
        assertThat(c.call("SET", "k", "v", "PXAT", Long.toString(t0 + 2500))).isEqualTo(OK);
        assertThat(expireAt("k")).isEqualTo(t0 + 2500);
        assertThat(events()).containsExactly("set k", "expire k", "set k", "expire k", "set k", "expire k", "set k", "expire k");
        // Redis's keyIsExpired: a key expires once now > its time, so it is still there at the deadline
        redis.clock().advance(Duration.ofMillis(2500));
        assertThat(c.call("GET", "k")).isEqualTo(bulk("v"));
        redis.clock().advance(Duration.ofMillis(1));
        assertThat(c.call("GET", "k")).isEqualTo(NIL);
        assertThat(events()).endsWith("expired k");
    }

    @Test
    void setDropsTtlUnlessKeepttl() {
        c.call("SET", "k", "v", "EX", "100");
        assertThat(c.call("SET", "k", "v2", "KEEPTTL")).isEqualTo(OK);
        assertThat(expireAt("k")).isEqualTo(now() + 100_000);
        assertThat(c.call("SET", "k", "v3", "KEEPTTL", "GET")).isEqualTo(bulk("v2"));
        assertThat(expireAt("k")).isEqualTo(now() + 100_000);
        assertThat(c.call("SET", "k", "v4")).isEqualTo(OK);
        assertThat(expireAt("k")).isEqualTo(-1);
        // a failed NX leaves the TTL alone
        c.call("SETEX", "k", "50", "v");
        assertThat(c.call("SET", "k", "x", "NX")).isEqualTo(NIL);
        assertThat(c.call("SETNX", "k", "x")).isEqualTo(":0\r\n");
        assertThat(expireAt("k")).isEqualTo(now() + 50_000);
        assertThat(c.call("GETSET", "k", "y")).isEqualTo(bulk("v"));
        assertThat(expireAt("k")).isEqualTo(-1);
        c.call("SETEX", "k", "50", "v");
        c.call("MSET", "k", "z");
        assertThat(expireAt("k")).isEqualTo(-1);
    }

    @Test
    void wrongType() {
        putOther("l");
        assertThat(c.call("GET", "l")).isEqualTo(WRONGTYPE);
        assertThat(c.call("SET", "l", "v", "GET")).isEqualTo(WRONGTYPE);
        assertThat(c.call("SET", "l", "v", "NX", "GET")).isEqualTo(WRONGTYPE);
        assertThat(c.call("GETSET", "l", "v")).isEqualTo(WRONGTYPE);
        assertThat(c.call("GETDEL", "l")).isEqualTo(WRONGTYPE);
        assertThat(c.call("GETEX", "l", "EX", "0")).isEqualTo(WRONGTYPE);
        assertThat(c.call("APPEND", "l", "x")).isEqualTo(WRONGTYPE);
        assertThat(c.call("STRLEN", "l")).isEqualTo(WRONGTYPE);
        assertThat(c.call("GETRANGE", "l", "0", "-1")).isEqualTo(WRONGTYPE);
        assertThat(c.call("SETRANGE", "l", "0", "")).isEqualTo(WRONGTYPE);
        assertThat(c.call("INCR", "l")).isEqualTo(WRONGTYPE);
        assertThat(c.call("DECRBY", "l", "3")).isEqualTo(WRONGTYPE);
        assertThat(c.call("INCRBYFLOAT", "l", "x")).isEqualTo(WRONGTYPE);
        assertThat(c.call("MGET", "l", "nope")).isEqualTo("*2\r\n$-1\r\n$-1\r\n");
        assertThat(c.call("MSETNX", "l", "v")).isEqualTo(":0\r\n");
        assertThat(c.call("LCS", "l", "x", "FOO")).isEqualTo("-ERR The specified keys must contain string values\r\n");
        assertThat(encoding("l")).isEqualTo("quicklist");
        assertThat(events()).isEmpty();
        // plain SET and MSET overwrite another type
        assertThat(c.call("SET", "l", "v")).isEqualTo(OK);
        assertThat(c.call("GET", "l")).isEqualTo(bulk("v"));
    }

    // --- SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX ---

    @Test
    void setVariants() {
        assertThat(c.call("SETNX", "k", "1")).isEqualTo(":1\r\n");
        assertThat(c.call("SETNX", "k", "2")).isEqualTo(":0\r\n");
        assertThat(c.call("SETEX", "k", "10", "3")).isEqualTo(OK);
        assertThat(expireAt("k")).isEqualTo(now() + 10_000);
        assertThat(c.call("PSETEX", "k", "10", "4")).isEqualTo(OK);
        assertThat(expireAt("k")).isEqualTo(now() + 10);
        assertThat(c.call("GET", "k")).isEqualTo(bulk("4"));
        redis.clock().advance(Duration.ofMillis(11)); // past the deadline: now > when
        assertThat(c.call("GET", "k")).isEqualTo(NIL);
        assertThat(c.call("GETSET", "k", "5")).isEqualTo(NIL);
        assertThat(c.call("GETDEL", "k")).isEqualTo(bulk("5"));
        assertThat(c.call("GETDEL", "k")).isEqualTo(NIL);
        assertThat(events()).containsExactly(
                "set k", "set k", "expire k", "set k", "expire k", "expired k", "set k", "del k");
    }

    @Test
    void getex() {
        assertThat(c.call("GETEX", "k", "EX", "0")).isEqualTo(NIL); // expire checked only for an existing key
        assertThat(c.call("GETEX", "k", "FOO")).isEqualTo(SYNTAX);
        c.call("SET", "k", "v");
        clearEvents();
        assertThat(c.call("GETEX", "k")).isEqualTo(bulk("v"));
        assertThat(expireAt("k")).isEqualTo(-1);
        assertThat(c.call("GETEX", "k", "EX", "100")).isEqualTo(bulk("v"));
        assertThat(expireAt("k")).isEqualTo(now() + 100_000);
        assertThat(c.call("GETEX", "k", "PX", "100")).isEqualTo(bulk("v"));
        assertThat(expireAt("k")).isEqualTo(now() + 100);
        assertThat(c.call("GETEX", "k", "EXAT", Long.toString(now() / 1000 + 7))).isEqualTo(bulk("v"));
        assertThat(expireAt("k")).isEqualTo(now() + 7000);
        assertThat(c.call("GETEX", "k", "PXAT", Long.toString(now() + 5))).isEqualTo(bulk("v"));
        assertThat(expireAt("k")).isEqualTo(now() + 5);
        assertThat(c.call("GETEX", "k", "PERSIST")).isEqualTo(bulk("v"));
        assertThat(expireAt("k")).isEqualTo(-1);
        assertThat(c.call("GETEX", "k", "PERSIST")).isEqualTo(bulk("v"));
        assertThat(c.call("GETEX", "k", "EX", "0")).isEqualTo("-ERR invalid expire time in 'getex' command\r\n");
        assertThat(c.call("GETEX", "k", "EX", "1", "PERSIST")).isEqualTo(SYNTAX);
        assertThat(c.call("GETEX", "k", "PERSIST", "PX", "1")).isEqualTo(SYNTAX);
        assertThat(c.call("GETEX", "k", "KEEPTTL")).isEqualTo(SYNTAX);
        assertThat(c.call("GETEX", "k", "GET")).isEqualTo(SYNTAX);
        assertThat(events()).containsExactly("expire k", "expire k", "expire k", "expire k", "persist k");
        clearEvents();
        // an absolute time not in the future deletes the key after replying
        assertThat(c.call("GETEX", "k", "PXAT", Long.toString(now()))).isEqualTo(bulk("v"));
        assertThat(c.call("GET", "k")).isEqualTo(NIL);
        assertThat(events()).containsExactly("del k");
    }

    // --- MGET / MSET / MSETNX ---

    @Test
    void multiKey() {
        assertThat(c.call("MSET", "a", "1", "b", "2")).isEqualTo(OK);
        assertThat(c.call("MGET", "a", "b", "c")).isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n");
        assertThat(c.call("MSET", "a", "1", "b")).isEqualTo("-ERR wrong number of arguments for 'mset' command\r\n");
        assertThat(c.call("MSETNX", "a", "1", "b")).isEqualTo("-ERR wrong number of arguments for 'msetnx' command\r\n");
        assertThat(c.call("MSETNX", "c", "3", "a", "x")).isEqualTo(":0\r\n");
        assertThat(c.call("GET", "c")).isEqualTo(NIL);
        assertThat(c.call("MSETNX", "c", "3", "d", "4")).isEqualTo(":1\r\n");
        assertThat(c.call("MSET", "x", "1", "x", "2")).isEqualTo(OK);
        assertThat(c.call("GET", "x")).isEqualTo(bulk("2"));
        assertThat(events()).containsExactly("set a", "set b", "set c", "set d", "set x", "set x");
    }

    // --- APPEND / STRLEN / ranges ---

    @Test
    void appendAndStrlen() {
        assertThat(c.call("STRLEN", "k")).isEqualTo(":0\r\n");
        assertThat(c.call("APPEND", "k", "123")).isEqualTo(":3\r\n");
        assertThat(encoding("k")).isEqualTo("int");
        assertThat(c.call("APPEND", "k", "45")).isEqualTo(":5\r\n");
        assertThat(encoding("k")).isEqualTo("raw");
        assertThat(c.call("GET", "k")).isEqualTo(bulk("12345"));
        assertThat(c.call("STRLEN", "k")).isEqualTo(":5\r\n");
        assertThat(c.call("APPEND", "e", "")).isEqualTo(":0\r\n");
        assertThat(c.call("GET", "e")).isEqualTo("$0\r\n\r\n");
        c.call("SETEX", "t", "100", "a");
        clearEvents();
        assertThat(c.call("APPEND", "t", "b")).isEqualTo(":2\r\n");
        assertThat(expireAt("t")).isEqualTo(now() + 100_000);
        assertThat(events()).containsExactly("append t");
    }

    @Test
    void appendAndSetrangeRespectProtoMaxBulkLen() {
        String old = server().config().get("proto-max-bulk-len");
        try {
            server().config().set("proto-max-bulk-len", "1048576");
            String err = "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n";
            assertThat(c.call("SETRANGE", "k", "1048576", "x")).isEqualTo(err);
            assertThat(c.call("SETRANGE", "k", "1048575", "x")).isEqualTo(":1048576\r\n");
            assertThat(c.call("APPEND", "k", "y")).isEqualTo(err);
            assertThat(c.call("APPEND", "k", "")).isEqualTo(":1048576\r\n");
            assertThat(c.call("SETRANGE", "k", "9223372036854775807", "x")).isEqualTo(err);
            assertThat(c.call("SETRANGE", "k", "9223372036854775807", "")).isEqualTo(":1048576\r\n");
            // LCS refuses a table bigger than the limit
            c.call("SET", "a", "x".repeat(600));
            c.call("SET", "b", "x".repeat(600));
            assertThat(c.call("LCS", "a", "b", "LEN"))
                    .isEqualTo("-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n");
        } finally {
            server().config().set("proto-max-bulk-len", old);
        }
    }

    @Test
    void getrange() {
        c.call("SET", "s", "Hello World");
        assertThat(c.call("GETRANGE", "s", "0", "4")).isEqualTo(bulk("Hello"));
        assertThat(c.call("GETRANGE", "s", "-5", "-1")).isEqualTo(bulk("World"));
        assertThat(c.call("GETRANGE", "s", "-3", "-5")).isEqualTo("$0\r\n\r\n");
        assertThat(c.call("GETRANGE", "s", "-100", "2")).isEqualTo(bulk("Hel"));
        assertThat(c.call("GETRANGE", "s", "5", "3")).isEqualTo("$0\r\n\r\n");
        assertThat(c.call("GETRANGE", "s", "3", "-100")).isEqualTo("$0\r\n\r\n");
        assertThat(c.call("GETRANGE", "s", "9", "100")).isEqualTo(bulk("ld"));
        assertThat(c.call("GETRANGE", "s", "-9223372036854775808", "9223372036854775807")).isEqualTo(bulk("Hello World"));
        assertThat(c.call("SUBSTR", "s", "6", "-1")).isEqualTo(bulk("World"));
        assertThat(c.call("GETRANGE", "missing", "0", "-1")).isEqualTo("$0\r\n\r\n");
        assertThat(c.call("GETRANGE", "missing", "x", "-1")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        c.call("SET", "n", "-12345");
        assertThat(c.call("GETRANGE", "n", "1", "2")).isEqualTo(bulk("12"));
        c.call("SET", "e", "");
        assertThat(c.call("GETRANGE", "e", "0", "-1")).isEqualTo("$0\r\n\r\n");
    }

    @Test
    void setrange() {
        assertThat(c.call("SETRANGE", "k", "3", "ab")).isEqualTo(":5\r\n");
        assertThat(c.call("GET", "k")).isEqualTo("$5\r\n\u0000\u0000\u0000ab\r\n");
        assertThat(encoding("k")).isEqualTo("raw");
        assertThat(c.call("SETRANGE", "k", "0", "xyz")).isEqualTo(":5\r\n");
        assertThat(c.call("GET", "k")).isEqualTo(bulk("xyzab"));
        assertThat(c.call("SETRANGE", "k", "1", "")).isEqualTo(":5\r\n");
        assertThat(c.call("SETRANGE", "none", "10", "")).isEqualTo(":0\r\n");
        assertThat(c.call("GET", "none")).isEqualTo(NIL);
        assertThat(c.call("SETRANGE", "k", "-1", "x")).isEqualTo("-ERR offset is out of range\r\n");
        assertThat(c.call("SETRANGE", "k", "x", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        c.call("SET", "i", "5");
        assertThat(c.call("SETRANGE", "i", "0", "")).isEqualTo(":1\r\n");
        assertThat(encoding("i")).isEqualTo("int");
        c.call("SETEX", "t", "100", "aaaa");
        assertThat(c.call("SETRANGE", "t", "2", "bbbb")).isEqualTo(":6\r\n");
        assertThat(c.call("GET", "t")).isEqualTo(bulk("aabbbb"));
        assertThat(expireAt("t")).isEqualTo(now() + 100_000);
        assertThat(events()).containsExactly("setrange k", "setrange k", "set i", "set t", "expire t", "setrange t");
    }

    // --- counters ---

    @Test
    void counters() {
        assertThat(c.call("INCR", "c")).isEqualTo(":1\r\n");
        assertThat(c.call("INCRBY", "c", "10")).isEqualTo(":11\r\n");
        assertThat(c.call("DECR", "c")).isEqualTo(":10\r\n");
        assertThat(c.call("DECRBY", "c", "-5")).isEqualTo(":15\r\n");
        assertThat(encoding("c")).isEqualTo("int");
        assertThat(c.call("GET", "c")).isEqualTo(bulk("15"));
        assertThat(c.call("INCRBY", "c", "1.5")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(c.call("DECRBY", "c", "-9223372036854775808")).isEqualTo("-ERR decrement would overflow\r\n");
        c.call("SET", "m", "9223372036854775807");
        assertThat(c.call("INCR", "m")).isEqualTo("-ERR increment or decrement would overflow\r\n");
        c.call("SET", "m", "-9223372036854775808");
        assertThat(c.call("DECR", "m")).isEqualTo("-ERR increment or decrement would overflow\r\n");
        assertThat(c.call("INCRBY", "m", "9223372036854775807")).isEqualTo(":-1\r\n");
        for (String bad : new String[] {" 1", "1 ", "01", "+1", "1.0", "", "abc", "99999999999999999999"}) {
            c.call("SET", "s", bad);
            assertThat(c.call("INCR", "s")).as(bad).isEqualTo("-ERR value is not an integer or out of range\r\n");
        }
        c.call("SETEX", "t", "100", "1");
        assertThat(c.call("INCR", "t")).isEqualTo(":2\r\n");
        assertThat(expireAt("t")).isEqualTo(now() + 100_000);
        clearEvents();
        c.call("DECRBY", "t", "2");
        assertThat(events()).containsExactly("incrby t");
    }

    @Test
    void incrbyfloat() {
        c.call("SET", "f", "10.5");
        assertThat(c.call("INCRBYFLOAT", "f", "0.1")).isEqualTo(bulk("10.6"));
        assertThat(c.call("INCRBYFLOAT", "f", "-5")).isEqualTo(bulk("5.6"));
        assertThat(c.call("INCRBYFLOAT", "f", "1e3")).isEqualTo(bulk("1005.59999999999999998"));
        assertThat(c.call("INCRBYFLOAT", "g", "0.1")).isEqualTo(bulk("0.1"));
        assertThat(c.call("INCRBYFLOAT", "g", "0.2")).isEqualTo(bulk("0.3"));
        assertThat(c.call("INCRBYFLOAT", "g", "-0.3")).isEqualTo(bulk("0"));
        assertThat(c.call("INCRBYFLOAT", "g", "0x10")).isEqualTo(bulk("16"));
        assertThat(encoding("g")).isEqualTo("embstr");
        c.call("SET", "h", "123456789.123456789");
        assertThat(c.call("INCRBYFLOAT", "h", "987654321.987654321")).isEqualTo(bulk("1111111111.11111110995989293"));
        c.call("SET", "h", "1e30");
        assertThat(c.call("INCRBYFLOAT", "h", "1")).isEqualTo(bulk("1000000000000000000024696061952"));
        c.call("SET", "h", "1");
        assertThat(c.call("INCRBYFLOAT", "h", "0.000003814697265625")).isEqualTo(bulk("1.00000381469726562"));
        String nanInf = "-ERR increment would produce NaN or Infinity\r\n";
        String notFloat = "-ERR value is not a valid float\r\n";
        assertThat(c.call("INCRBYFLOAT", "h", "inf")).isEqualTo(nanInf);
        assertThat(c.call("INCRBYFLOAT", "h", "nan")).isEqualTo(notFloat);
        assertThat(c.call("INCRBYFLOAT", "h", "1e5000")).isEqualTo(notFloat);
        assertThat(c.call("INCRBYFLOAT", "h", " 1")).isEqualTo(notFloat);
        c.call("SET", "h", "1e4932");
        assertThat(c.call("INCRBYFLOAT", "h", "1e4932")).isEqualTo(nanInf);
        c.call("SET", "h", "abc");
        assertThat(c.call("INCRBYFLOAT", "h", "1")).isEqualTo(notFloat);
        c.call("SETEX", "t", "100", "1.5");
        clearEvents();
        assertThat(c.call("INCRBYFLOAT", "t", "1")).isEqualTo(bulk("2.5"));
        assertThat(expireAt("t")).isEqualTo(now() + 100_000);
        assertThat(events()).containsExactly("incrbyfloat t");
    }

    // --- LCS ---

    @Test
    void lcs() {
        c.call("MSET", "key1", "ohmytext", "key2", "mynewtext");
        assertThat(c.call("LCS", "key1", "key2")).isEqualTo(bulk("mytext"));
        assertThat(c.call("LCS", "key1", "key2", "LEN")).isEqualTo(":6\r\n");
        assertThat(c.call("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN")).isEqualTo(
                "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n");
        assertThat(c.call("LCS", "key1", "key2", "IDX")).isEqualTo(
                "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n");
        assertThat(c.call("LCS", "key1", "key2", "LEN", "IDX"))
                .isEqualTo("-ERR If you want both the length and indexes, please just use IDX.\r\n");
        assertThat(c.call("LCS", "key1", "key2", "MINMATCHLEN")).isEqualTo(SYNTAX);
        assertThat(c.call("LCS", "key1", "key2", "MINMATCHLEN", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(c.call("LCS", "nope", "key2")).isEqualTo("$0\r\n\r\n");
        assertThat(c.call("LCS", "nope", "nope2", "IDX")).isEqualTo("*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n");
    }

    // --- encodings ---

    @Test
    void encodingsFollowRedis() {
        c.call("SET", "i", "12345");
        assertThat(encoding("i")).isEqualTo("int");
        c.call("SET", "i", "9223372036854775808");
        assertThat(encoding("i")).isEqualTo("embstr");
        c.call("SET", "s", "x".repeat(44));
        assertThat(encoding("s")).isEqualTo("embstr");
        c.call("SET", "s", "x".repeat(45));
        assertThat(encoding("s")).isEqualTo("raw");
        c.call("APPEND", "a", "hello");
        assertThat(encoding("a")).isEqualTo("embstr");
        c.call("APPEND", "a", "");
        assertThat(encoding("a")).isEqualTo("raw");
        c.call("INCR", "a2");
        assertThat(encoding("a2")).isEqualTo("int");
        c.call("SET", "f", "10");
        c.call("INCRBYFLOAT", "f", "1");
        assertThat(encoding("f")).isEqualTo("embstr");
        c.call("INCRBYFLOAT", "f2", "1e50");
        assertThat(encoding("f2")).isEqualTo("raw");
        c.call("GETSET", "g", "7");
        assertThat(encoding("g")).isEqualTo("int");
    }
}
