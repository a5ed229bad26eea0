package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.Role;
import dev.emredis.testing.RealRedis;
import dev.emredis.testing.RespClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * What Jedis and Lettuce surface (exception class and message) for each fault switch equals what
 * they surface against real Redis in the same real state.
 */
class FaultsClientTest extends ClientServers {

    /** "ClassName: message" of what the call threw, or "ok: value"; ports made neutral. */
    private static String outcome(Callable<Object> call) {
        try {
            return "ok: " + call.call();
        } catch (Exception e) {
            // writing to a socket the server closed fails either way, depending on timing
            return e.getClass().getName() + ": " + String.valueOf(e.getMessage()).replaceAll(":\\d{2,5}\\b", ":<port>")
                    .replaceAll("Broken pipe|Connection reset by peer|Connection reset", "<closed by server>");
        }
    }

    private static List<String> clients(String host, int port) {
        List<String> seen = new ArrayList<>();
        Jedis j = new Jedis(host, port);
        seen.add("jedis set " + outcome(() -> j.set("k", "v")));
        seen.add("jedis get " + outcome(() -> j.get("k")));
        seen.add("jedis ping " + outcome(j::ping));
        seen.add("jedis del " + outcome(() -> j.del("k")));
        outcome(() -> {
            j.close();
            return null;
        });
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(host).withPort(port)
                .withTimeout(Duration.ofSeconds(5)).build());
        try (var conn = client.connect()) {
            RedisCommands<String, String> cmd = conn.sync();
            seen.add("lettuce set " + outcome(() -> cmd.set("k", "v")));
            seen.add("lettuce get " + outcome(() -> cmd.get("k")));
            seen.add("lettuce ping " + outcome(cmd::ping));
            seen.add("lettuce del " + outcome(() -> cmd.del("k")));
        } catch (RuntimeException e) {
            seen.add("lettuce connect " + e.getClass().getName());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        return seen;
    }

    private void adminReal(String... cmd) {
        try (RespClient r = real.connect()) {
            r.call(cmd);
        }
    }

    @AfterEach
    void reset() {
        try (RespClient r = real.connect()) {
            r.call("AUTH", "secret"); // in case requirePass left one (an error otherwise)
            r.call("CONFIG", "SET", "requirepass", "");
            r.call("REPLICAOF", "NO", "ONE");
            r.call("CONFIG", "SET", "maxmemory", "0");
            r.call("CONFIG", "SET", "min-replicas-to-write", "0");
            r.call("CONFIG", "SET", "replica-serve-stale-data", "yes");
            r.call("CONFIG", "SET", "maxclients", "10000");
        }
        emulator.faults().clear();
    }

    private void same(Runnable realState, Runnable fault) {
        realState.run();
        List<String> expected = clients(real.host, real.port);
        reset();
        fault.run();
        List<String> actual = clients(emulator.host(), emulator.port());
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void oom() {
        same(() -> adminReal("CONFIG", "SET", "maxmemory", "1"), () -> emulator.faults().oom(true));
    }

    @Test
    void readOnlyReplica() {
        same(() -> adminReal("REPLICAOF", "127.0.0.1", "1"), () -> emulator.faults().role(Role.REPLICA));
    }

    @Test
    void masterDown() {
        same(() -> {
            adminReal("REPLICAOF", "127.0.0.1", "1");
            adminReal("CONFIG", "SET", "replica-serve-stale-data", "no");
        }, () -> emulator.faults().masterDown(true));
    }

    @Test
    void noReplicas() {
        same(() -> adminReal("CONFIG", "SET", "min-replicas-to-write", "1"), () -> emulator.faults().noReplicas(true));
    }

    @Test
    void busyScript() throws Exception {
        List<String> expected;
        try (RespClient admin = real.connect(); RespClient runner = real.connect()) {
            admin.call("CONFIG", "SET", "busy-reply-threshold", "50");
            runner.send("EVAL", "while true do end", "0");
            Thread.sleep(300);
            expected = clients(real.host, real.port);
            admin.call("SCRIPT", "KILL");
            runner.read();
            admin.call("CONFIG", "SET", "busy-reply-threshold", "5000");
        }
        emulator.faults().busy(true);
        assertThat(clients(emulator.host(), emulator.port())).isEqualTo(expected);
    }

    @Test
    void loading() throws Exception {
        List<String> expected;
        // a server of its own with DEBUG enabled (the shared one keeps Redis's default, DEBUG refused)
        RealRedis debugReal = RealRedis.startAnother("--enable-debug-command", "yes");
        try (RespClient admin = debugReal.connect()) {
            String dbg = admin.call("DEBUG", "POPULATE", "6000");
            Assumptions.assumeTrue(dbg.equals("+OK\r\n"), "the reference Redis needs enable-debug-command yes: " + dbg);
            admin.call("CONFIG", "SET", "key-load-delay", "1000");
            admin.call("CONFIG", "SET", "loading-process-events-interval-bytes", "1024");
            admin.send("DEBUG", "RELOAD");
            Thread.sleep(300);
            expected = clients(debugReal.host, debugReal.port);
            admin.setTimeout(30_000);
            admin.read();
        } finally {
            debugReal.stop();
        }
        emulator.faults().loading(true);
        assertThat(clients(emulator.host(), emulator.port())).isEqualTo(expected);
    }

    @Test
    void requirePass() {
        same(() -> adminReal("CONFIG", "SET", "requirepass", "secret"), () -> emulator.faults().requirePass("secret"));
    }

    @Test
    void maxClients() {
        // the admin connection holds the only slot on both servers
        try (RespClient admin = real.connect()) {
            admin.call("CONFIG", "SET", "maxclients", "1");
            List<String> expected = clients(real.host, real.port);
            admin.call("CONFIG", "SET", "maxclients", "10000");
            try (RespClient e = new RespClient(emulator)) {
                e.call("PING");
                emulator.faults().maxClients(1);
                assertThat(clients(emulator.host(), emulator.port())).isEqualTo(expected);
            }
        }
    }
}
