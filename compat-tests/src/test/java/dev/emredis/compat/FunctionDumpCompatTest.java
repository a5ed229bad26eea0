package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.RespClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** FUNCTION DUMP payloads go both ways: dumped by real Redis and restored by the emulator, and back. */
class FunctionDumpCompatTest extends BothServers {
    private static final String[] LIBRARIES = {
        "#!lua name=incr\nredis.register_function('incr2', function(keys, args) return redis.call('INCRBY', keys[1], 2) end)",
        "#!lua name=counters\n"
            + "redis.register_function{function_name='peek', callback=function(keys) return redis.call('GET', keys[1]) end,"
            + " flags={'no-writes'}, description='reads a counter'}",
        "#!lua name=big\nlocal pad = '" + "x".repeat(3000) + "'\n"
            + "redis.register_function('pad', function() return #pad end)",
        "#!lua name=utf8\nredis.register_function('hello', function() return 'h\u00e9llo \u2603' end)",
    };

    @Test
    void payloadsRestoreOnTheOtherServer() {
        try (RespClient r = real.connect(); RespClient e = new RespClient(emulator)) {
            for (RespClient c : new RespClient[] {r, e}) {
                assertThat(c.call("FUNCTION", "FLUSH")).isEqualTo("+OK\r\n");
                for (String lib : LIBRARIES) assertThat(c.call("FUNCTION", "LOAD", lib)).startsWith("$");
            }
            byte[] fromReal = payload(r.call("FUNCTION", "DUMP"));
            byte[] fromEmulator = payload(e.call("FUNCTION", "DUMP"));
            // the same records (LZF-compressed like Redis's); their order is Redis's dict order, seeded at random
            assertThat(fromEmulator).hasSameSizeAs(fromReal);

            // real -> emulator
            assertThat(e.call("FUNCTION", "FLUSH")).isEqualTo("+OK\r\n");
            assertThat(e.callBytes(b("FUNCTION"), b("RESTORE"), fromReal)).isEqualTo("+OK\r\n");
            // emulator -> real
            assertThat(r.call("FUNCTION", "FLUSH")).isEqualTo("+OK\r\n");
            assertThat(r.callBytes(b("FUNCTION"), b("RESTORE"), fromEmulator)).isEqualTo("+OK\r\n");

            // one library at a time, one function each: FUNCTION LIST follows Redis's dict order, seeded at random
            for (String lib : new String[] {"incr", "counters", "big", "utf8"}) {
                assertThat(e.call("FUNCTION", "LIST", "LIBRARYNAME", lib, "WITHCODE"))
                        .isEqualTo(r.call("FUNCTION", "LIST", "LIBRARYNAME", lib, "WITHCODE"));
            }
            for (RespClient c : new RespClient[] {r, e}) {
                assertThat(c.call("FCALL", "incr2", "1", "fdump:n")).isEqualTo(":2\r\n");
                assertThat(c.call("FCALL_RO", "peek", "1", "fdump:n")).isEqualTo("$1\r\n2\r\n");
                assertThat(c.call("FCALL", "pad", "0")).isEqualTo(":3000\r\n");
                c.call("DEL", "fdump:n");
                c.call("FUNCTION", "FLUSH");
            }
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes of a bulk-string reply as RespClient returns it (ISO-8859-1 text). */
    private static byte[] payload(String bulk) {
        int crlf = bulk.indexOf("\r\n");
        int n = Integer.parseInt(bulk.substring(1, crlf));
        return bulk.substring(crlf + 2, crlf + 2 + n).getBytes(StandardCharsets.ISO_8859_1);
    }
}
