package dev.emredis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.RespClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JournalTest {
    private RedisEmulator redis;

    @BeforeEach
    void start() {
        redis = RedisEmulator.builder().seed(7).build().start();
        redis.clock().freeze();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void recordsEveryCommandWithItsOutcome() {
        long id;
        try (RespClient c = new RespClient(redis)) {
            id = Long.parseLong(c.call("CLIENT", "ID").trim().substring(1));
            c.call("CLIENT", "SETNAME", "app");
            c.call("SELECT", "2");
            c.call("SET", "k", "v");
            c.call("INCR", "k");
            c.call("NOSUCH", "a");
        }
        List<Journal.Entry> e = redis.journal().commands();
        assertThat(e).extracting(Journal.Entry::command).containsExactly("CLIENT", "CLIENT", "SELECT", "SET", "INCR", "NOSUCH");
        assertThat(e.get(1).subcommand()).isEqualTo("SETNAME");
        assertThat(e.get(1).clientName()).isNull();
        assertThat(e.get(3).clientName()).isEqualTo("app");
        assertThat(e.get(3).db()).isEqualTo(2);
        assertThat(e.get(2).db()).isZero();
        assertThat(e.get(3).connectionId()).isEqualTo(id);
        assertThat(e.get(3).args()).containsExactly("k", "v");
        assertThat(e.get(3).replyKind()).isEqualTo(Journal.ReplyKind.OK);
        assertThat(e.get(4).errorCode()).isEqualTo("ERR");
        assertThat(e.get(5).replyKind()).isEqualTo(Journal.ReplyKind.ERROR);
        assertThat(e.get(3).time()).isEqualTo(redis.clock().instant());
        assertThat(redis.journal().count("client", "setname")).isEqualTo(1);
        assertThat(redis.journal().count("CLIENT")).isEqualTo(2);
        assertThat(redis.journal().count(Match.command("set").onClientName("app"))).isEqualTo(1);
    }

    @Test
    void windowsAndIntervalsUseTheVirtualClock() {
        try (RespClient c = new RespClient(redis)) {
            for (int gap : new int[] {0, 100, 200, 400, 800}) {
                redis.clock().advance(Duration.ofMillis(gap));
                c.call("CLUSTER", "INFO");
                c.call("PING");
            }
        }
        Match m = Match.command("CLUSTER", "INFO");
        assertThat(redis.journal().intervals(m)).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(redis.journal().maxCallsInWindow(m, Duration.ofMillis(301))).isEqualTo(3);
        assertThat(redis.journal().maxCallsInWindow(m, Duration.ofMillis(300))).isEqualTo(2);
        assertThat(redis.journal().maxCallsInWindow(Match.any(), Duration.ofMillis(1))).isEqualTo(2);
    }

    @Test
    void connectionCounters() throws InterruptedException {
        RespClient a = new RespClient(redis);
        RespClient b = new RespClient(redis);
        a.call("PING");
        b.call("PING");
        a.close();
        b.close();
        // let the server see both closes before the next connection arrives
        var server = redis.internalServer();
        for (int i = 0; i < 500 && server.loop().call(() -> server.clients().size()) > 0; i++) Thread.sleep(10);
        try (RespClient c = new RespClient(redis)) {
            c.call("PING");
            assertThat(redis.journal().connectionsAccepted()).isEqualTo(3);
            assertThat(redis.journal().maxConcurrentConnections()).isEqualTo(2);
            redis.journal().clear();
            assertThat(redis.journal().commands()).isEmpty();
            assertThat(redis.journal().connectionsAccepted()).isZero();
            assertThat(redis.journal().maxConcurrentConnections()).isEqualTo(1);
        }
    }

    @Test
    void takeWaitsForTheNextCommand() throws Exception {
        try (RespClient c = new RespClient(redis)) {
            c.call("PING");
            assertThat(redis.journal().take(Duration.ofSeconds(1))).get().extracting(Journal.Entry::command).isEqualTo("PING");
            assertThat(redis.journal().take(Duration.ofMillis(50))).isEmpty();
            CompletableFuture<Journal.Entry> next = CompletableFuture.supplyAsync(
                    () -> redis.journal().take(Duration.ofSeconds(5)).orElseThrow());
            Thread.sleep(50);
            c.call("ECHO", "x");
            assertThat(next.get().command()).isEqualTo("ECHO");
        }
    }

    @Test
    void boundedToTheLastTenThousand() {
        try (RespClient c = new RespClient(redis)) {
            for (int i = 0; i < 10_050; i++) c.send("PING");
            for (int i = 0; i < 10_050; i++) c.read();
        }
        assertThat(redis.journal().commands()).hasSize(10_000);
        assertThat(redis.journal().last(3)).hasSize(3);
    }
}
