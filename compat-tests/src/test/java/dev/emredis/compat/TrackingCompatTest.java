package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RealRedis;
import dev.emredis.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Which writes announce a change to client-side caches: a RESP3 tracking client reads the keys a
 * write command names, another client runs the command, and the invalidations that arrive before
 * the tracking client's next PONG are compared with real Redis, for writes of every type and for
 * writes that change nothing (which announce nothing).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackingCompatTest {
    private RedisEmulator emulator;
    private RealRedis real;

    @BeforeAll
    void start() {
        real = RealRedis.get();
        emulator = RedisEmulator.builder().seed(3).build().start();
    }

    @AfterAll
    void stop() {
        if (emulator != null) emulator.close();
    }

    /** Setup commands (';'-separated), the write, the keys the tracking client reads first. */
    private record Case(String setup, String write, String keys) { }

    private static final List<Case> CASES = List.of(
            // strings and bitmaps, HyperLogLog
            new Case("", "APPEND s x", "s"),
            new Case("SET s abc", "SETRANGE s 3 y", "s"),
            new Case("", "INCR n", "n"),
            new Case("", "DECRBY n 2", "n"),
            new Case("", "INCRBYFLOAT f 1.5", "f"),
            new Case("", "SETNX s v", "s"),
            new Case("", "SETEX s 100 v", "s"),
            new Case("", "MSETNX m1 a m2 b", "m1 m2"),
            new Case("SET s v", "SET s w GET", "s"),
            new Case("SET s v EX 100", "SET s w KEEPTTL", "s"),
            new Case("SET s v", "GETEX s PX 100000", "s"),
            new Case("SET s v EX 100", "GETEX s PERSIST", "s"),
            new Case("SET s v", "GETDEL s", "s"),
            new Case("", "SETBIT b 7 1", "b"),
            new Case("SETBIT b 1 1", "BITOP OR dst b b", "dst b"),
            new Case("", "BITFIELD bf SET u8 0 255", "bf"),
            new Case("", "PFADD h a b c", "h"),
            new Case("PFADD h1 a;PFADD h2 b", "PFMERGE h1 h2", "h1 h2"),
            // lists
            new Case("RPUSH l a b c", "LPOP l", "l"),
            new Case("RPUSH l a b c", "RPOP l 3", "l"),
            new Case("RPUSH l a b c", "LSET l 0 z", "l"),
            new Case("RPUSH l a b c", "LTRIM l 0 0", "l"),
            new Case("RPUSH l a b a", "LREM l 0 a", "l"),
            new Case("RPUSH l a", "LINSERT l BEFORE a x", "l"),
            new Case("RPUSH l a", "LPUSHX l b", "l"),
            new Case("RPUSH l a", "LMPOP 1 l LEFT", "l"),
            new Case("RPUSH a 1 2;RPUSH b 3", "LMOVE a b LEFT LEFT", "a b"),
            new Case("RPUSH a 1;RPUSH b 3", "BLMOVE a b LEFT LEFT 0", "a b"),
            // hashes
            new Case("HSET h f v", "HSET h f w", "h"),
            new Case("HSET h f v g w", "HDEL h f", "h"),
            new Case("", "HSETNX h f v", "h"),
            new Case("", "HINCRBY h n 1", "h"),
            new Case("", "HINCRBYFLOAT h x 0.5", "h"),
            // sets
            new Case("SADD s a b", "SREM s a", "s"),
            new Case("SADD s a", "SPOP s", "s"),
            new Case("SADD s a b", "SMOVE s t a", "s t"),
            new Case("SADD s1 a;SADD s2 b", "SUNIONSTORE s3 s1 s2", "s1 s2 s3"),
            new Case("SADD s1 a b;SADD s2 b", "SINTERSTORE s3 s1 s2", "s1 s2 s3"),
            new Case("SADD s1 a b;SADD s2 b", "SDIFFSTORE s3 s1 s2", "s3"),
            new Case("SADD s3 x", "SINTERSTORE s3 nosuch1 nosuch2", "s3"),
            // sorted sets
            new Case("ZADD z 1 a", "ZINCRBY z 2 a", "z"),
            new Case("ZADD z 1 a 2 b", "ZREM z a", "z"),
            new Case("ZADD z 1 a 2 b", "ZPOPMIN z", "z"),
            new Case("ZADD z 1 a 2 b", "ZPOPMAX z 5", "z"),
            new Case("ZADD z 1 a 2 b", "ZREMRANGEBYRANK z 0 0", "z"),
            new Case("ZADD z 1 a 2 b", "ZREMRANGEBYSCORE z 1 1", "z"),
            new Case("ZADD z 1 a 1 b", "ZREMRANGEBYLEX z [a [a", "z"),
            new Case("ZADD z1 1 a;ZADD z2 2 b", "ZUNIONSTORE z3 2 z1 z2", "z3"),
            new Case("ZADD z1 1 a;ZADD z2 2 a", "ZINTERSTORE z3 2 z1 z2", "z3"),
            new Case("ZADD z1 1 a 2 b", "ZRANGESTORE z3 z1 0 -1", "z3"),
            new Case("ZADD z 1 a", "ZMPOP 1 z MIN", "z"),
            // streams
            new Case("", "XADD x 1-1 f v", "x"),
            new Case("XADD x 1-1 f v;XADD x 2-1 f v", "XDEL x 1-1", "x"),
            new Case("XADD x 1-1 f v;XADD x 2-1 f v", "XTRIM x MAXLEN 1", "x"),
            new Case("XADD x 1-1 f v", "XGROUP CREATE x g 0", "x"),
            new Case("XADD x 1-1 f v", "XGROUP CREATE x g 0 ENTRIESREAD 1", "x"),
            new Case("XADD x 1-1 f v", "XSETID x 5-0", "x"),
            new Case("XADD x 1-1 f v;XGROUP CREATE x g 0", "XREADGROUP GROUP g c STREAMS x >", "x"),
            new Case("XADD x 1-1 f v;XGROUP CREATE x g 0", "XGROUP CREATECONSUMER x g c2", "x"),
            new Case("XADD x 1-1 f v;XGROUP CREATE x g 0", "XGROUP SETID x g 1-1", "x"),
            new Case("XADD x 1-1 f v;XGROUP CREATE x g 0", "XGROUP DESTROY x g", "x"),
            new Case("XADD x 1-1 f v;XGROUP CREATE x g 0;XREADGROUP GROUP g c STREAMS x >", "XACK x g 1-1", "x"),
            new Case("XADD x 1-1 f v;XGROUP CREATE x g 0;XREADGROUP GROUP g c STREAMS x >", "XCLAIM x g c2 0 1-1", "x"),
            new Case("XADD x 1-1 f v;XGROUP CREATE x g 0;XREADGROUP GROUP g c STREAMS x >", "XAUTOCLAIM x g c2 0 0", "x"),
            new Case("XADD x 1-1 f v;XGROUP CREATE x g 0;XREADGROUP GROUP g c STREAMS x >", "XGROUP DELCONSUMER x g c", "x"),
            // generic keyspace
            new Case("SET k v", "EXPIRE k 100", "k"),
            new Case("SET k v", "PEXPIREAT k 99999999999999", "k"),
            new Case("SET k v EX 100", "PERSIST k", "k"),
            new Case("SET k v", "COPY k k2", "k k2"),
            new Case("SET k v;SET k2 w", "COPY k k2 REPLACE", "k k2"),
            new Case("SET k v", "DEL k", "k"),
            new Case("SET k v;SET j w", "UNLINK k j nosuch", "j k nosuch"),
            new Case("SET k v", "EXPIRE k 0", "k"),
            new Case("RPUSH k c a b", "SORT k STORE k2", "k k2"),
            new Case("SET k v", "MOVE k 1", "k"),
            new Case("SET k v", "RENAMENX k k3", "k k3"),
            new Case("SET k v;SET k2 v", "RENAME k k2", "k k2"),
            new Case("SET k v", "SWAPDB 0 1", "k"),
            // writes that change nothing
            new Case("SADD s a", "SREM s zz", "s"),
            new Case("HSET h f v", "HDEL h zz", "h"),
            new Case("ZADD z 1 a", "ZREM z zz", "z"),
            new Case("RPUSH l a", "LREM l 0 zz", "l"),
            new Case("XADD x 1-1 f v", "XDEL x 9-9", "x"),
            new Case("", "LPUSHX l a", "l"),
            new Case("", "DEL k", "k"),
            new Case("SET k v", "PERSIST k", "k"),
            new Case("SET k v", "SETNX k w", "k"),
            new Case("HSET h f v", "HSETNX h f w", "h"),
            new Case("SET k v", "EXPIRE k 100 XX", "k"),
            new Case("SET k v", "GETEX k", "k"),
            new Case("SADD s a", "SADD s a", "s"),
            new Case("ZADD z 1 a", "ZADD z NX 2 a", "z"),
            new Case("PFADD h a", "PFADD h a", "h"),
            new Case("SET k 1", "INCRBY k 0", "k"),
            new Case("RPUSH l a", "LTRIM l 0 -1", "l"),
            new Case("SADD s a", "SMOVE s t zz", "s t"),
            new Case("SET k v", "RENAME k k", "k"),
            new Case("XADD x 1-1 f v;XGROUP CREATE x g 0", "XGROUP CREATE x g 0", "x"),
            new Case("XADD x 1-1 f v;XGROUP CREATE x g 0", "XREADGROUP GROUP g c STREAMS x 0", "x"),
            new Case("SET k v", "SET k v XX GET", "k"));

    /**
     * Read-only commands and the keys they make Redis remember (key ranges and getkeys procedures
     * alike, errors included): after each one the writer changes keys a to e.
     */
    private static final List<String> READS = List.of(
            "GET a", "MGET a b c", "STRLEN a", "GETRANGE a 0 1", "SUBSTR a 0 1", "EXISTS a b c d", "TYPE a",
            "TTL a", "PTTL b", "EXPIRETIME c", "PEXPIRETIME d", "TOUCH a b", "LCS a b",
            "BITCOUNT a", "BITPOS a 1", "GETBIT a 1", "BITFIELD_RO a GET u8 0", "PFCOUNT a b",
            "OBJECT ENCODING a", "OBJECT FREQ a", "OBJECT IDLETIME a", "OBJECT REFCOUNT a", "MEMORY USAGE a",
            "HGET a f", "HMGET a f g", "HGETALL a", "HKEYS a", "HVALS a", "HLEN a", "HEXISTS a f", "HSTRLEN a f",
            "HRANDFIELD a", "HSCAN a 0", "LRANGE a 0 -1", "LLEN a", "LINDEX a 0", "LPOS a x",
            "SMEMBERS a", "SISMEMBER a m", "SMISMEMBER a m n", "SCARD a", "SRANDMEMBER a", "SSCAN a 0",
            "SUNION a b", "SINTER a b c", "SDIFF a b", "SINTERCARD 2 a b", "SINTERCARD 9 a b",
            "ZRANGE a 0 -1", "ZSCORE a m", "ZMSCORE a m", "ZCARD a", "ZCOUNT a 0 1", "ZRANK a m", "ZREVRANK a m",
            "ZRANGEBYSCORE a 0 1", "ZREVRANGE a 0 1", "ZLEXCOUNT a - +", "ZRANDMEMBER a", "ZSCAN a 0",
            "ZUNION 2 a b", "ZINTER 3 a b c", "ZDIFF 2 a b", "ZINTERCARD 2 a b", "ZUNION 0 a",
            "XLEN a", "XRANGE a - +", "XREVRANGE a + -", "XINFO STREAM a", "XPENDING a g",
            "XREAD STREAMS a b 0 0", "XREAD COUNT 1 STREAMS a 0",
            "SORT_RO a", "SORT_RO a BY b_* GET c_*", "SORT a", "RANDOMKEY", "DBSIZE", "KEYS *", "SCAN 0");

    @Test
    void readOnlyCommandsRememberTheirKeys() {
        List<String> emu = reads(emulator.host(), emulator.port());
        List<String> red = reads(real.host, real.port);
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < READS.size(); i++) {
            if (!emu.get(i).equals(red.get(i))) {
                diffs.add(READS.get(i) + "\n  redis:    " + red.get(i) + "\n  emulator: " + emu.get(i));
            }
        }
        assertThat(diffs).as(String.join("\n", diffs)).isEmpty();
    }

    private static List<String> reads(String host, int port) {
        List<String> out = new ArrayList<>();
        try (RespClient tracker = new RespClient(host, port); RespClient writer = new RespClient(host, port)) {
            tracker.setTimeout(3000);
            tracker.call("HELLO", "3");
            tracker.call("CLIENT", "TRACKING", "on");
            for (String read : READS) {
                writer.call("FLUSHALL");
                pushesBeforePong(tracker);
                tracker.callBytes(args(read));
                writer.call("MSET", "a", "1", "b", "1", "c", "1", "d", "1", "e", "1");
                List<String> keys = new ArrayList<>();
                for (String p : pushesBeforePong(tracker)) keys.add(p.substring(p.lastIndexOf('\n', p.length() - 3) + 1).trim());
                out.add(keys.toString());
            }
            writer.call("FLUSHALL");
        }
        return out;
    }

    @Test
    void everyChangeAndOnlyChangesAreAnnounced() {
        List<String> emu = run(emulator.host(), emulator.port());
        List<String> red = run(real.host, real.port);
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            if (!emu.get(i).equals(red.get(i))) {
                diffs.add(CASES.get(i).write() + "\n  redis:    " + red.get(i) + "\n  emulator: " + emu.get(i));
            }
        }
        assertThat(diffs).as(String.join("\n", diffs)).isEmpty();
    }

    private static List<String> run(String host, int port) {
        List<String> out = new ArrayList<>();
        try (RespClient tracker = new RespClient(host, port); RespClient writer = new RespClient(host, port)) {
            tracker.setTimeout(3000);
            tracker.call("HELLO", "3");
            assertThat(tracker.call("CLIENT", "TRACKING", "on")).isEqualTo("+OK\r\n");
            for (Case k : CASES) {
                writer.call("SELECT", "0");
                writer.call("FLUSHALL");
                pushesBeforePong(tracker);
                for (String s : k.setup().split(";")) {
                    if (!s.isEmpty()) writer.callBytes(args(s));
                }
                for (String key : k.keys().split(" ")) tracker.call("EXISTS", key);
                String reply = writer.callBytes(args(k.write()));
                out.add(ScenarioTest.visible(reply) + " pushes: " + ScenarioTest.visible(String.join("", pushesBeforePong(tracker))));
            }
            writer.call("FLUSHALL");
        }
        return out;
    }

    private static byte[][] args(String line) {
        return dev.emredis.internal.resp.RespDecoder.splitArgs(line.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toArray(new byte[0][]);
    }

    /** PING, and what arrives before its PONG. */
    private static List<String> pushesBeforePong(RespClient c) {
        List<String> pushes = new ArrayList<>();
        c.send("PING");
        for (String r = c.read(); !r.equals("+PONG\r\n"); r = c.read()) pushes.add(r);
        return pushes;
    }
}
