package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Blocking commands on the virtual clock: timeouts, CLIENT UNBLOCK, disconnects, INFO and
 * CLIENT LIST, and wake-ups across types (lists, sorted sets, streams). Replies were checked
 * against redis-server 7.0.15.
 */
class BlockingCommandsTest extends EmulatorTest {
    /** Waits (in real time, for the server thread) until n clients are blocked. */
    private void awaitBlocked(int n) {
        long until = System.nanoTime() + 5_000_000_000L;
        while (blocked() != n) {
            if (System.nanoTime() > until) throw new AssertionError("expected " + n + " blocked clients, got " + blocked());
            Thread.onSpinWait();
        }
    }

    private int blocked() {
        Matcher m = Pattern.compile("blocked_clients:(\\d+)").matcher(c.call("INFO", "clients"));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static long id(RespClient r) {
        return Long.parseLong(r.call("CLIENT", "ID").substring(1).trim());
    }

    @Test
    void timeoutsRunOnTheVirtualClock() {
        redis.clock().freeze();
        try (RespClient w = connect()) {
            w.send("BLPOP", "k", "1.5");
            awaitBlocked(1);
            assertThat(c.call("INFO", "clients")).contains("clients_in_timeout_table:1");
            // Redis times out once the deadline is in the past
            redis.clock().advance(Duration.ofMillis(1500));
            assertThat(blocked()).isEqualTo(1);
            redis.clock().advance(Duration.ofMillis(1));
            assertThat(w.read()).isEqualTo("*-1\r\n");
            awaitBlocked(0);
            // timeout 0 waits for ever
            w.send("BRPOP", "k", "0");
            awaitBlocked(1);
            redis.clock().advance(Duration.ofDays(3650));
            assertThat(blocked()).isEqualTo(1);
            assertThat(c.call("INFO", "clients")).contains("clients_in_timeout_table:0");
            c.call("RPUSH", "k", "v");
            assertThat(w.read()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
        }
    }

    @Test
    void blockedClientsShowInClientListAndPipelineResumesAfterward() {
        try (RespClient w = connect()) {
            w.send("BLPOP", "k", "0");
            w.send("PING");
            awaitBlocked(1);
            assertThat(c.call("CLIENT", "LIST")).containsPattern("id=" + "\\d+ .*flags=b .*cmd=blpop");
            c.call("LPUSH", "k", "v");
            assertThat(w.read()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
            // what the client had pipelined runs once it is unblocked
            assertThat(w.read()).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void clientUnblockAnswersAsTimeoutOrError() {
        try (RespClient w = connect(); RespClient x = connect()) {
            long wid = id(w);
            long xid = id(x);
            w.send("BZPOPMIN", "z", "0");
            x.send("BRPOPLPUSH", "a", "b", "0");
            awaitBlocked(2);
            assertThat(c.call("CLIENT", "UNBLOCK", String.valueOf(wid))).isEqualTo(":1\r\n");
            assertThat(w.read()).isEqualTo("*-1\r\n");
            assertThat(c.call("CLIENT", "UNBLOCK", String.valueOf(xid), "ERROR")).isEqualTo(":1\r\n");
            assertThat(x.read()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
            assertThat(c.call("CLIENT", "UNBLOCK", String.valueOf(xid))).isEqualTo(":0\r\n");
            // WAIT blocks too, and is answered with its count
            w.send("WAIT", "1", "0");
            awaitBlocked(1);
            assertThat(c.call("CLIENT", "UNBLOCK", String.valueOf(wid), "TIMEOUT")).isEqualTo(":1\r\n");
            assertThat(w.read()).isEqualTo(":0\r\n");
        }
    }

    @Test
    void aDisconnectedWaiterIsForgotten() {
        RespClient w = connect();
        w.send("BLPOP", "k", "0");
        awaitBlocked(1);
        w.close();
        awaitBlocked(0);
        try (RespClient v = connect()) {
            v.send("BLPOP", "k", "0");
            awaitBlocked(1);
            c.call("RPUSH", "k", "only");
            assertThat(v.read()).isEqualTo("*2\r\n$1\r\nk\r\n$4\r\nonly\r\n");
        }
        assertThat(c.call("EXISTS", "k")).isEqualTo(":0\r\n");
    }

    @Test
    void streamsWakeReadersAndGroupReadersGiveUpWhenTheKeyGoes() {
        c.call("XADD", "s", "1-1", "f", "v");
        c.call("XGROUP", "CREATE", "s", "g", "$");
        try (RespClient r = connect(); RespClient g = connect()) {
            r.send("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            g.send("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
            awaitBlocked(2);
            c.call("XADD", "s", "2-1", "a", "b");
            String entry = "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n";
            assertThat(r.read()).isEqualTo(entry);
            assertThat(g.read()).isEqualTo(entry);
            g.send("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
            awaitBlocked(1);
            c.call("DEL", "s");
            assertThat(g.read()).isEqualTo("-UNBLOCKED the stream key no longer exists\r\n");
        }
    }

    @Test
    void blockingCommandsInMultiDoNotWait() {
        c.call("MULTI");
        c.call("BLPOP", "k", "0");
        c.call("BZPOPMAX", "z", "0");
        c.call("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
        assertThat(c.call("EXEC")).isEqualTo("*3\r\n*-1\r\n*-1\r\n*-1\r\n");
    }
}
