package dev.emredis.internal.commands;

import static dev.emredis.internal.commands.StreamCommandsTest.array;
import static dev.emredis.internal.commands.StreamCommandsTest.bulk;
import static dev.emredis.internal.commands.StreamCommandsTest.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.internal.server.ServerListener;
import dev.emredis.testing.EmulatorTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO): exact replies as
 * redis-server 7.0.15 gives them. Idle times, seen-times and delivery times come from the virtual
 * clock, so they are exact here (the compat scenarios can only compare their shape).
 */
class StreamGroupCommandsTest extends EmulatorTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String NIL_ARRAY = "*-1\r\n";

    private final List<String> events = new ArrayList<>();

    @BeforeAll
    void listen() {
        redis.internalServer().addListener(new ServerListener() {
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
    void setUp() {
        redis.internalServer().loop().call(() -> {
            events.clear();
            return null;
        });
        redis.clock().freeze().set(Instant.ofEpochMilli(T0));
    }

    private List<String> events() {
        return redis.internalServer().loop().call(() -> new ArrayList<>(events));
    }

    private void advance(long ms) {
        redis.clock().advance(Duration.ofMillis(ms));
    }

    /** s with entries 1-0..n-0 (field f, value = the number) and group g from the start. */
    private void streamWithGroup(int n) {
        for (int i = 1; i <= n; i++) assertThat(c.call("XADD", "s", i + "-0", "f", String.valueOf(i))).startsWith("$");
        assertThat(c.call("XGROUP", "CREATE", "s", "g", "0")).isEqualTo("+OK\r\n");
    }

    private static String row(String id, String consumer, long idle, long deliveries) {
        return "*4\r\n" + bulk(id) + bulk(consumer) + ":" + idle + "\r\n:" + deliveries + "\r\n";
    }

    private static String e(int i) {
        return entry(i + "-0", "f", String.valueOf(i));
    }

    private static String readReply(String key, String... entries) {
        return array(array(bulk(key), array(entries)));
    }

    // --- XGROUP ---

    @Test
    void createSetidDestroyAndConsumers() {
        streamWithGroup(2);
        assertThat(c.call("XGROUP", "CREATE", "s", "g", "$")).isEqualTo("-BUSYGROUP Consumer Group name already exists\r\n");
        assertThat(c.call("XGROUP", "CREATE", "m", "g", "$")).isEqualTo("-ERR The XGROUP subcommand requires the key to exist."
                + " Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.\r\n");
        assertThat(c.call("XGROUP", "CREATE", "m", "g", "$", "MKSTREAM")).isEqualTo("+OK\r\n");
        assertThat(c.call("XGROUP", "CREATE", "s", "h", "0", "ENTRIESREAD", "-2"))
                .isEqualTo("-ERR value for ENTRIESREAD must be positive or -1\r\n");
        assertThat(c.call("XGROUP", "CREATECONSUMER", "s", "g", "alice")).isEqualTo(":1\r\n");
        assertThat(c.call("XGROUP", "CREATECONSUMER", "s", "g", "alice")).isEqualTo(":0\r\n");
        assertThat(c.call("XGROUP", "CREATECONSUMER", "s", "nope", "alice"))
                .isEqualTo("-NOGROUP No such consumer group 'nope' for key name 's'\r\n");
        assertThat(c.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">")).isEqualTo(readReply("s", e(1), e(2)));
        // deleting a consumer drops its pending entries and says how many it had
        assertThat(c.call("XGROUP", "DELCONSUMER", "s", "g", "alice")).isEqualTo(":2\r\n");
        assertThat(c.call("XGROUP", "DELCONSUMER", "s", "g", "alice")).isEqualTo(":0\r\n");
        assertThat(c.call("XPENDING", "s", "g")).isEqualTo("*4\r\n:0\r\n$-1\r\n$-1\r\n" + NIL_ARRAY);
        assertThat(c.call("XGROUP", "SETID", "s", "g", "0")).isEqualTo("+OK\r\n");
        assertThat(c.call("XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "STREAMS", "s", ">")).isEqualTo(readReply("s", e(1)));
        assertThat(c.call("XGROUP", "DESTROY", "s", "g")).isEqualTo(":1\r\n");
        assertThat(c.call("XGROUP", "DESTROY", "s", "g")).isEqualTo(":0\r\n");
        assertThat(c.call("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">"))
                .isEqualTo("-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n");
        assertThat(events()).containsExactly("xadd s", "xadd s", "xgroup-create s", "xgroup-create m",
                "xgroup-createconsumer s", "xgroup-delconsumer s", "xgroup-setid s", "xgroup-createconsumer s",
                "xgroup-destroy s");
    }

    private long changes() {
        String info = c.call("INFO", "persistence");
        int i = info.indexOf("rdb_changes_since_last_save:") + "rdb_changes_since_last_save:".length();
        return Long.parseLong(info.substring(i, info.indexOf('\r', i)));
    }

    @Test
    void mkstreamCountsOneChangeLikeRedis() {
        long before = changes();
        assertThat(c.call("XGROUP", "CREATE", "m", "g", "$", "MKSTREAM")).isEqualTo("+OK\r\n");
        assertThat(changes()).isEqualTo(before + 1);
        assertThat(c.call("XGROUP", "CREATE", "m", "g", "$", "MKSTREAM")).isEqualTo("-BUSYGROUP Consumer Group name already exists\r\n");
        assertThat(changes()).isEqualTo(before + 1);
    }

    // --- XREADGROUP / XACK ---

    @Test
    void newMessagesHistoryAndNoack() {
        streamWithGroup(4);
        assertThat(c.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", ">")).isEqualTo(readReply("s", e(1)));
        assertThat(c.call("XREADGROUP", "GROUP", "g", "bob", "COUNT", "2", "STREAMS", "s", ">")).isEqualTo(readReply("s", e(2), e(3)));
        // history: the consumer's own pending entries from the given ID
        assertThat(c.call("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "0")).isEqualTo(readReply("s", e(2), e(3)));
        assertThat(c.call("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "2-0")).isEqualTo(readReply("s", e(3)));
        assertThat(c.call("XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", "0")).isEqualTo(readReply("s"));
        // NOACK: delivered, not pending
        assertThat(c.call("XREADGROUP", "GROUP", "g", "alice", "NOACK", "STREAMS", "s", ">")).isEqualTo(readReply("s", e(4)));
        assertThat(c.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">")).isEqualTo(NIL_ARRAY);
        assertThat(c.call("XPENDING", "s", "g"))
                .isEqualTo("*4\r\n:3\r\n" + bulk("1-0") + bulk("3-0") + "*2\r\n" + array(bulk("alice"), bulk("1")) + array(bulk("bob"), bulk("2")));
        // a deleted entry still pending comes back with a null body
        assertThat(c.call("XDEL", "s", "2-0")).isEqualTo(":1\r\n");
        assertThat(c.call("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "0"))
                .isEqualTo(readReply("s", "*2\r\n" + bulk("2-0") + NIL_ARRAY, e(3)));
        assertThat(c.call("XACK", "s", "g", "2-0", "3-0", "9-0", "2-0")).isEqualTo(":2\r\n");
        assertThat(c.call("XACK", "s", "g", "x")).isEqualTo("-ERR Invalid stream ID specified as stream command argument\r\n");
        assertThat(c.call("XACK", "s", "nope", "x")).isEqualTo(":0\r\n");
        assertThat(Resp3.call(redis, "XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"))
                .isEqualTo("%1\r\n" + bulk("s") + array(e(1)));
    }

    /** One group of XINFO GROUPS; null entries-read or lag print as nil. */
    private static String group(int consumers, int pending, String lastId, Integer entriesRead, Integer lag) {
        return "*12\r\n" + bulk("name") + bulk("g") + bulk("consumers") + ":" + consumers + "\r\n" + bulk("pending") + ":"
                + pending + "\r\n" + bulk("last-delivered-id") + bulk(lastId) + bulk("entries-read")
                + (entriesRead == null ? "$-1\r\n" : ":" + entriesRead + "\r\n") + bulk("lag")
                + (lag == null ? "$-1\r\n" : ":" + lag + "\r\n");
    }

    @Test
    void entriesReadAndLag() {
        streamWithGroup(3);
        assertThat(c.call("XINFO", "GROUPS", "s")).isEqualTo("*1\r\n" + group(0, 0, "0-0", null, 3));
        c.call("XREADGROUP", "GROUP", "g", "a", "COUNT", "2", "STREAMS", "s", ">");
        assertThat(c.call("XINFO", "GROUPS", "s")).isEqualTo("*1\r\n" + group(1, 2, "2-0", 2, 1));
        // a deletion after the group's position makes the lag unknown
        c.call("XDEL", "s", "3-0");
        c.call("XADD", "s", "4-0", "f", "4");
        assertThat(c.call("XINFO", "GROUPS", "s")).isEqualTo("*1\r\n" + group(1, 2, "2-0", 2, null));
        // reading on counts one more read (Redis does not recount the deleted entry): lag 1, as in Redis
        c.call("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">");
        assertThat(c.call("XINFO", "GROUPS", "s")).isEqualTo("*1\r\n" + group(1, 3, "4-0", 3, 1));
    }

    // --- XPENDING ---

    @Test
    void pendingIdleTimesFollowTheVirtualClock() {
        streamWithGroup(3);
        c.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">");
        advance(1000);
        c.call("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", ">");
        advance(500);
        assertThat(c.call("XPENDING", "s", "g", "-", "+", "10"))
                .isEqualTo("*3\r\n" + row("1-0", "alice", 1500, 1) + row("2-0", "alice", 1500, 1) + row("3-0", "bob", 500, 1));
        assertThat(c.call("XPENDING", "s", "g", "IDLE", "1500", "-", "+", "10"))
                .isEqualTo("*2\r\n" + row("1-0", "alice", 1500, 1) + row("2-0", "alice", 1500, 1));
        assertThat(c.call("XPENDING", "s", "g", "IDLE", "1501", "-", "+", "10")).isEqualTo("*0\r\n");
        assertThat(c.call("XPENDING", "s", "g", "(1-0", "+", "1", "alice")).isEqualTo("*1\r\n" + row("2-0", "alice", 1500, 1));
        assertThat(c.call("XPENDING", "s", "g", "-", "+", "10", "nobody")).isEqualTo("*0\r\n");
        // reading history counts one more delivery and resets the idle time
        c.call("XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "0");
        assertThat(c.call("XPENDING", "s", "g", "-", "+", "10", "bob")).isEqualTo("*1\r\n" + row("3-0", "bob", 0, 2));
        assertThat(c.call("XPENDING", "s", "g", "-", "+")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("XPENDING", "s", "nope")).isEqualTo("-NOGROUP No such key 's' or consumer group 'nope'\r\n");
    }

    // --- XCLAIM ---

    @Test
    void xclaimByIdleTimeWithEveryOption() {
        streamWithGroup(3);
        c.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
        advance(1000);
        assertThat(c.call("XCLAIM", "s", "g", "bob", "2000", "1-0")).isEqualTo("*0\r\n");
        advance(1000);
        assertThat(c.call("XCLAIM", "s", "g", "bob", "2000", "1-0")).isEqualTo(array(e(1)));
        assertThat(c.call("XPENDING", "s", "g", "-", "+", "1")).isEqualTo("*1\r\n" + row("1-0", "bob", 0, 2));
        // JUSTID: IDs only, the delivery count stays
        assertThat(c.call("XCLAIM", "s", "g", "carol", "0", "1-0", "2-0", "JUSTID")).isEqualTo(array(bulk("1-0"), bulk("2-0")));
        assertThat(c.call("XPENDING", "s", "g", "-", "+", "2"))
                .isEqualTo("*2\r\n" + row("1-0", "carol", 0, 2) + row("2-0", "carol", 0, 1));
        // IDLE and TIME set the last delivery time; RETRYCOUNT the count
        c.call("XCLAIM", "s", "g", "carol", "0", "1-0", "IDLE", "5000", "RETRYCOUNT", "9", "JUSTID");
        c.call("XCLAIM", "s", "g", "carol", "0", "2-0", "TIME", String.valueOf(T0 + 2000 - 300), "JUSTID");
        assertThat(c.call("XPENDING", "s", "g", "-", "+", "2"))
                .isEqualTo("*2\r\n" + row("1-0", "carol", 5000, 9) + row("2-0", "carol", 300, 1));
        // a TIME in the future is taken as now
        c.call("XCLAIM", "s", "g", "carol", "0", "2-0", "TIME", String.valueOf(T0 + 999_999), "JUSTID");
        assertThat(c.call("XPENDING", "s", "g", "2", "2", "1")).isEqualTo("*1\r\n" + row("2-0", "carol", 0, 1));
        // FORCE creates a pending entry for an existing message not pending yet
        c.call("XACK", "s", "g", "3-0");
        assertThat(c.call("XCLAIM", "s", "g", "dave", "0", "3-0", "9-0", "FORCE", "JUSTID")).isEqualTo(array(bulk("3-0")));
        assertThat(c.call("XPENDING", "s", "g", "3", "3", "1")).isEqualTo("*1\r\n" + row("3-0", "dave", 0, 1));
        // LASTID moves the group's last delivered ID forward only
        c.call("XCLAIM", "s", "g", "dave", "0", "3-0", "LASTID", "7-0", "JUSTID");
        c.call("XCLAIM", "s", "g", "dave", "0", "3-0", "LASTID", "5-0", "JUSTID");
        assertThat(c.call("XINFO", "GROUPS", "s")).contains(bulk("last-delivered-id") + bulk("7-0"));
        // a deleted message leaves the PEL when claimed
        c.call("XDEL", "s", "1-0");
        assertThat(c.call("XCLAIM", "s", "g", "dave", "0", "1-0")).isEqualTo("*0\r\n");
        assertThat(c.call("XPENDING", "s", "g")).startsWith("*4\r\n:2\r\n");
        assertThat(c.call("XCLAIM", "s", "g", "dave", "x", "1-0")).isEqualTo("-ERR Invalid min-idle-time argument for XCLAIM\r\n");
        assertThat(c.call("XCLAIM", "s", "g", "dave", "0", "1-0", "FOO")).isEqualTo("-ERR Unrecognized XCLAIM option 'FOO'\r\n");
        assertThat(c.call("XCLAIM", "s", "g", "dave", "0", "1-0", "IDLE", "x"))
                .isEqualTo("-ERR Invalid IDLE option argument for XCLAIM\r\n");
    }

    // --- XAUTOCLAIM ---

    @Test
    void xautoclaimScansFromTheCursorAndReportsDeletedEntries() {
        streamWithGroup(5);
        c.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
        advance(100);
        assertThat(c.call("XAUTOCLAIM", "s", "g", "bob", "101", "0")).isEqualTo("*3\r\n" + bulk("0-0") + "*0\r\n*0\r\n");
        assertThat(c.call("XAUTOCLAIM", "s", "g", "bob", "100", "0", "COUNT", "2"))
                .isEqualTo("*3\r\n" + bulk("3-0") + array(e(1), e(2)) + "*0\r\n");
        c.call("XDEL", "s", "3-0", "4-0");
        // deleted entries leave the PEL, are listed, and use up COUNT
        assertThat(c.call("XAUTOCLAIM", "s", "g", "bob", "100", "3-0", "COUNT", "2", "JUSTID"))
                .isEqualTo("*3\r\n" + bulk("5-0") + "*0\r\n" + array(bulk("3-0"), bulk("4-0")));
        assertThat(c.call("XAUTOCLAIM", "s", "g", "bob", "100", "3-0", "JUSTID"))
                .isEqualTo("*3\r\n" + bulk("0-0") + array(bulk("5-0")) + "*0\r\n");
        assertThat(c.call("XPENDING", "s", "g", "-", "+", "10"))
                .isEqualTo("*3\r\n" + row("1-0", "bob", 0, 2) + row("2-0", "bob", 0, 2) + row("5-0", "bob", 0, 1));
        assertThat(c.call("XAUTOCLAIM", "s", "g", "bob", "0", "0", "COUNT", "0")).isEqualTo("-ERR COUNT must be > 0\r\n");
        assertThat(c.call("XAUTOCLAIM", "s", "g", "bob", "x", "0"))
                .isEqualTo("-ERR Invalid min-idle-time argument for XAUTOCLAIM\r\n");
        assertThat(c.call("XAUTOCLAIM", "s", "nope", "bob", "0", "0")).isEqualTo("-NOGROUP No such key 's' or consumer group 'nope'\r\n");
    }

    // --- XINFO ---

    @Test
    void consumersIdleAndSeenTimes() {
        streamWithGroup(2);
        c.call("XGROUP", "CREATECONSUMER", "s", "g", "bob");
        advance(700);
        c.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", ">");
        advance(300);
        String consumer = "*6\r\n" + bulk("name") + "%s" + bulk("pending") + ":%d\r\n" + bulk("idle") + ":%d\r\n";
        assertThat(c.call("XINFO", "CONSUMERS", "s", "g"))
                .isEqualTo("*2\r\n" + String.format(consumer, bulk("alice"), 1, 300) + String.format(consumer, bulk("bob"), 0, 1000));
        // XPENDING with a consumer and a claim that claims nothing do not refresh the seen-time
        c.call("XPENDING", "s", "g", "-", "+", "10", "bob");
        c.call("XCLAIM", "s", "g", "bob", "999999", "1-0");
        assertThat(c.call("XINFO", "CONSUMERS", "s", "g")).contains(String.format(consumer, bulk("bob"), 0, 1000));
        assertThat(c.call("XINFO", "CONSUMERS", "s", "nope")).isEqualTo("-NOGROUP No such consumer group 'nope' for key name 's'\r\n");
    }

    @Test
    void streamFullShowsDeliveryAndSeenTimes() {
        streamWithGroup(1);
        c.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
        String full = c.call("XINFO", "STREAM", "s", "FULL");
        String t = ":" + T0 + "\r\n";
        assertThat(full).isEqualTo("*18\r\n" + bulk("length") + ":1\r\n" + bulk("radix-tree-keys") + ":1\r\n"
                + bulk("radix-tree-nodes") + ":2\r\n" + bulk("last-generated-id") + bulk("1-0")
                + bulk("max-deleted-entry-id") + bulk("0-0") + bulk("entries-added") + ":1\r\n"
                + bulk("recorded-first-entry-id") + bulk("1-0") + bulk("entries") + array(e(1))
                + bulk("groups") + "*1\r\n*14\r\n" + bulk("name") + bulk("g") + bulk("last-delivered-id") + bulk("1-0")
                + bulk("entries-read") + ":1\r\n" + bulk("lag") + ":0\r\n" + bulk("pel-count") + ":1\r\n"
                + bulk("pending") + "*1\r\n*4\r\n" + bulk("1-0") + bulk("alice") + t + ":1\r\n"
                + bulk("consumers") + "*1\r\n*8\r\n" + bulk("name") + bulk("alice") + bulk("seen-time") + t
                + bulk("pel-count") + ":1\r\n" + bulk("pending") + "*1\r\n*3\r\n" + bulk("1-0") + t + ":1\r\n");
    }
}
