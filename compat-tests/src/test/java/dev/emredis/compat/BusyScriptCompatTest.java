package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Long-running scripts with several connections (lua-scripting spec §8), the same flow on a
 * redis-server of the test's own and on the emulator, in RESP2 and RESP3: BUSY for other
 * clients past busy-reply-threshold (inside MULTI too, then EXECABORT), NOTBUSY, SCRIPT KILL of a
 * read-only script and what its caller gets, FUNCTION KILL of a function and SCRIPT KILL refused
 * for it, UNKILLABLE after a write, and SHUTDOWN NOSAVE ending it all.
 */
class BusyScriptCompatTest {

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void busyKillAndUnkillableFlowsMatchRedis(int protocol) throws Exception {
        RealRedis real = RealRedis.startAnother();
        List<String> expected;
        try {
            expected = flow(real.host, real.port, protocol);
        } finally {
            real.stop();
        }
        List<String> actual;
        try (RedisEmulator emulator = RedisEmulator.builder().build().start()) {
            actual = flow(emulator.host(), emulator.port(), protocol);
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        // the flow really went through each state on the real server
        assertThat(expected).anyMatch(r -> r.startsWith("-BUSY Redis is busy running a script."))
                .anyMatch(r -> r.startsWith("-BUSY Redis is busy running a script. You can only call FUNCTION KILL"))
                .anyMatch(r -> r.startsWith("-EXECABORT"))
                .anyMatch(r -> r.startsWith("-NOTBUSY"))
                .anyMatch(r -> r.startsWith("-UNKILLABLE"))
                .contains("shutdown closes the caller: true", "and the script's client: true");
    }

    private static List<String> flow(String host, int port, int protocol) {
        List<String> t = new ArrayList<>();
        try (RespClient runner = new RespClient(host, port);
                RespClient other = new RespClient(host, port);
                RespClient tx = new RespClient(host, port)) {
            if (protocol == 3) {
                for (RespClient c : List.of(runner, other, tx)) c.call("HELLO", "3"); // its reply names the server
            }
            t.add(other.call("CONFIG", "SET", "busy-reply-threshold", "100"));
            t.add(other.call("SCRIPT", "KILL"));
            t.add(other.call("FUNCTION", "KILL"));

            // a read-only script: BUSY for everyone else, SCRIPT KILL stops it
            t.add(tx.call("MULTI"));
            runner.send("EVAL", "local i = 0 while true do i = i + 1 end", "0");
            t.add(firstNotPong(other));
            t.add(other.call("GET", "k"));
            t.add(tx.call("SET", "k", "v"));
            t.add(other.call("FUNCTION", "KILL"));
            t.add(other.call("SCRIPT", "KILL"));
            t.add(runner.read());
            t.add(tx.call("EXEC"));
            t.add(other.call("PING"));
            t.add(other.call("EXISTS", "k"));

            // a function: FUNCTION KILL, not SCRIPT KILL
            t.add(other.call("FUNCTION", "LOAD",
                    "#!lua name=spin\nredis.register_function{function_name='spin', callback=function() while true do end end, flags={'no-writes'}}"));
            runner.send("FCALL", "spin", "0");
            t.add(firstNotPong(other));
            t.add(other.call("SCRIPT", "KILL"));
            t.add(other.call("FUNCTION", "KILL"));
            t.add(runner.read());

            // a script that wrote: UNKILLABLE; only SHUTDOWN NOSAVE ends it
            runner.send("EVAL", "redis.call('SET', 'w', '1') while true do end", "0");
            t.add(firstNotPong(other));
            t.add(other.call("SCRIPT", "KILL"));
            t.add(other.call("SET", "x", "1"));
            other.send("SHUTDOWN", "NOSAVE");
            t.add("shutdown closes the caller: " + other.isClosedByServer(10_000));
            t.add("and the script's client: " + runner.isClosedByServer(10_000));
        }
        return t;
    }

    /**
     * The first reply to PING that is not PONG: the script's EVAL may reach the server an instant
     * after this connection's first PING, which is then answered before the script starts.
     */
    private static String firstNotPong(RespClient c) {
        for (int i = 0; i < 100; i++) {
            String r = c.call("PING");
            if (!r.equals("+PONG\r\n")) return r;
        }
        return "+PONG\r\n (100 times)";
    }
}
