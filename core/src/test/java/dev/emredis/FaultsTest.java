package dev.emredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emredis.testing.RespClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fault switches' precedence where no real state combines them, and raw network rules. */
class FaultsTest {
    private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";
    private static final String BUSY = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";
    private RedisEmulator redis;

    @BeforeEach
    void start() {
        redis = RedisEmulator.builder().seed(7).build().start();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void masterdownBeforeLoadingBeforeBusy() {
        redis.faults().busy(true).loading(true).masterDown(true);
        try (RespClient c = new RespClient(redis)) {
            assertThat(c.call("GET", "k")).startsWith("-MASTERDOWN");
            redis.faults().masterDown(false);
            assertThat(c.call("GET", "k")).isEqualTo(LOADING);
            redis.faults().loading(false);
            assertThat(c.call("GET", "k")).isEqualTo(BUSY);
            // a busy script skips the OOM check (Redis: isInsideYieldingLongCommand)
            redis.faults().role(Role.MASTER).oom(true);
            assertThat(c.call("SET", "k", "v")).isEqualTo(BUSY);
            redis.faults().busy(false);
            assertThat(c.call("SET", "k", "v")).startsWith("-OOM");
        }
    }

    @Test
    void execRefusedByLoadingIsWrapped() {
        try (RespClient c = new RespClient(redis)) {
            c.call("MULTI");
            c.call("SET", "k", "v");
            redis.faults().busy(true);
            assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of: "
                    + BUSY.substring(1));
        }
    }

    @Test
    void authComesFirstAndClearRestores() {
        redis.faults().requirePass("pw").oom(true);
        try (RespClient c = new RespClient(redis)) {
            assertThat(c.call("SET", "k", "v")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.call("AUTH", "bad")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(c.call("AUTH", "pw")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "k", "v")).startsWith("-OOM");
        }
        redis.faults().clear();
        try (RespClient c = new RespClient(redis)) {
            assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            assertThat(c.call("CONFIG", "GET", "requirepass")).endsWith("$0\r\n\r\n");
        }
    }

    @Test
    void maxClientsRefusesWithRedisText() throws IOException {
        try (RespClient first = new RespClient(redis)) {
            first.call("PING");
            redis.faults().maxClients(1);
            try (Socket s = new Socket(redis.host(), redis.port())) {
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("-ERR max number of clients reached\r\n");
            }
            redis.faults().clear();
            assertThat(first.call("CONFIG", "GET", "maxclients")).contains("10000");
        }
    }

    @Test
    void refuseConnectionsThenListenAgain() {
        redis.faults().refuseConnections(true);
        assertThatThrownBy(() -> new Socket(redis.host(), redis.port()).close()).isInstanceOf(ConnectException.class);
        redis.faults().refuseConnections(false);
        try (RespClient c = new RespClient(redis)) {
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void closeAllConnections() {
        try (RespClient c = new RespClient(redis)) {
            c.call("PING");
            redis.faults().closeAllConnections();
            assertThat(c.isClosedByServer(2000)).isTrue();
        }
    }

    @Test
    void replyErrorTimesAndAfter() {
        FaultRule r = redis.faults().when(Match.command("GET").after(1).times(2)).replyError("TRYAGAIN later");
        try (RespClient c = new RespClient(redis)) {
            assertThat(c.call("GET", "k")).isEqualTo("$-1\r\n");
            assertThat(c.call("GET", "k")).isEqualTo("-TRYAGAIN later\r\n");
            assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "k")).isEqualTo("-TRYAGAIN later\r\n");
            assertThat(c.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            r.remove();
        }
        assertThat(redis.journal().commands()).extracting(Journal.Entry::replyKind).containsExactly(
                Journal.ReplyKind.OK, Journal.ReplyKind.FAULT, Journal.ReplyKind.OK, Journal.ReplyKind.FAULT, Journal.ReplyKind.OK);
    }

    @Test
    void injectedErrorInsideMultiAbortsExec() {
        redis.faults().when(Match.command("SET")).replyError("ERR injected");
        try (RespClient c = new RespClient(redis)) {
            c.call("MULTI");
            assertThat(c.call("SET", "k", "v")).isEqualTo("-ERR injected\r\n");
            assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
        }
    }

    @Test
    void ruleOnClientNameAndSubcommand() {
        redis.faults().when(Match.command("CLIENT", "ID").onClientName("probe")).replyError("-ERR nope");
        try (RespClient c = new RespClient(redis)) {
            assertThat(c.call("CLIENT", "ID")).startsWith(":");
            c.call("CLIENT", "SETNAME", "probe");
            assertThat(c.call("CLIENT", "ID")).isEqualTo("-ERR nope\r\n");
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$5\r\nprobe\r\n");
        }
    }

    @Test
    void delayHoldsTheReplyInRealTime() {
        redis.faults().when(Match.command("PING").times(1)).delay(Duration.ofMillis(300));
        try (RespClient c = new RespClient(redis)) {
            long t0 = System.nanoTime();
            c.send("PING");
            c.send("ECHO", "after");
            assertThat(c.read()).isEqualTo("+PONG\r\n");
            assertThat(c.read()).isEqualTo("$5\r\nafter\r\n");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        }
    }

    @Test
    void hangNeverAnswers() {
        redis.faults().when(Match.command("GET")).hang();
        try (RespClient c = new RespClient(redis)) {
            c.send("GET", "k");
            c.send("PING");
            assertThat(c.isClosedByServer(300)).isFalse();
        }
        try (RespClient c = new RespClient(redis)) {
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void closeAndResetDropTheConnection() throws IOException {
        redis.faults().when(Match.command("GET").times(1)).closeConnection();
        try (RespClient c = new RespClient(redis)) {
            assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            c.send("GET", "k");
            assertThat(c.isClosedByServer(2000)).isTrue();
        }
        redis.faults().when(Match.command("GET").times(1)).reset();
        try (Socket s = new Socket(redis.host(), redis.port())) {
            s.getOutputStream().write(RespClient.encode("GET".getBytes(), "k".getBytes()));
            InputStream in = s.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void throttleTricklesTheReply() {
        try (RespClient c = new RespClient(redis)) {
            c.call("SET", "big", "x".repeat(400));
            redis.faults().when(Match.command("GET")).throttle(1000);
            long t0 = System.nanoTime();
            assertThat(c.call("GET", "big")).hasSize(400 + 8);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void probabilityIsSeeded() {
        redis.faults().when(Match.command("PING").probability(0.5)).replyError("ERR flaky");
        StringBuilder pattern = new StringBuilder();
        try (RespClient c = new RespClient(redis)) {
            for (int i = 0; i < 40; i++) pattern.append(c.call("PING").startsWith("+") ? '.' : 'x');
        }
        assertThat(pattern.toString()).contains(".", "x");
    }
}
