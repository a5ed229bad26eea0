package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RealRedis;
import dev.emredis.testing.RespClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real redis-server started with {@code --replicaof} the emulator: it completes the PSYNC
 * handshake, loads the emulator's RDB snapshot (every type, TTLs, several databases) and then
 * follows the replication stream (writes, database switches, expiries, flushes), ending with the
 * same data. This proves the RDB file and the stream are what Redis expects.
 */
class ReplicaSyncCompatTest {
    private static final Pattern OFFSET = Pattern.compile("slave_repl_offset:(\\d+)");

    private static long field(RespClient c, Pattern p) {
        Matcher m = p.matcher(c.call("INFO", "replication"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Waits (for the external process) until the replica has applied the emulator's whole stream. */
    private static void awaitInSync(RespClient master, RespClient replica) throws InterruptedException {
        Pattern masterOffset = Pattern.compile("master_repl_offset:(\\d+)");
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            String info = replica.call("INFO", "replication");
            long target = field(master, masterOffset);
            if (info.contains("master_link_status:up") && field(replica, OFFSET) == target) return;
            Thread.sleep(20); // waiting for another process to catch up, not for emulated time
        }
        throw new AssertionError("replica not in sync: " + replica.call("INFO", "replication"));
    }

    private static List<String> contents(RespClient c) {
        List<String> out = new ArrayList<>();
        for (int db : new int[] {0, 2}) {
            c.call("SELECT", Integer.toString(db));
            out.add("db" + db + " size " + c.call("DBSIZE"));
            for (String k : List.of("s", "n", "l", "h", "set", "iset", "z", "st", "hll", "big", "gone", "new")) {
                String type = c.call("TYPE", k);
                String value;
                switch (type) {
                    case "+string\r\n": value = c.call("GET", k); break;
                    case "+list\r\n": value = c.call("LRANGE", k, "0", "-1"); break;
                    case "+hash\r\n": value = c.call("HLEN", k) + c.call("HGET", k, "f1"); break;
                    case "+set\r\n": value = c.call("SCARD", k) + c.call("SISMEMBER", k, "7"); break;
                    case "+zset\r\n": value = c.call("ZRANGE", k, "0", "-1", "WITHSCORES"); break;
                    case "+stream\r\n": value = c.call("XRANGE", k, "-", "+") + c.call("XINFO", "GROUPS", k); break;
                    default: value = "";
                }
                String ttl = c.call("PTTL", k);
                out.add(k + " " + type.trim() + " " + value + " ttl>0:" + (ttl.startsWith(":") && !ttl.startsWith(":-")));
            }
        }
        c.call("SELECT", "0");
        return out;
    }

    @Test
    void aRealReplicaLoadsTheSnapshotAndFollowsTheStream() throws Exception {
        RealRedis.get(); // skips or fails like every compat test when redis-server is missing
        try (RedisEmulator emulator = RedisEmulator.builder().seed(3).build().start();
             RespClient e = new RespClient(emulator)) {
            e.call("SET", "s", "hello");
            e.call("SET", "n", "12345");
            e.call("RPUSH", "l", "a", "b", "c");
            e.call("HSET", "h", "f1", "v1", "f2", "v2");
            e.call("SADD", "set", "x", "y", "7");
            e.call("SADD", "iset", "1", "2", "7");
            e.call("ZADD", "z", "1.5", "m1", "-2", "m2");
            e.call("XADD", "st", "1-1", "f", "v");
            e.call("XGROUP", "CREATE", "st", "g", "0");
            e.call("PFADD", "hll", "a", "b", "c");
            e.call("SET", "big", "x".repeat(5000));
            e.call("SET", "gone", "v", "EX", "100");
            e.call("SELECT", "2");
            e.call("RPUSH", "l", "other");
            e.call("EXPIRE", "l", "10000");
            e.call("SELECT", "0");

            RealRedis replica = RealRedis.startAnother("--replicaof", "127.0.0.1", Integer.toString(emulator.port()));
            try (RespClient r = replica.connect()) {
                awaitInSync(e, r);
                assertThat(contents(r)).isEqualTo(contents(e));
                assertThat(r.call("HGET", "h", "f2")).isEqualTo("$2\r\nv2\r\n");

                // the stream: writes in two databases, an expiry, a flush
                e.call("SET", "new", "1");
                e.call("INCR", "new");
                e.call("LPUSH", "l", "z");
                e.call("HDEL", "h", "f1");
                e.call("ZINCRBY", "z", "10", "m2");
                e.call("XADD", "st", "2-1", "f", "w");
                e.call("SELECT", "2");
                e.call("SET", "s", "in db 2");
                e.call("SELECT", "0");
                emulator.clock().advance(Duration.ofSeconds(101));
                awaitInSync(e, r);
                assertThat(contents(r)).isEqualTo(contents(e));
                assertThat(r.call("GET", "new")).isEqualTo("$1\r\n2\r\n");
                assertThat(r.call("EXISTS", "gone")).isEqualTo(":0\r\n");

                e.call("FLUSHALL");
                awaitInSync(e, r);
                assertThat(r.call("DBSIZE")).isEqualTo(":0\r\n");

                // the master sees its replica
                assertThat(e.call("INFO", "replication")).contains("connected_slaves:1\r\nslave0:ip=127.0.0.1,port=" + replica.port + ",state=online");
                assertThat(e.call("ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n:");
            } finally {
                replica.stop();
            }
        }
    }
}
