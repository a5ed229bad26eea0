package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emredis.Journal;
import dev.emredis.Match;
import dev.emredis.RedisEmulator;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Network fault rules as Jedis and Lettuce meet them: timeouts, resets, reconnects. */
class NetworkFaultsClientTest {
    private RedisEmulator redis;

    @BeforeEach
    void start() {
        redis = RedisEmulator.builder().seed(3).build().start();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    private RedisClient lettuce(Duration timeout) {
        RedisClient c = RedisClient.create(RedisURI.builder().withHost(redis.host()).withPort(redis.port())
                .withTimeout(timeout).build());
        c.setOptions(ClientOptions.builder().autoReconnect(true).build());
        return c;
    }

    @Test
    void jedisSocketTimeoutOnHang() {
        redis.faults().when(Match.command("GET")).hang();
        try (Jedis j = new Jedis(redis.host(), redis.port(), 300)) {
            assertThat(j.set("k", "v")).isEqualTo("OK");
            assertThatThrownBy(() -> j.get("k")).isInstanceOf(JedisConnectionException.class)
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
        }
        // (Jedis's handshake commands come first)
        assertThat(redis.journal().commands()).filteredOn(e -> e.is("GET")).extracting(Journal.Entry::replyKind)
                .containsExactly(Journal.ReplyKind.FAULT);
        assertThat(redis.journal().last(2)).extracting(Journal.Entry::command).containsExactly("SET", "GET");
    }

    @Test
    void jedisDelayWithinAndBeyondTheTimeout() {
        redis.faults().when(Match.command("GET").times(1)).delay(Duration.ofMillis(100));
        redis.faults().when(Match.command("GET").after(1)).delay(Duration.ofMillis(1500));
        try (Jedis j = new Jedis(redis.host(), redis.port(), 700)) {
            j.set("k", "v");
            assertThat(j.get("k")).isEqualTo("v");
            assertThatThrownBy(() -> j.get("k")).isInstanceOf(JedisConnectionException.class)
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void jedisSeesResetCloseAndInjectedErrors() {
        redis.faults().when(Match.command("GET").times(1)).replyError("-CLUSTERDOWN The cluster is down");
        redis.faults().when(Match.command("INCR").times(1)).reset();
        redis.faults().when(Match.command("DECR").times(1)).closeConnection();
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThatThrownBy(() -> j.get("k")).isInstanceOf(JedisDataException.class)
                    .hasMessage("CLUSTERDOWN The cluster is down");
        }
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThatThrownBy(() -> j.incr("n")).isInstanceOf(JedisConnectionException.class)
                    .hasRootCauseInstanceOf(SocketException.class).rootCause().hasMessageContaining("reset");
        }
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThatThrownBy(() -> j.decr("n")).isInstanceOf(JedisConnectionException.class)
                    .hasMessageContaining("Unexpected end of stream");
        }
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThat(j.incr("n")).isEqualTo(1);
        }
        assertThat(redis.journal().connectionsAccepted()).isEqualTo(4);
    }

    @Test
    void jedisRefusedConnection() {
        redis.faults().refuseConnections(true);
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            // Jedis keeps the ConnectException (Connection refused) as a suppressed exception
            assertThatThrownBy(j::ping).isInstanceOf(JedisConnectionException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(ConnectException.class));
        }
        redis.faults().refuseConnections(false);
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void jedisThrottledReplyArrivesWhole() {
        String value = "v".repeat(2000);
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            j.set("big", value);
            redis.faults().when(Match.command("GET")).throttle(8000);
            long t0 = System.nanoTime();
            assertThat(j.get("big")).isEqualTo(value);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(150));
        }
    }

    @Test
    void lettuceCommandTimeoutOnHang() {
        RedisClient client = lettuce(Duration.ofMillis(300));
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            redis.faults().when(Match.command("GET")).hang();
            assertThatThrownBy(() -> conn.sync().get("k")).isInstanceOf(RedisCommandTimeoutException.class)
                    .hasMessage("Command timed out after 300 millisecond(s)");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void lettuceReconnectsAfterTheServerDropsIt() throws Exception {
        RedisClient client = lettuce(Duration.ofSeconds(2));
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            conn.sync().set("k", "v");
            redis.faults().closeAllConnections();
            // auto-reconnect: the next command waits for the new connection and succeeds
            assertThat(conn.sync().get("k")).isEqualTo("v");
            assertThat(redis.journal().connectionsAccepted()).isEqualTo(2);
            // a command lost with its connection is sent again after the reconnect (at-least-once)
            redis.faults().when(Match.command("GET").times(1)).closeConnection();
            assertThat(conn.sync().get("k")).isEqualTo("v");
            assertThat(redis.journal().connectionsAccepted()).isEqualTo(3);
            assertThat(redis.journal().commands()).filteredOn(e -> e.is("GET")).extracting(Journal.Entry::replyKind)
                    .containsExactly(Journal.ReplyKind.OK, Journal.ReplyKind.FAULT, Journal.ReplyKind.OK);
            assertThat(redis.journal().maxConcurrentConnections()).isEqualTo(1);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void lettuceConnectRefused() {
        redis.faults().refuseConnections(true);
        RedisClient client = lettuce(Duration.ofSeconds(1));
        try {
            assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class)
                    .hasMessageContaining("Unable to connect");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
