package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.redisson.api.RLock;
import org.redisson.api.RMapCache;
import org.redisson.api.RedissonClient;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Lua scripts as client libraries use them, on the emulator and on real Redis alike: Redisson's
 * locks and map cache (all Lua), and the EVALSHA / NOSCRIPT / SCRIPT LOAD retry of Jedis and
 * Lettuce after SCRIPT FLUSH.
 */
class ScriptingClientTest extends ClientServers {
    private static List<Object> redissonLocks(String host, int port) throws Exception {
        List<Object> seen = new ArrayList<>();
        RedissonClient a = redissonClient(host, port);
        RedissonClient b = redissonClient(host, port);
        try {
            RLock lock = a.getLock("lock:orders");
            seen.add(lock.tryLock(0, 30, TimeUnit.SECONDS));
            // another client (another Redisson id) is refused while it is held
            RLock other = b.getLock("lock:orders");
            seen.add(other.tryLock(0, 30, TimeUnit.SECONDS));
            seen.add(lock.isLocked());
            seen.add(lock.remainTimeToLive() > 0 && lock.remainTimeToLive() <= 30_000);
            // reentrant for its holder
            seen.add(lock.tryLock(0, 30, TimeUnit.SECONDS));
            seen.add(lock.getHoldCount());
            lock.unlock();
            lock.unlock();
            seen.add(lock.isLocked());
            seen.add(other.tryLock(0, 30, TimeUnit.SECONDS));
            other.unlock();
            RLock fair = a.getFairLock("lock:fair");
            seen.add(fair.tryLock(0, 10, TimeUnit.SECONDS));
            seen.add(b.getFairLock("lock:fair").tryLock(0, 10, TimeUnit.SECONDS));
            fair.unlock();
            seen.add(fair.isLocked());
            RMapCache<String, String> cache = a.getMapCache("cache");
            cache.put("k1", "v1", 10, TimeUnit.MINUTES);
            cache.put("k2", "v2");
            seen.add(cache.get("k1"));
            seen.add(cache.size());
            seen.add(cache.remainTimeToLive("k1") > 0);
            seen.add(cache.remove("k2"));
            seen.add(cache.containsKey("k2"));
        } finally {
            a.shutdown();
            b.shutdown();
        }
        return seen;
    }

    @Test
    void redissonLocksAndMapCache() throws Exception {
        List<Object> e = redissonLocks(emulator.host(), emulator.port());
        List<Object> r = redissonLocks(real.host, real.port);
        assertThat(e).isEqualTo(r);
        assertThat(e).containsExactly(true, false, true, true, true, 2, false, true, true, false, false,
                "v1", 2, true, "v2", false);
    }

    private static List<Object> redissonRateLimiter(String host, int port) {
        List<Object> seen = new ArrayList<>();
        RedissonClient a = redissonClient(host, port);
        try {
            org.redisson.api.RRateLimiter limiter = a.getRateLimiter("limiter");
            seen.add(limiter.trySetRate(org.redisson.api.RateType.OVERALL, 3, 1, org.redisson.api.RateIntervalUnit.MINUTES));
            seen.add(limiter.trySetRate(org.redisson.api.RateType.OVERALL, 9, 1, org.redisson.api.RateIntervalUnit.MINUTES));
            for (int i = 0; i < 4; i++) seen.add(limiter.tryAcquire());
            seen.add(limiter.availablePermits());
            seen.add(limiter.getConfig().getRate());
        } finally {
            a.shutdown();
        }
        return seen;
    }

    @Test
    void redissonRateLimiter() {
        List<Object> e = redissonRateLimiter(emulator.host(), emulator.port());
        List<Object> r = redissonRateLimiter(real.host, real.port);
        assertThat(e).isEqualTo(r);
        assertThat(e).containsExactly(true, false, true, true, true, false, 0L, 3L);
    }

    private static List<Object> jedisNoScriptRetry(String host, int port) {
        List<Object> seen = new ArrayList<>();
        try (Jedis j = new Jedis(host, port)) {
            String script = "return redis.call('incrby', KEYS[1], ARGV[1])";
            String sha = j.scriptLoad(script);
            seen.add(sha);
            seen.add(j.evalsha(sha, 1, "n", "5"));
            j.scriptFlush();
            try {
                j.evalsha(sha, 1, "n", "5");
                seen.add("no error");
            } catch (JedisNoScriptException ex) {
                seen.add(ex.getMessage());
                // the usual pattern: load again and retry once
                seen.add(j.scriptLoad(script).equals(sha));
                seen.add(j.evalsha(sha, 1, "n", "5"));
            }
            seen.add(j.scriptExists(sha));
        }
        return seen;
    }

    @Test
    void jedisReloadsAfterNoscript() {
        List<Object> e = jedisNoScriptRetry(emulator.host(), emulator.port());
        List<Object> r = jedisNoScriptRetry(real.host, real.port);
        assertThat(e).isEqualTo(r);
        assertThat(e.get(2)).isEqualTo("NOSCRIPT No matching script. Please use EVAL.");
        assertThat(e.get(4)).isEqualTo(10L);
    }

    private static List<Object> lettuceNoScriptRetry(String host, int port) {
        List<Object> seen = new ArrayList<>();
        RedisClient client = RedisClient.create(RedisURI.create(host, port));
        try (var conn = client.connect()) {
            RedisCommands<String, String> cmd = conn.sync();
            String script = "return {KEYS[1], ARGV[1], redis.call('set', KEYS[1], ARGV[1])['ok']}";
            String sha = cmd.scriptLoad(script);
            List<Object> first = cmd.evalsha(sha, ScriptOutputType.MULTI, new String[] {"k"}, "v");
            seen.add(first);
            cmd.scriptFlush();
            try {
                cmd.evalsha(sha, ScriptOutputType.MULTI, new String[] {"k"}, "w");
                seen.add("no error");
            } catch (RedisNoScriptException ex) {
                seen.add(ex.getMessage());
                List<Object> retried = cmd.eval(script, ScriptOutputType.MULTI, new String[] {"k"}, "w");
                seen.add(retried);
            }
            seen.add(cmd.get("k"));
        } finally {
            client.shutdown();
        }
        return seen;
    }

    @Test
    void lettuceFallsBackToEvalAfterNoscript() {
        List<Object> e = lettuceNoScriptRetry(emulator.host(), emulator.port());
        List<Object> r = lettuceNoScriptRetry(real.host, real.port);
        assertThat(e).isEqualTo(r);
        assertThat(e.get(1)).isEqualTo("NOSCRIPT No matching script. Please use EVAL.");
        assertThat(e.get(3)).isEqualTo("w");
    }
}
