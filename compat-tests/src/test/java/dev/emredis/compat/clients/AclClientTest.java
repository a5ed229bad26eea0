package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * ACL users through Jedis and Lettuce: AUTH username/password (Lettuce logs in with HELLO AUTH),
 * wrong passwords and NOPERM refusals surface as the same exceptions with the same texts on the
 * emulator and on real Redis.
 */
class AclClientTest extends ClientServers {
    @BeforeEach
    void users() {
        for (Jedis admin : admins()) {
            try (admin) {
                admin.aclSetUser("app", "reset", "on", ">s3cret", "~app:*", "&events", "-@all", "+@read", "+set", "+publish",
                        "+ping", "+hello", "+client|setname", "+acl|whoami");
                admin.set("app:1", "one");
                admin.set("other", "x");
            }
        }
    }

    @AfterEach
    void dropUsers() {
        for (Jedis admin : admins()) {
            try (admin) {
                admin.aclDelUser("app");
                admin.aclLogReset();
            }
        }
    }

    private List<Jedis> admins() {
        return List.of(new Jedis(emulator.host(), emulator.port()), new Jedis(real.host, real.port));
    }

    /** What happened, as text: the reply, or the exception's class and message. */
    private static String attempt(ThrowingSupplier s) {
        try {
            return String.valueOf(s.get());
        } catch (Exception e) {
            String cause = e.getCause() == null ? "" : " <- " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
            return e.getClass().getSimpleName() + ": " + e.getMessage() + cause;
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier {
        Object get() throws Exception;
    }

    private List<String> jedisWorkflow(String host, int port) {
        List<String> seen = new ArrayList<>();
        try (Jedis j = new Jedis(host, port)) {
            seen.add(attempt(() -> j.auth("app", "wrong")));
            seen.add(attempt(() -> j.auth("nobody", "s3cret")));
            seen.add(attempt(() -> j.auth("app", "s3cret")));
            seen.add(attempt(j::aclWhoAmI));
            seen.add(attempt(() -> j.get("app:1")));
            seen.add(attempt(() -> j.get("other")));
            seen.add(attempt(() -> j.set("app:2", "two")));
            seen.add(attempt(() -> j.del("app:2")));
            seen.add(attempt(() -> j.publish("events", "e")));
            seen.add(attempt(() -> j.publish("secret", "e")));
            seen.add(attempt(() -> j.configGet("maxmemory")));
        }
        // a client configured with the user logs in on connect
        DefaultJedisClientConfig cfg = DefaultJedisClientConfig.builder().user("app").password("s3cret").build();
        try (Jedis j = new Jedis(new HostAndPort(host, port), cfg)) {
            seen.add(attempt(j::aclWhoAmI));
            seen.add(attempt(() -> j.mget("app:1", "app:2")));
        }
        DefaultJedisClientConfig bad = DefaultJedisClientConfig.builder().user("app").password("nope").build();
        seen.add(attempt(() -> {
            try (Jedis j = new Jedis(new HostAndPort(host, port), bad)) {
                return j.ping();
            }
        }));
        return seen;
    }

    @Test
    void jedisAuthAndNoperm() {
        List<String> onEmulator = jedisWorkflow(emulator.host(), emulator.port());
        List<String> onRedis = jedisWorkflow(real.host, real.port);
        assertThat(onEmulator).isEqualTo(onRedis);
        assertThat(onRedis.get(2)).isEqualTo("OK");
        assertThat(onRedis.get(0)).contains("WRONGPASS invalid username-password pair or user is disabled.");
        assertThat(onRedis.get(5)).contains("NOPERM this user has no permissions to access one of the keys used as arguments");
        assertThat(onRedis.get(7)).contains("NOPERM this user has no permissions to run the 'del' command");
        assertThat(onRedis.get(9)).contains("NOPERM this user has no permissions to access one of the channels used as arguments");
    }

    private List<String> lettuceWorkflow(String host, int port) {
        List<String> seen = new ArrayList<>();
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(host).withPort(port)
                .withAuthentication("app", "s3cret".toCharArray()).build());
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> cmd = conn.sync();
            seen.add(attempt(() -> cmd.aclWhoami()));
            seen.add(attempt(() -> cmd.get("app:1")));
            seen.add(attempt(() -> cmd.get("other")));
            seen.add(attempt(() -> cmd.set("app:3", "three")));
            seen.add(attempt(() -> cmd.hset("app:h", "f", "v")));
            seen.add(attempt(() -> cmd.publish("secret", "m")));
        } finally {
            client.shutdown();
        }
        RedisClient wrong = RedisClient.create(RedisURI.builder().withHost(host).withPort(port)
                .withAuthentication("app", "nope".toCharArray()).build());
        try {
            seen.add(attempt(() -> {
                try (StatefulRedisConnection<String, String> conn = wrong.connect()) {
                    return conn.sync().ping();
                }
            }).replaceAll("Unable to connect to \\S+", "Unable to connect to <server>"));
        } finally {
            wrong.shutdown();
        }
        return seen;
    }

    @Test
    void lettuceAuthAndNoperm() {
        List<String> onEmulator = lettuceWorkflow(emulator.host(), emulator.port());
        List<String> onRedis = lettuceWorkflow(real.host, real.port);
        assertThat(onEmulator).isEqualTo(onRedis);
        assertThat(onRedis.get(0)).isEqualTo("app");
        assertThat(onRedis.get(2)).contains("NOPERM this user has no permissions to access one of the keys used as arguments");
        assertThat(onRedis.get(4)).contains("NOPERM this user has no permissions to run the 'hset' command");
        assertThat(onRedis.get(6)).startsWith("RedisConnectionException").contains("WRONGPASS");
    }
}
