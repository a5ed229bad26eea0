package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.internal.server.Server;
import dev.emredis.internal.server.ServerListener;
import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stream entry commands (XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID, XREAD): exact replies
 * as redis-server 7.0.15 gives them, IDs from the virtual clock, events, type and memory.
 */
class StreamCommandsTest extends EmulatorTest {
    private static final String NIL = "$-1\r\n";
    private static final String NIL_ARRAY = "*-1\r\n";
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private static final String INVALID_ID = "-ERR Invalid stream ID specified as stream command argument\r\n";

    private final List<String> events = new ArrayList<>();

    @BeforeAll
    void listen() {
        server().addListener(new ServerListener() {
            @Override
            public void keyspaceEvent(int type, String event, byte[] key, int dbid) {
                if (event.equals("new") || event.equals("keymiss")) return;
                synchronized (events) {
                    events.add(event + " " + new String(key, StandardCharsets.UTF_8));
                }
            }
        });
    }

    @BeforeEach
    void clear() {
        server().loop().call(() -> {
            events.clear();
            return null;
        });
    }

    private Server server() {
        return redis.internalServer();
    }

    private List<String> events() {
        return server().loop().call(() -> new ArrayList<>(events));
    }

    static String bulk(String s) {
        return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    /** One entry as XRANGE shows it: [id, [field, value, ...]]. */
    static String entry(String id, String... fieldsAndValues) {
        StringBuilder b = new StringBuilder("*2\r\n").append(bulk(id)).append('*').append(fieldsAndValues.length).append("\r\n");
        for (String s : fieldsAndValues) b.append(bulk(s));
        return b.toString();
    }

    static String array(String... items) {
        return "*" + items.length + "\r\n" + String.join("", items);
    }

    private void add(String key, String... ids) {
        for (String id : ids) assertThat(c.call("XADD", key, id, "f", "v")).startsWith("$");
    }

    // --- XADD ---

    @Test
    void automaticIdsComeFromTheVirtualClock() {
        redis.clock().freeze().set(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(c.call("XADD", "s", "*", "a", "1")).isEqualTo(bulk("1700000000000-0"));
        assertThat(c.call("XADD", "s", "*", "a", "2")).isEqualTo(bulk("1700000000000-1"));
        redis.clock().advance(Duration.ofMillis(1));
        assertThat(c.call("XADD", "s", "*", "a", "3")).isEqualTo(bulk("1700000000001-0"));
        // a clock that goes back never produces a smaller ID
        redis.clock().advance(Duration.ofSeconds(-10));
        assertThat(c.call("XADD", "s", "*", "a", "4")).isEqualTo(bulk("1700000000001-1"));
        // an explicit ID in the future: "*" continues from it until the clock catches up
        assertThat(c.call("XADD", "s", "1700000000050-7", "a", "5")).isEqualTo(bulk("1700000000050-7"));
        redis.clock().advance(Duration.ofSeconds(10));
        assertThat(c.call("XADD", "s", "*", "a", "6")).isEqualTo(bulk("1700000000050-8"));
        redis.clock().advance(Duration.ofMillis(51)); // now ...052
        assertThat(c.call("XADD", "s", "*", "a", "7")).isEqualTo(bulk("1700000000052-0"));
        assertThat(c.call("XLEN", "s")).isEqualTo(":7\r\n");
    }

    @Test
    void explicitAndPartialIds() {
        assertThat(c.call("XADD", "s", "5", "a", "1")).isEqualTo(bulk("5-0"));
        assertThat(c.call("XADD", "s", "5-*", "a", "1")).isEqualTo(bulk("5-1"));
        assertThat(c.call("XADD", "s", "7-*", "a", "1")).isEqualTo(bulk("7-0"));
        assertThat(c.call("XADD", "s", "7-5", "a", "1")).isEqualTo(bulk("7-5"));
        assertThat(c.call("XADD", "s", "6-*", "a", "1"))
                .isEqualTo("-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        assertThat(c.call("XADD", "s", "7-5", "a", "1"))
                .isEqualTo("-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        assertThat(c.call("XADD", "s", "0-0", "a", "1")).isEqualTo("-ERR The ID specified in XADD must be greater than 0-0\r\n");
        assertThat(c.call("XADD", "new", "0-*", "a", "1")).isEqualTo(bulk("0-1"));
        assertThat(c.call("XADD", "s", "x", "a", "1")).isEqualTo(INVALID_ID);
        assertThat(c.call("XADD", "s", "+", "a", "1")).isEqualTo(INVALID_ID);
    }

    @Test
    void theLastPossibleIdExhaustsTheStream() {
        assertThat(c.call("XADD", "s", "18446744073709551615-18446744073709551615", "a", "1"))
                .isEqualTo(bulk("18446744073709551615-18446744073709551615"));
        String exhausted = "-ERR The stream has exhausted the last possible ID, unable to add more items\r\n";
        assertThat(c.call("XADD", "s", "*", "a", "1")).isEqualTo(exhausted);
        assertThat(c.call("XADD", "s", "18446744073709551615-*", "a", "1")).isEqualTo(exhausted);
        // "ms-*" whose sequence would overflow reports the size error, as Redis does
        assertThat(c.call("XADD", "t", "5-18446744073709551615", "a", "1")).startsWith("$");
        assertThat(c.call("XADD", "t", "5-*", "a", "1")).isEqualTo("-ERR Elements are too large to be stored\r\n");
    }

    @Test
    void fieldValuePairsAreCheckedAfterTheOptions() {
        String arity = "-ERR wrong number of arguments for 'xadd' command\r\n";
        assertThat(c.call("XADD", "s", "1-0", "a")).isEqualTo(arity);
        assertThat(c.call("XADD", "s", "1-0", "a", "1", "b")).isEqualTo(arity);
        assertThat(c.call("XADD", "s", "MAXLEN", "5", "1-0")).isEqualTo(arity);
        assertThat(c.call("EXISTS", "s")).isEqualTo(":0\r\n");
    }

    @Test
    void nomkstreamDoesNotCreateTheKey() {
        assertThat(c.call("XADD", "s", "NOMKSTREAM", "*", "a", "1")).isEqualTo(NIL);
        assertThat(c.call("EXISTS", "s")).isEqualTo(":0\r\n");
        add("s", "1-0");
        assertThat(c.call("XADD", "s", "nomkstream", "2-0", "a", "1")).isEqualTo(bulk("2-0"));
        assertThat(events()).containsExactly("xadd s", "xadd s");
    }

    @Test
    void xaddTrimsAfterAddingAndSendsXtrim() {
        add("s", "1-0", "2-0", "3-0");
        assertThat(c.call("XADD", "s", "MAXLEN", "2", "4-0", "f", "v")).isEqualTo(bulk("4-0"));
        assertThat(c.call("XRANGE", "s", "-", "+")).isEqualTo(array(entry("3-0", "f", "v"), entry("4-0", "f", "v")));
        assertThat(c.call("XADD", "s", "MINID", "=", "4", "5-0", "f", "v")).isEqualTo(bulk("5-0"));
        assertThat(c.call("XLEN", "s")).isEqualTo(":2\r\n");
        assertThat(events()).containsExactly("xadd s", "xadd s", "xadd s", "xadd s", "xtrim s", "xadd s", "xtrim s");
    }

    @Test
    void trimOptionErrors() {
        add("s", "1-0");
        assertThat(c.call("XADD", "s", "MAXLEN", "1", "MINID", "1", "2-0", "a", "1"))
                .isEqualTo("-ERR syntax error, MAXLEN and MINID options at the same time are not compatible\r\n");
        assertThat(c.call("XADD", "s", "MAXLEN", "-1", "2-0", "a", "1")).isEqualTo("-ERR The MAXLEN argument must be >= 0.\r\n");
        assertThat(c.call("XADD", "s", "LIMIT", "10", "2-0", "a", "1"))
                .isEqualTo("-ERR syntax error, LIMIT cannot be used without specifying a trimming strategy\r\n");
        assertThat(c.call("XADD", "s", "MAXLEN", "5", "LIMIT", "10", "2-0", "a", "1"))
                .isEqualTo("-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n");
        assertThat(c.call("XADD", "s", "MAXLEN", "~", "5", "LIMIT", "-1", "2-0", "a", "1"))
                .isEqualTo("-ERR The LIMIT argument must be >= 0.\r\n");
        assertThat(c.call("XTRIM", "s", "LIMIT", "1"))
                .isEqualTo("-ERR syntax error, LIMIT cannot be used without specifying a trimming strategy\r\n");
        assertThat(c.call("XTRIM", "s", "LIMIT", "0"))
                .isEqualTo("-ERR syntax error, XTRIM must be called with a trimming strategy\r\n");
        assertThat(c.call("XTRIM", "s", "NOMKSTREAM", "MAXLEN", "1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("XTRIM", "s", "MINID", "-")).isEqualTo(INVALID_ID);
        assertThat(c.call("XLEN", "s")).isEqualTo(":1\r\n");
    }

    // --- XTRIM ---

    @Test
    void exactTrimFlagsEntriesApproximateTrimDropsWholeNodes() {
        assertThat(c.call("CONFIG", "SET", "stream-node-max-entries", "4")).isEqualTo("+OK\r\n");
        try {
            for (int i = 1; i <= 10; i++) add("s", i + "-0"); // nodes: 1..4, 5..8, 9..10
            assertThat(c.call("XTRIM", "s", "MAXLEN", "~", "7")).isEqualTo(":0\r\n");
            assertThat(c.call("XTRIM", "s", "MAXLEN", "~", "6")).isEqualTo(":4\r\n");
            assertThat(c.call("XTRIM", "s", "MAXLEN", "5")).isEqualTo(":1\r\n");
            assertThat(c.call("XRANGE", "s", "-", "+", "COUNT", "1")).isEqualTo(array(entry("6-0", "f", "v")));
            assertThat(c.call("XTRIM", "s", "MINID", "8")).isEqualTo(":2\r\n");
            assertThat(c.call("XTRIM", "s", "MINID", "~", "10")).isEqualTo(":1\r\n"); // the node left with 8-0 only
            // LIMIT caps how many entries whole-node removal may take
            assertThat(c.call("XTRIM", "s", "MAXLEN", "~", "0", "LIMIT", "1")).isEqualTo(":0\r\n");
            assertThat(c.call("XTRIM", "s", "MAXLEN", "~", "0", "LIMIT", "2")).isEqualTo(":2\r\n");
            assertThat(c.call("XLEN", "s")).isEqualTo(":0\r\n");
            assertThat(c.call("XTRIM", "missing", "MAXLEN", "0")).isEqualTo(":0\r\n");
            assertThat(events()).containsSubsequence("xtrim s", "xtrim s", "xtrim s", "xtrim s");
        } finally {
            c.call("CONFIG", "SET", "stream-node-max-entries", "100");
        }
    }

    @Test
    void aStreamEmptiedByTrimmingStaysAsAKey() {
        add("s", "1-0", "2-0");
        assertThat(c.call("XTRIM", "s", "MAXLEN", "0")).isEqualTo(":2\r\n");
        assertThat(c.call("EXISTS", "s")).isEqualTo(":1\r\n");
        assertThat(c.call("XLEN", "s")).isEqualTo(":0\r\n");
        assertThat(c.call("XADD", "s", "2-0", "a", "1"))
                .isEqualTo("-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
    }

    // --- XRANGE / XREVRANGE ---

    @Test
    void rangesWithExclusiveBoundsAndCount() {
        add("s", "1-0", "1-1", "2-0", "2-5", "3-0");
        assertThat(c.call("XRANGE", "s", "(1-0", "(2-5"))
                .isEqualTo(array(entry("1-1", "f", "v"), entry("2-0", "f", "v")));
        assertThat(c.call("XRANGE", "s", "2", "2")).isEqualTo(array(entry("2-0", "f", "v"), entry("2-5", "f", "v")));
        assertThat(c.call("XREVRANGE", "s", "+", "-", "COUNT", "2"))
                .isEqualTo(array(entry("3-0", "f", "v"), entry("2-5", "f", "v")));
        // a partial end takes sequence 2^64-1, so "(3" still includes 3-0; a partial start takes 0,
        // so "(1" starts at 1-1
        assertThat(c.call("XREVRANGE", "s", "(3", "(1")).isEqualTo(array(
                entry("3-0", "f", "v"), entry("2-5", "f", "v"), entry("2-0", "f", "v"), entry("1-1", "f", "v")));
        assertThat(c.call("XRANGE", "s", "3", "1")).isEqualTo("*0\r\n");
        assertThat(c.call("XRANGE", "s", "-", "+", "COUNT", "0")).isEqualTo(NIL_ARRAY);
        assertThat(c.call("XRANGE", "missing", "-", "+", "COUNT", "0")).isEqualTo("*0\r\n");
        assertThat(c.call("XRANGE", "s", "-", "+", "COUNT", "-1")).isEqualTo(NIL_ARRAY); // a negative COUNT is 0
        assertThat(c.call("XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"))
                .isEqualTo("-ERR invalid start ID for the interval\r\n");
        assertThat(c.call("XRANGE", "s", "-", "(0-0")).isEqualTo("-ERR invalid end ID for the interval\r\n");
        assertThat(c.call("XRANGE", "s", "(-", "+")).isEqualTo(INVALID_ID);
        assertThat(c.call("XRANGE", "s", "-", "+", "LIMIT", "1")).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void fieldsArePerEntryEvenWhenTheNodeSharesTheMasterFields() {
        assertThat(c.call("XADD", "s", "1-0", "a", "1", "b", "2")).startsWith("$");
        assertThat(c.call("XADD", "s", "2-0", "b", "2", "a", "1")).startsWith("$");
        assertThat(c.call("XADD", "s", "3-0", "a", "", "b", "-12")).startsWith("$");
        assertThat(c.call("XRANGE", "s", "-", "+")).isEqualTo(array(
                entry("1-0", "a", "1", "b", "2"), entry("2-0", "b", "2", "a", "1"), entry("3-0", "a", "", "b", "-12")));
    }

    // --- XDEL ---

    @Test
    void xdelCountsWhatItDeletesAndLeavesTheKey() {
        add("s", "1-0", "2-0", "3-0");
        assertThat(c.call("XDEL", "s", "2-0", "2-0", "9-0")).isEqualTo(":1\r\n");
        assertThat(c.call("XRANGE", "s", "-", "+")).isEqualTo(array(entry("1-0", "f", "v"), entry("3-0", "f", "v")));
        assertThat(c.call("XDEL", "s", "1-0", "3-0")).isEqualTo(":2\r\n");
        assertThat(c.call("XLEN", "s")).isEqualTo(":0\r\n");
        assertThat(c.call("EXISTS", "s")).isEqualTo(":1\r\n");
        assertThat(c.call("XDEL", "s", "4-0", "bad")).isEqualTo(INVALID_ID);
        assertThat(c.call("XDEL", "missing", "bad")).isEqualTo(":0\r\n");
        assertThat(events()).containsExactly("xadd s", "xadd s", "xadd s", "xdel s", "xdel s");
    }

    // --- XSETID ---

    @Test
    void xsetidMovesTheLastIdAndChecksIt() {
        add("s", "1-0", "2-0");
        assertThat(c.call("XSETID", "s", "5-0")).isEqualTo("+OK\r\n");
        assertThat(c.call("XADD", "s", "5-*", "a", "1")).isEqualTo(bulk("5-1"));
        assertThat(c.call("XSETID", "s", "4-0"))
                .isEqualTo("-ERR The ID specified in XSETID is smaller than the target stream top item\r\n");
        assertThat(c.call("XSETID", "s", "6-0", "ENTRIESADDED", "2"))
                .isEqualTo("-ERR The entries_added specified in XSETID is smaller than the target stream length\r\n");
        assertThat(c.call("XSETID", "s", "6-0", "MAXDELETEDID", "7-0"))
                .isEqualTo("-ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id\r\n");
        assertThat(c.call("XSETID", "s", "6-0", "ENTRIESADDED", "-1")).isEqualTo("-ERR entries_added must be positive\r\n");
        assertThat(c.call("XSETID", "missing", "1-0")).isEqualTo("-ERR no such key\r\n");
        assertThat(c.call("XSETID", "s", "6-0", "ENTRIESADDED", "10", "MAXDELETEDID", "3-0")).isEqualTo("+OK\r\n");
        String info = c.call("XINFO", "STREAM", "s");
        assertThat(info).contains(bulk("last-generated-id") + bulk("6-0"))
                .contains(bulk("max-deleted-entry-id") + bulk("3-0"))
                .contains(bulk("entries-added") + ":10\r\n");
        assertThat(events()).containsExactly("xadd s", "xadd s", "xsetid s", "xadd s", "xsetid s");
    }

    // --- XREAD ---

    @Test
    void xreadServesStreamsWithEntriesAfterTheIds() {
        add("a", "1-0", "2-0");
        add("b", "5-0");
        assertThat(c.call("XREAD", "COUNT", "1", "STREAMS", "a", "b", "missing", "0", "0", "0")).isEqualTo(array(
                array(bulk("a"), array(entry("1-0", "f", "v"))), array(bulk("b"), array(entry("5-0", "f", "v")))));
        assertThat(c.call("XREAD", "STREAMS", "a", "b", "2-0", "$")).isEqualTo(NIL_ARRAY);
        assertThat(c.call("XREAD", "STREAMS", "a", "1")).isEqualTo(array(array(bulk("a"), array(entry("2-0", "f", "v")))));
        assertThat(Resp3.call(redis, "XREAD", "STREAMS", "b", "0"))
                .isEqualTo("%1\r\n" + bulk("b") + array(entry("5-0", "f", "v")));
    }

    @Test
    void blockIsValidatedAndNeverWaitsInMulti() {
        add("a", "1-0");
        assertThat(c.call("XREAD", "BLOCK", "x", "STREAMS", "a", "0")).isEqualTo("-ERR timeout is not an integer or out of range\r\n");
        assertThat(c.call("XREAD", "BLOCK", "-1", "STREAMS", "a", "0")).isEqualTo("-ERR timeout is negative\r\n");
        // something to serve: answered at once, BLOCK or not
        assertThat(c.call("XREAD", "BLOCK", "0", "STREAMS", "a", "0")).isEqualTo(array(array(bulk("a"), array(entry("1-0", "f", "v")))));
        assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
        assertThat(c.call("XREAD", "BLOCK", "0", "STREAMS", "a", "$")).isEqualTo("+QUEUED\r\n");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n" + NIL_ARRAY);
    }

    @Test
    void xreadArgumentErrors() {
        assertThat(c.call("XREAD", "STREAMS", "a", "b", "0")).isEqualTo(
                "-ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.\r\n");
        assertThat(c.call("XREAD", "COUNT", "1", "a", "0")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("XREAD", "GROUP", "g", "c", "STREAMS", "a", "0"))
                .isEqualTo("-ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.\r\n");
        assertThat(c.call("XREAD", "NOACK", "STREAMS", "a", "0"))
                .isEqualTo("-ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.\r\n");
        assertThat(c.call("XREAD", "STREAMS", "a", ">")).isEqualTo(
                "-ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.\r\n");
        assertThat(c.call("XREAD", "STREAMS", "a", "-")).isEqualTo(INVALID_ID);
    }

    // --- type, encoding, memory, WRONGTYPE ---

    @Test
    void typeEncodingAndMemory() {
        add("s", "1-0");
        assertThat(c.call("TYPE", "s")).isEqualTo("+stream\r\n");
        assertThat(c.call("OBJECT", "ENCODING", "s")).isEqualTo(bulk("stream"));
        // what redis-server 7.0.15 reports for XADD s 1-0 f v (a preallocated 4 KB listpack)
        assertThat(c.call("MEMORY", "USAGE", "s")).isEqualTo(":4728\r\n");
        assertThat(c.call("COPY", "s", "t")).isEqualTo(":1\r\n");
        assertThat(c.call("XADD", "t", "2-0", "a", "1")).isEqualTo(bulk("2-0"));
        assertThat(c.call("XLEN", "s")).isEqualTo(":1\r\n");
    }

    @Test
    void wrongType() {
        assertThat(c.call("SET", "str", "x")).isEqualTo("+OK\r\n");
        assertThat(c.call("XADD", "str", "*", "a", "1")).isEqualTo(WRONGTYPE);
        assertThat(c.call("XLEN", "str")).isEqualTo(WRONGTYPE);
        assertThat(c.call("XRANGE", "str", "-", "+")).isEqualTo(WRONGTYPE);
        assertThat(c.call("XDEL", "str", "1-0")).isEqualTo(WRONGTYPE);
        assertThat(c.call("XTRIM", "str", "MAXLEN", "0")).isEqualTo(WRONGTYPE);
        assertThat(c.call("XSETID", "str", "1-0")).isEqualTo(WRONGTYPE);
        assertThat(c.call("XREAD", "STREAMS", "str", "0")).isEqualTo(WRONGTYPE);
        add("s", "1-0");
        assertThat(c.call("LPUSH", "s", "x")).isEqualTo(WRONGTYPE);
    }

    @Test
    void keyspaceEventsReachSubscribers() {
        assertThat(c.call("CONFIG", "SET", "notify-keyspace-events", "Et")).isEqualTo("+OK\r\n");
        try (RespClient sub = connect()) {
            sub.call("SUBSCRIBE", "__keyevent@0__:xadd", "__keyevent@0__:xdel");
            sub.read();
            add("s", "1-0");
            c.call("XDEL", "s", "1-0");
            assertThat(sub.read()).isEqualTo(array(bulk("message"), bulk("__keyevent@0__:xadd"), bulk("s")));
            assertThat(sub.read()).isEqualTo(array(bulk("message"), bulk("__keyevent@0__:xdel"), bulk("s")));
        } finally {
            c.call("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }
}
