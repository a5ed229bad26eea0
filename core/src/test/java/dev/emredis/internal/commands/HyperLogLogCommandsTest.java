package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.server.ServerListener;
import dev.emredis.testing.EmulatorTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PFADD/PFCOUNT/PFMERGE/PFDEBUG/PFSELFTEST; expected replies and bytes come from redis-server 7.0.15. */
class HyperLogLogCommandsTest extends EmulatorTest {
    private static final String WRONGTYPE_HLL = "-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n";
    private static final String INVALID = "-INVALIDOBJ Corrupted HLL object detected\r\n";

    private Server server() {
        return redis.internalServer();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        return server().loop().call(task);
    }

    private RedisString value(String key) {
        return onLoop(() -> (RedisString) server().db(0).peek(b(key)));
    }

    private String hex(String key) {
        return HexFormat.of().formatHex(value(key).value());
    }

    private void putHex(String key, String hex) {
        onLoop(() -> {
            server().db(0).put(b(key), new RedisString(HexFormat.of().parseHex(hex)));
            return null;
        });
    }

    private long dirty() {
        return onLoop(() -> server().dirty);
    }

    @AfterEach
    void restoreConfig() {
        onLoop(() -> {
            server().config().set("hll-sparse-max-bytes", "3000");
            return null;
        });
    }

    @Test
    void pfaddCreatesAndReportsChanges() {
        assertThat(c.call("PFADD", "h")).isEqualTo(":1\r\n");
        assertThat(hex("h")).isEqualTo("48594c4c0100000000000000000000807fff");
        assertThat(value("h").encoding()).isEqualTo("raw");
        assertThat(c.call("PFADD", "h")).isEqualTo(":0\r\n");
        assertThat(c.call("PFCOUNT", "h")).isEqualTo(":0\r\n");
        assertThat(hex("h")).isEqualTo("48594c4c0100000000000000000000007fff");
        assertThat(c.call("PFADD", "h", "a", "b", "c")).isEqualTo(":1\r\n");
        assertThat(hex("h")).isEqualTo("48594c4c01000000000000000000008060f38050b1844bfb80425a");
        assertThat(c.call("PFADD", "h", "a", "b")).isEqualTo(":0\r\n");
        assertThat(c.call("PFCOUNT", "h")).isEqualTo(":3\r\n");
        assertThat(hex("h")).isEqualTo("48594c4c01000000030000000000000060f38050b1844bfb80425a");
        assertThat(c.call("PFADD", "h", "d")).isEqualTo(":1\r\n");
        assertThat(hex("h")).isEqualTo("48594c4c0100000003000000000000805c7b8044768050b1844bfb80425a");
        assertThat(c.call("PFCOUNT", "h")).isEqualTo(":4\r\n");
    }

    @Test
    void valueWrittenByRedisKeepsWorking() {
        // SET copy <bytes GET returned on redis-server>: an embstr until an HLL command unshares it
        putHex("copy", "48594c4c01000000030000000000000060f38050b1844bfb80425a");
        assertThat(value("copy").encoding()).isEqualTo("embstr");
        assertThat(c.call("PFCOUNT", "copy")).isEqualTo(":3\r\n");
        assertThat(value("copy").encoding()).isEqualTo("raw");
        assertThat(c.call("PFADD", "copy", "d")).isEqualTo(":1\r\n");
        assertThat(hex("copy")).isEqualTo("48594c4c0100000003000000000000805c7b8044768050b1844bfb80425a");
        // a valid-looking cache is trusted
        putHex("fake", "48594c4c0100000039300000000000007fff");
        assertThat(c.call("PFCOUNT", "fake")).isEqualTo(":12345\r\n");
    }

    @Test
    void pfcountOfSeveralKeysMergesWithoutTouchingThem() {
        c.call("PFADD", "a", "1", "2", "3", "4", "5");
        c.call("PFADD", "b", "4", "5", "6", "7", "8");
        String before = hex("a");
        assertThat(c.call("PFCOUNT", "a", "b")).isEqualTo(":8\r\n");
        assertThat(c.call("PFCOUNT", "a", "nokey", "b")).isEqualTo(":8\r\n");
        assertThat(c.call("PFCOUNT", "nokey1", "nokey2")).isEqualTo(":0\r\n");
        assertThat(hex("a")).isEqualTo(before);
        assertThat(c.call("PFCOUNT", "nokey")).isEqualTo(":0\r\n");
    }

    @Test
    void pfmergeUnionAndDestination() {
        c.call("PFADD", "a", "1", "2", "3", "4", "5");
        c.call("PFADD", "b", "4", "5", "6", "7", "8");
        assertThat(c.call("PFMERGE", "m", "a", "b")).isEqualTo("+OK\r\n");
        assertThat(c.call("PFCOUNT", "m")).isEqualTo(":8\r\n");
        assertThat(c.call("PFMERGE", "new")).isEqualTo("+OK\r\n");
        assertThat(hex("new")).isEqualTo("48594c4c0100000000000000000000807fff");
        assertThat(c.call("PFMERGE", "a", "b")).isEqualTo("+OK\r\n");
        assertThat(c.call("PFCOUNT", "a")).isEqualTo(":8\r\n");
        // a dense source makes the destination dense
        c.call("CONFIG", "SET", "hll-sparse-max-bytes", "0");
        c.call("PFADD", "d", "x");
        c.call("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
        assertThat(c.call("PFDEBUG", "ENCODING", "d")).isEqualTo("+dense\r\n");
        assertThat(c.call("PFMERGE", "m", "d")).isEqualTo("+OK\r\n");
        assertThat(c.call("PFDEBUG", "ENCODING", "m")).isEqualTo("+dense\r\n");
        assertThat(c.call("PFCOUNT", "m")).isEqualTo(":9\r\n");
    }

    @Test
    void sparseMaxBytesPromotesToDense() {
        c.call("CONFIG", "SET", "hll-sparse-max-bytes", "40");
        c.call("PFADD", "s", "1", "2", "3", "4", "5", "6", "7", "8");
        assertThat(c.call("PFDEBUG", "ENCODING", "s")).isEqualTo("+dense\r\n");
        assertThat(c.call("PFDEBUG", "DECODE", "s")).isEqualTo("-ERR HLL encoding is not sparse\r\n");
        assertThat(value("s").value()).hasSize(12304);
        c.call("PFADD", "s", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20");
        assertThat(c.call("PFCOUNT", "s")).isEqualTo(":20\r\n");
    }

    @Test
    void ttlIsKept() {
        c.call("PFADD", "t", "a");
        long at = System.currentTimeMillis() + 1_000_000;
        onLoop(() -> {
            server().db(0).setExpire(b("t"), at);
            return null;
        });
        c.call("PFADD", "t", "b");
        c.call("PFCOUNT", "t");
        c.call("PFMERGE", "t", "t");
        c.call("PFDEBUG", "TODENSE", "t");
        assertThat(onLoop(() -> server().db(0).expireAt(b("t")))).isEqualTo(at);
    }

    @Test
    void notInHllErrors() {
        putHex("s", "666f6f");
        assertThat(c.call("PFADD", "s", "a")).isEqualTo(WRONGTYPE_HLL);
        assertThat(c.call("PFCOUNT", "s")).isEqualTo(WRONGTYPE_HLL);
        assertThat(c.call("PFCOUNT", "nokey", "s")).isEqualTo(WRONGTYPE_HLL);
        assertThat(c.call("PFMERGE", "d", "s")).isEqualTo(WRONGTYPE_HLL);
        assertThat(c.call("PFDEBUG", "ENCODING", "s")).isEqualTo(WRONGTYPE_HLL);
        putHex("enc2", "48594c4c0200000000000000000000007fff");
        assertThat(c.call("PFCOUNT", "enc2")).isEqualTo(WRONGTYPE_HLL);
        putHex("dense", "48594c4c00000000000000000000008000000000");
        assertThat(c.call("PFADD", "dense", "a")).isEqualTo(WRONGTYPE_HLL);
        assertThat(value("d")).isNull();
    }

    @Test
    void otherTypesGetTheUsualWrongtype() {
        c.call("RPUSH", "other", "x");
        String wrongtype = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
        assertThat(c.call("PFADD", "other", "a")).isEqualTo(wrongtype);
        assertThat(c.call("PFCOUNT", "other")).isEqualTo(wrongtype);
        assertThat(c.call("PFCOUNT", "h", "other")).isEqualTo(wrongtype);
        assertThat(c.call("PFMERGE", "other")).isEqualTo(wrongtype);
        assertThat(c.call("PFDEBUG", "GETREG", "other")).isEqualTo(wrongtype);
    }

    @Test
    void corruptedValues() {
        putHex("noops", "48594c4c010000000000000000000080");
        assertThat(c.call("PFCOUNT", "noops")).isEqualTo(INVALID);
        assertThat(c.call("PFADD", "noops", "a")).isEqualTo(INVALID);
        assertThat(c.call("PFADD", "noops")).isEqualTo(":0\r\n");
        assertThat(c.call("PFCOUNT", "noops", "noops")).isEqualTo(INVALID);
        assertThat(c.call("PFMERGE", "d", "noops")).isEqualTo(INVALID);
        assertThat(value("d")).isNull();
        assertThat(c.call("PFDEBUG", "TODENSE", "noops")).isEqualTo(INVALID);
        assertThat(c.call("PFDEBUG", "GETREG", "noops")).isEqualTo(INVALID);
        assertThat(c.call("PFDEBUG", "DECODE", "noops")).isEqualTo("$0\r\n\r\n");
        // runs past the last register
        putHex("many", "48594c4c0100000000000000000000807fff80");
        assertThat(c.call("PFCOUNT", "many")).isEqualTo(INVALID);
        assertThat(c.call("PFMERGE", "d2", "many")).isEqualTo(INVALID);
        assertThat(c.call("PFDEBUG", "TODENSE", "many")).isEqualTo(INVALID);
        // the first element lands in the valid part and changes it, the second finds no opcode
        putHex("tail", "48594c4c0100000000000000000000000000");
        assertThat(c.call("PFADD", "tail", "a")).isEqualTo(INVALID);
    }

    @Test
    void pfdebug() {
        assertThat(c.call("PFDEBUG", "ENCODING", "nokey")).isEqualTo("-ERR The specified key does not exist\r\n");
        assertThat(c.call("PFDEBUG", "nosuch", "nokey")).isEqualTo("-ERR The specified key does not exist\r\n");
        c.call("PFADD", "h", "a", "b", "c");
        assertThat(c.call("PFDEBUG", "nosuch", "h")).isEqualTo("-ERR Unknown PFDEBUG subcommand 'nosuch'\r\n");
        assertThat(c.call("PFDEBUG", "encoding", "h")).isEqualTo("+sparse\r\n");
        assertThat(c.call("PFDEBUG", "DECODE", "h")).isEqualTo(
                "$44\r\nZ:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603\r\n");
        long d0 = dirty();
        assertThat(c.call("PFDEBUG", "TODENSE", "h")).isEqualTo(":1\r\n");
        assertThat(dirty() - d0).isEqualTo(1);
        assertThat(c.call("PFDEBUG", "TODENSE", "h")).isEqualTo(":0\r\n");
        assertThat(c.call("PFDEBUG", "ENCODING", "h")).isEqualTo("+dense\r\n");
        assertThat(c.call("PFCOUNT", "h")).isEqualTo(":3\r\n");
        c.call("PFADD", "g", "a");
        String regs = c.call("PFDEBUG", "GETREG", "g");
        assertThat(regs).startsWith("*16384\r\n:0\r\n");
        assertThat(regs.split("\r\n")).hasSize(16385);
        // register 12711 holds "a"'s run of 2
        assertThat(regs.split("\r\n")[1 + 12711]).isEqualTo(":2");
        assertThat(c.call("PFDEBUG", "ENCODING", "g")).isEqualTo("+dense\r\n");
    }

    @Test
    void dirtyCountsAsRedis() {
        long d = dirty();
        c.call("PFADD", "dk", "a", "b", "c");
        assertThat(dirty() - d).isEqualTo(4);
        d = dirty();
        c.call("PFADD", "dk", "a");
        assertThat(dirty() - d).isZero();
        c.call("PFADD", "dk", "x", "y");
        assertThat(dirty() - d).isEqualTo(2);
        d = dirty();
        c.call("PFCOUNT", "dk");
        c.call("PFCOUNT", "dk");
        c.call("PFCOUNT", "dk", "dk");
        assertThat(dirty() - d).isEqualTo(1);
        d = dirty();
        c.call("PFMERGE", "dm", "dk");
        c.call("PFMERGE", "dm");
        assertThat(dirty() - d).isEqualTo(2);
    }

    @Test
    void notificationsAndSignals() {
        List<String> events = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        ServerListener l = new ServerListener() {
            @Override
            public void keyspaceEvent(int type, String event, byte[] key, int dbid) {
                // only the classes 'A' covers; "new"/"keymiss" have their own compat scenario
                if ((type & dev.emredis.internal.keyspace.Notifications.ALL) == 0) return;
                events.add(type + ":" + event + ":" + new String(key, StandardCharsets.UTF_8));
            }

            @Override
            public void keyModified(Database db, byte[] key) {
                modified.add(new String(key, StandardCharsets.UTF_8));
            }
        };
        onLoop(() -> {
            server().addListener(l);
            return null;
        });
        try {
            c.call("PFADD", "h", "a");
            c.call("PFADD", "h", "a");
            c.call("PFCOUNT", "h");
            c.call("PFCOUNT", "h");
            c.call("PFMERGE", "m", "h");
            c.call("PFDEBUG", "TODENSE", "h");
            int string = dev.emredis.internal.keyspace.Notifications.STRING;
            assertThat(onLoop(() -> new ArrayList<>(events))).containsExactly(
                    string + ":pfadd:h", string + ":pfadd:m");
            assertThat(onLoop(() -> new ArrayList<>(modified))).containsExactly("h", "h", "m");
        } finally {
            onLoop(() -> server().listeners().remove(l));
        }
    }

    @Test
    void pfselftest() {
        c.setTimeout(60_000); // a few seconds of work, more on a loaded machine
        assertThat(c.call("PFSELFTEST")).isEqualTo("+OK\r\n");
    }
}
