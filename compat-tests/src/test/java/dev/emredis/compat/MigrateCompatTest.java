package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MIGRATE between the emulator and a real Redis, both ways: the same script run from real Redis
 * into the emulator and from the emulator into real Redis gives the same replies on the source
 * and leaves the same data on the target (values, TTLs, encodings).
 */
class MigrateCompatTest extends BothServers {

    private static List<String> script(RespClient src, RespClient dst, int dstPort) {
        src.call("FLUSHALL");
        dst.call("FLUSHALL");
        String port = Integer.toString(dstPort);
        List<String> seen = new ArrayList<>();
        src.call("SET", "s", "value");
        src.call("RPUSH", "l", "a", "b", "c");
        src.call("HSET", "h", "f", "v");
        src.call("ZADD", "z", "1.5", "m");
        src.call("SET", "ttl", "x", "PX", "100000");
        src.call("XADD", "st", "1-1", "f", "v");
        seen.add(src.call("MIGRATE", "127.0.0.1", port, "s", "0", "1000"));
        seen.add(src.call("EXISTS", "s"));
        seen.add(dst.call("GET", "s"));
        seen.add(src.call("MIGRATE", "127.0.0.1", port, "", "3", "1000", "COPY", "KEYS", "l", "h", "z", "nokey", "ttl", "st"));
        seen.add(src.call("EXISTS", "l", "h", "z", "ttl", "st"));
        dst.call("SELECT", "3");
        seen.add(dst.call("LRANGE", "l", "0", "-1"));
        seen.add(dst.call("HGETALL", "h"));
        seen.add(dst.call("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        seen.add(dst.call("XRANGE", "st", "-", "+"));
        seen.add(dst.call("OBJECT", "ENCODING", "l"));
        String pttl = dst.call("PTTL", "ttl");
        seen.add(pttl.startsWith(":") && Long.parseLong(pttl.substring(1).trim()) > 90_000 ? "ttl kept" : pttl);
        seen.add(dst.call("PTTL", "l"));
        // the target refuses existing keys unless REPLACE
        seen.add(src.call("MIGRATE", "127.0.0.1", port, "l", "3", "1000"));
        seen.add(src.call("EXISTS", "l"));
        seen.add(src.call("MIGRATE", "127.0.0.1", port, "l", "3", "1000", "REPLACE"));
        seen.add(src.call("EXISTS", "l"));
        // errors from the target: bad db, AUTH without a password configured
        seen.add(src.call("MIGRATE", "127.0.0.1", port, "h", "99", "1000"));
        seen.add(src.call("MIGRATE", "127.0.0.1", port, "h", "0", "1000", "AUTH", "pw"));
        seen.add(src.call("EXISTS", "h"));
        dst.call("SELECT", "0");
        seen.add(dst.call("HGETALL", "h"));
        seen.add(src.call("MIGRATE", "127.0.0.1", port, "h", "0", "1000", "AUTH2", "u", "pw"));
        return seen;
    }

    @Test
    void bothDirectionsBehaveAlike() {
        try (RespClient r = real.connect(); RespClient e = new RespClient(emulator)) {
            List<String> realToEmulator = script(r, e, emulator.port());
            List<String> emulatorToReal = script(e, r, real.port);
            assertThat(emulatorToReal).isEqualTo(realToEmulator);
            assertThat(realToEmulator.get(0)).isEqualTo("+OK\r\n");
            assertThat(realToEmulator.get(2)).isEqualTo("$5\r\nvalue\r\n");
            assertThat(realToEmulator.get(10)).isEqualTo("ttl kept");
            assertThat(realToEmulator.get(12)).startsWith("-ERR Target instance replied with error: BUSYKEY");
        }
    }
}
