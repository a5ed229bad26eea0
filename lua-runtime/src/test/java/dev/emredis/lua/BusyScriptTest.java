package dev.emredis.lua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long-running scripts (spec §8), with the texts redis-server 7.0.15 gives: past
 * busy-reply-threshold other clients get BUSY (eval or function flavour) except for allow-busy
 * commands; SCRIPT KILL / FUNCTION KILL stop the script unless it wrote. The runaway script runs
 * on one connection while the test polls another until the server reports busy.
 */
class BusyScriptTest extends EmulatorTest {
    private static final String BUSY_EVAL = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";
    private static final String BUSY_FUNCTION = "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n";
    private static final String UNKILLABLE = "-UNKILLABLE Sorry the script already executed write commands against the dataset."
            + " You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n";
    private RespClient runner;

    @BeforeEach
    void lowThreshold() {
        c.call("CONFIG", "SET", "busy-reply-threshold", "50");
        runner = connect();
    }

    @AfterEach
    void restoreThreshold() {
        // A failed test must not leave a runaway script behind (the next flushAll would wait on it).
        try (RespClient admin = connect()) {
            admin.call("SCRIPT", "KILL");
            admin.call("FUNCTION", "KILL");
            runner.close();
            admin.call("CONFIG", "SET", "busy-reply-threshold", "5000");
        }
    }

    /** Polls with PING (no sleeping) until the server answers BUSY. */
    private void awaitBusy(String busy) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String r;
        do {
            r = c.call("PING");
        } while (!r.equals(busy) && System.nanoTime() < deadline);
        assertThat(r).isEqualTo(busy);
    }

    @Test
    void scriptKillStopsABusyEvalScript() {
        assertThat(c.call("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
        runner.send("EVAL", "local i = 0 while true do i = i + 1 end", "0");
        awaitBusy(BUSY_EVAL);
        assertThat(c.call("GET", "x")).isEqualTo(BUSY_EVAL);
        assertThat(c.call("FUNCTION", "STATS")).isEqualTo(BUSY_EVAL);
        assertThat(c.call("FUNCTION", "KILL")).isEqualTo(BUSY_EVAL);
        assertThat(c.call("SHUTDOWN")).isEqualTo(BUSY_EVAL);
        assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
        assertThat(c.call("GET", "x")).isEqualTo(BUSY_EVAL);
        assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of: " + BUSY_EVAL.substring(1));
        assertThat(c.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
        assertThat(runner.read()).isEqualTo("-ERR Script killed by user with SCRIPT KILL... script: "
                + RedisLib.sha1hex("local i = 0 while true do i = i + 1 end") + ", on @user_script:1.\r\n");
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void pcallCannotSwallowAKill() {
        runner.send("EVAL", "while true do pcall(function() while true do end end) end", "0");
        awaitBusy(BUSY_EVAL);
        assertThat(c.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
        assertThat(runner.read()).startsWith("-ERR Script killed by user with SCRIPT KILL... script: ");
    }

    @Test
    void aScriptThatWroteCannotBeKilled() {
        // Ends by itself once it has seen the server busy for a while (TIME is frozen in a script,
        // so it counts redis.call round trips instead).
        runner.setTimeout(60_000);
        runner.send("EVAL", "redis.call('set', 'w', 1) for i = 1, 2000000 do redis.call('ping') end return 'done'", "0");
        awaitBusy(BUSY_EVAL);
        assertThat(c.call("SCRIPT", "KILL")).isEqualTo(UNKILLABLE);
        assertThat(runner.read()).isEqualTo("$4\r\ndone\r\n");
    }

    @Test
    void functionKillStopsABusyFunction() {
        c.call("FUNCTION", "LOAD", "REPLACE", "#!lua name=busy\nredis.register_function('spin', function() while true do end end)");
        runner.send("FCALL", "spin", "1", "k");
        awaitBusy(BUSY_FUNCTION);
        assertThat(c.call("SCRIPT", "KILL")).isEqualTo(BUSY_FUNCTION);
        assertThat(c.call("FUNCTION", "STATS")).startsWith("*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n$4\r\nspin\r\n"
                + "$7\r\ncommand\r\n*4\r\n$5\r\nFCALL\r\n$4\r\nspin\r\n$1\r\n1\r\n$1\r\nk\r\n$11\r\nduration_ms\r\n:");
        assertThat(c.call("FUNCTION", "KILL")).isEqualTo("+OK\r\n");
        assertThat(runner.read()).isEqualTo("-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.\r\n");
        c.call("FUNCTION", "FLUSH");
    }

    @Test
    void aLibraryBodyHasFiveHundredMilliseconds() {
        assertThat(c.call("FUNCTION", "LOAD", "#!lua name=slow\nlocal i = 0 while true do i = i + 1 end"))
                .isEqualTo("-ERR Error registering functions: ERR FUNCTION LOAD timeout\r\n");
    }
}
