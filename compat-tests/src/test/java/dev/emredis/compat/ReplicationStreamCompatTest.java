package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RealRedis;
import dev.emredis.testing.RespClient;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replication stream a replica receives after SYNC, from a real redis-server and from the
 * emulator, for the same commands: both must send the same rewritten forms (Redis 7.0's
 * propagation: absolute expiry times, SPOP as SREM, INCRBYFLOAT as SET ... KEEPTTL, scripts and
 * transactions as their effects in MULTI/EXEC, blocking pops as plain pops). Absolute times and
 * randomly popped members are normalised; everything else is compared verbatim.
 */
class ReplicationStreamCompatTest {
    private static final String[][] COMMANDS = {
        {"SET", "k", "v", "EX", "100"},
        {"SET", "k2", "v", "PX", "5000"},
        {"SET", "k2", "v", "XX", "PX", "5000"},
        {"SET", "k3", "v", "EXAT", "99999999999"},
        {"SET", "k4", "v", "PXAT", "99999999999000"},
        {"SET", "k4", "w", "GET"},
        {"SET", "k4", "x", "NX", "EX", "10"},
        {"EXPIRE", "k", "50"},
        {"PEXPIRE", "k", "50000"},
        {"EXPIREAT", "k", "99999999999"},
        {"EXPIRE", "k", "200", "XX"},
        {"EXPIRE", "k", "200", "NX"},
        {"SETEX", "k5", "100", "v"},
        {"PSETEX", "k6", "100000", "v"},
        {"GETEX", "k5", "EX", "100"},
        {"GETEX", "k5", "PERSIST"},
        {"GETEX", "k5", "PERSIST"},
        {"EXPIRE", "k5", "-1"},
        {"SET", "k7", "v"},
        {"PEXPIREAT", "k7", "1"},
        {"GETDEL", "k2"},
        {"GETSET", "k4", "y"},
        {"SADD", "s", "a"},
        {"SPOP", "s"},
        {"SPOP", "nokey"},
        {"SADD", "s2", "a", "b", "c", "d"},
        {"SPOP", "s2", "2"},
        {"SRANDMEMBER", "s2"},
        {"SPOP", "s2", "5"},
        {"INCRBYFLOAT", "f", "1.5"},
        {"HINCRBYFLOAT", "h", "x", "2.5"},
        {"EVAL", "redis.call('set','a','1'); redis.call('incr','a'); return 1", "0"},
        {"EVAL", "redis.call('set','b','1'); return 1", "0"},
        {"EVAL", "redis.call('incrbyfloat','q','1.5'); redis.call('expire','q',100); return 1", "0"},
        {"FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f', function(keys, args) "
            + "redis.call('set', keys[1], '1'); redis.call('incrbyfloat', keys[1], '0.5'); return 1 end)"},
        {"FCALL", "f", "1", "fk"},
        {"MULTI"}, {"SET", "m", "1"}, {"EXEC"},
        {"MULTI"}, {"GET", "m"}, {"EXEC"},
        {"MULTI"}, {"INCRBYFLOAT", "m", "1"}, {"SET", "m2", "1", "EX", "100"}, {"EXEC"},
        {"LPUSH", "l", "a", "b"},
        {"BLPOP", "l", "0"},
        {"RPUSH", "l2", "x", "y"},
        {"BLMOVE", "l2", "l3", "left", "right", "0"},
        {"BRPOPLPUSH", "l2", "l3", "0"},
        {"BLMPOP", "0", "1", "l3", "LEFT", "COUNT", "5"},
        {"ZADD", "z", "1", "a", "2", "b"},
        {"BZPOPMIN", "z", "0"},
        {"BZPOPMAX", "z", "0"},
        {"RPUSH", "ml", "a", "b", "c"},
        {"LMPOP", "1", "ml", "RIGHT", "COUNT", "2"},
        {"ZADD", "mz", "1", "a", "2", "b", "3", "c"},
        {"ZMPOP", "1", "mz", "MIN", "COUNT", "2"},
        {"ZADD", "mz", "1", "a", "2", "b", "3", "c"},
        {"BZMPOP", "0", "1", "mz", "MAX", "COUNT", "5"},
        // a key expired by a write's lookup: DEL and the write in one MULTI/EXEC
        {"DEBUG", "SET-ACTIVE-EXPIRE", "0"},
        {"SET", "ek", "v", "PXAT", "1000"},
        {"INCR", "ek"},
        {"GET", "ek"},
        {"DEBUG", "SET-ACTIVE-EXPIRE", "1"},
        {"XADD", "st", "1-1", "f", "v"},
        {"XADD", "st", "2-1", "f", "v"},
        {"XGROUP", "CREATE", "st", "g", "0"},
        {"XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "st", ">"},
        {"XREADGROUP", "GROUP", "g", "c1", "STREAMS", "st", "0"},
        {"XREADGROUP", "GROUP", "g", "c2", "STREAMS", "st", ">"},
        {"XADD", "st", "3-1", "f", "v"},
        {"XADD", "st", "4-1", "f", "v"},
        {"XREADGROUP", "GROUP", "g", "c1", "NOACK", "STREAMS", "st", ">"},
        {"XREADGROUP", "GROUP", "g", "c1", "STREAMS", "st", ">"},
    };

    @Test
    void theStreamIsRewrittenAsRedisPropagatesIt() throws Exception {
        RealRedis.get(); // skips or fails like every compat test when redis-server is missing
        RealRedis real = RealRedis.startAnother("--repl-diskless-sync", "no", "--enable-debug-command", "yes");
        List<String> expected;
        try {
            expected = stream(real.host, real.port);
        } finally {
            real.stop();
        }
        List<String> actual;
        try (RedisEmulator emulator = RedisEmulator.builder().seed(5).config("enable-debug-command", "yes").build().start()) {
            actual = stream("127.0.0.1", emulator.port());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).contains("RESTORE rk2 <ms> <payload true> ABSTTL", "DEL rk2", "DEL mk1 mk2",
                "MULTI", "SREM s a", "SET f 1.5 KEEPTTL", "LPOP bl", "ZPOPMAX mz 3",
                "XCLAIM st g c1 0 1-1 TIME <ms> RETRYCOUNT 1 FORCE JUSTID LASTID 1-1",
                "XGROUP SETID st g 4-1 ENTRIESREAD 4", "XCLAIM bst g c9 0 1-1 TIME <ms> RETRYCOUNT 1 FORCE JUSTID LASTID 1-1");
    }

    /** What a SYNC replica of host:port receives while COMMANDS and the blocking clients run. */
    private static List<String> stream(String host, int port) throws Exception {
        try (Socket replica = new Socket(host, port);
             RespClient c = new RespClient(host, port);
             RespClient blocked1 = new RespClient(host, port);
             RespClient blocked2 = new RespClient(host, port);
             RespClient blocked3 = new RespClient(host, port);
             RespClient blocked4 = new RespClient(host, port)) {
            replica.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(replica.getInputStream());
            replica.getOutputStream().write("SYNC\r\n".getBytes(StandardCharsets.US_ASCII));
            skipRdb(in);
            for (String[] cmd : COMMANDS) c.call(cmd);
            // RESTORE with a relative TTL goes out with the absolute time and ABSTTL
            c.call("SET", "rk", "v");
            String dump = c.call("DUMP", "rk");
            byte[] payload = dump.substring(dump.indexOf("\r\n") + 2, dump.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
            c.callBytes(b("RESTORE"), b("rk2"), b("100000"), payload);
            c.callBytes(b("RESTORE"), b("rk2"), b("1"), payload, b("REPLACE"), b("ABSTTL"));
            // MIGRATE: the source's replicas see the keys the target took deleted
            RealRedis target = RealRedis.get();
            c.call("SET", "mk1", "v");
            c.call("SET", "mk2", "v");
            c.call("MIGRATE", target.host, Integer.toString(target.port), "", "0", "5000", "REPLACE", "KEYS", "mk1", "mk2", "nokey");
            c.call("SET", "mk3", "v");
            c.call("MIGRATE", target.host, Integer.toString(target.port), "mk3", "0", "5000", "COPY", "REPLACE");
            // blocking pops served later, by the write that readies their key
            blocked1.send("BLPOP", "bl", "0");
            blocked2.send("BLMOVE", "bl2", "bl3", "right", "left", "0");
            blocked3.send("BZPOPMAX", "bz", "0");
            c.call("XGROUP", "CREATE", "bst", "g", "$", "MKSTREAM");
            blocked4.send("XREADGROUP", "GROUP", "g", "c9", "BLOCK", "0", "STREAMS", "bst", ">");
            awaitBlocked(c, 4);
            c.call("RPUSH", "bl", "a", "b");
            c.call("LPUSH", "bl2", "c");
            c.call("ZADD", "bz", "1", "m", "2", "n");
            c.call("XADD", "bst", "1-1", "f", "v");
            blocked4.read();
            blocked1.read();
            blocked2.read();
            blocked3.read();
            c.call("SET", "end", "1");
            List<String> out = new ArrayList<>();
            while (true) {
                List<String> cmd = readCommand(in);
                String line = normalise(cmd);
                if (line.equals("PING") || line.equals("ping")) continue;
                if (line.equals("SET end 1")) return out;
                out.add(line);
            }
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitBlocked(RespClient c, int n) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (c.call("INFO", "clients").contains("blocked_clients:" + n + "\r\n")) return;
            Thread.sleep(10); // another process's progress, not emulated time
        }
        throw new AssertionError("clients not blocked");
    }

    /** Absolute times (13+ digits) and members popped at random become placeholders. */
    private static String normalise(List<String> cmd) {
        List<String> l = new ArrayList<>(cmd);
        for (int i = 0; i < l.size(); i++) if (l.get(i).matches("\\d{13,}") && !l.get(i).startsWith("99999")) l.set(i, "<ms>");
        if (l.get(0).equals("SREM") && l.get(1).equals("s2")) l.set(2, "<member>");
        if (l.get(0).equalsIgnoreCase("RESTORE")) l.set(3, "<payload " + (l.get(3).length() > 5) + ">");
        return String.join(" ", l);
    }

    private static void skipRdb(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) == '\n') {
            // keepalive newlines while the snapshot is prepared
        }
        if (b != '$') throw new IOException("expected $ got " + (char) b);
        long len = Long.parseLong(line(in));
        for (long i = 0; i < len; i++) if (in.read() < 0) throw new IOException("eof in rdb");
    }

    private static List<String> readCommand(InputStream in) throws IOException {
        int b = in.read();
        if (b != '*') throw new IOException("expected * got " + (char) b);
        int n = Integer.parseInt(line(in));
        List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (in.read() != '$') throw new IOException("expected $");
            int len = Integer.parseInt(line(in));
            byte[] data = in.readNBytes(len);
            in.readNBytes(2);
            args.add(new String(data, StandardCharsets.ISO_8859_1));
        }
        return args;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) throw new IOException("eof");
            sb.append((char) b);
        }
        in.read();
        return sb.toString();
    }
}
