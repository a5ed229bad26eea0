package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Client-side caching as libraries use it: Lettuce's ClientSideCaching (RESP3 push invalidations)
 * and, since Jedis 5.1 has no cache of its own, Jedis in RESP2 with invalidations redirected to a
 * subscribed connection and read by hand. Each workflow runs on the emulator and on real Redis
 * and must observe the same values and invalidations.
 */
class TrackingClientTest extends ClientServers {
    /** Waits (up to 5 s) for an invalidation to arrive on the client's own thread. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < until) Thread.sleep(5);
    }

    @Test
    void lettuceCacheFrontendIsInvalidatedByOtherWriters() {
        List<String> emu = runBoth(this::lettuceCache);
        assertThat(emu).containsExactly(
                "first=v1", "cached=[user:1]", "after-set=v2", "invalidated=[user:1]",
                "cached=[user:1, user:2]", "after-del=[user:2]", "after-expire=[]");
    }

    private List<String> lettuceCache(String host, int port) throws Exception {
        List<String> seen = new ArrayList<>();
        RedisClient client = RedisClient.create(RedisURI.create(host, port));
        try (StatefulRedisConnection<String, String> tracked = client.connect(StringCodec.UTF8);
             StatefulRedisConnection<String, String> writer = client.connect(StringCodec.UTF8)) {
            Map<String, String> cache = new ConcurrentHashMap<>();
            BlockingQueue<String> pushes = new LinkedBlockingQueue<>();
            tracked.addListener((PushMessage m) -> pushes.add(m.getType() + ":" + keys(m)));
            CacheFrontend<String, String> frontend =
                    ClientSideCaching.enable(CacheAccessor.forMap(cache), tracked, TrackingArgs.Builder.enabled());
            writer.sync().set("user:1", "v1");
            seen.add("first=" + frontend.get("user:1"));
            seen.add("cached=" + new java.util.TreeSet<>(cache.keySet()));
            writer.sync().set("user:1", "v2");
            await(() -> !cache.containsKey("user:1"));
            seen.add("after-set=" + frontend.get("user:1"));
            seen.add("invalidated=" + pushes.poll(5, TimeUnit.SECONDS).substring("invalidate:".length()));
            writer.sync().set("user:2", "x");
            frontend.get("user:2");
            seen.add("cached=" + new java.util.TreeSet<>(cache.keySet()));
            writer.sync().del("user:1");
            await(() -> !cache.containsKey("user:1"));
            seen.add("after-del=" + new java.util.TreeSet<>(cache.keySet()));
            // an expiry is a change too (the writer's PEXPIRE, then the key's removal)
            writer.sync().pexpire("user:2", 1);
            await(() -> !cache.containsKey("user:2"));
            seen.add("after-expire=" + new java.util.TreeSet<>(cache.keySet()));
            frontend.close();
        } finally {
            client.shutdown();
        }
        return seen;
    }

    @SuppressWarnings("unchecked")
    private static String keys(PushMessage m) {
        List<Object> content = m.getContent(StringCodec.UTF8::decodeKey);
        Object keys = content.size() > 1 ? content.get(1) : null;
        if (keys == null) return "null";
        List<String> out = new ArrayList<>();
        for (Object k : (List<Object>) keys) out.add(String.valueOf(k));
        return out.toString();
    }

    @Test
    void lettuceBroadcastModeWithPrefixesAndNoloop() {
        List<String> emu = runBoth(this::lettuceBroadcast);
        assertThat(emu).containsExactly("invalidate:[user:1, user:2]", "invalidate:[obj:7]", "invalidate:null");
    }

    private List<String> lettuceBroadcast(String host, int port) throws Exception {
        List<String> seen = new ArrayList<>();
        RedisClient client = RedisClient.create(RedisURI.create(host, port));
        try (StatefulRedisConnection<String, String> tracked = client.connect(StringCodec.UTF8);
             StatefulRedisConnection<String, String> writer = client.connect(StringCodec.UTF8)) {
            BlockingQueue<String> pushes = new LinkedBlockingQueue<>();
            tracked.addListener((PushMessage m) -> pushes.add(m.getType() + ":" + keys(m)));
            tracked.sync().clientTracking(TrackingArgs.Builder.enabled().bcast().prefixes("user:", "obj:").noloop());
            // one command changes three keys: one message per prefix, keys in byte order
            writer.sync().mset(Map.of("user:2", "a", "user:1", "b", "other", "c"));
            seen.add(pushes.poll(5, TimeUnit.SECONDS));
            // NOLOOP: the client's own change is not announced, the writer's is
            tracked.sync().set("obj:1", "mine");
            writer.sync().set("obj:7", "theirs");
            seen.add(pushes.poll(5, TimeUnit.SECONDS));
            writer.sync().flushall();
            seen.add(pushes.poll(5, TimeUnit.SECONDS));
            assertThat(pushes.poll(200, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            client.shutdown();
        }
        return seen;
    }

    @Test
    void jedisResp2RedirectToASubscribedConnection() {
        List<String> emu = runBoth(this::jedisRedirect);
        assertThat(emu).containsExactly(
                "subscribe", "v", "message __redis__:invalidate [user:1]", "message __redis__:invalidate [user:2, user:3]",
                "message __redis__:invalidate null", "optin [b]");
    }

    private List<String> jedisRedirect(String host, int port) {
        List<String> seen = new ArrayList<>();
        try (Connection sub = new Connection(host, port); Jedis tracked = new Jedis(host, port); Jedis writer = new Jedis(host, port)) {
            sub.sendCommand(Protocol.Command.CLIENT, "ID");
            long id = sub.getIntegerReply();
            sub.sendCommand(Protocol.Command.SUBSCRIBE, "__redis__:invalidate");
            seen.add(text(sub.getObjectMultiBulkReply().get(0)));
            tracked.sendCommand(Protocol.Command.CLIENT, "TRACKING", "ON", "REDIRECT", Long.toString(id));
            writer.set("user:1", "v");
            seen.add(tracked.get("user:1"));
            tracked.mget("user:2", "user:3");
            writer.set("user:1", "w");
            seen.add(message(sub.getObjectMultiBulkReply()));
            writer.mset("user:2", "x", "user:3", "y");
            // two invalidations, one per key, in the order the keys changed
            List<String> two = new ArrayList<>();
            two.add(message(sub.getObjectMultiBulkReply()));
            two.add(message(sub.getObjectMultiBulkReply()));
            seen.add("message __redis__:invalidate [" + two.get(0).replaceAll(".*\\[(.*)]", "$1") + ", "
                    + two.get(1).replaceAll(".*\\[(.*)]", "$1") + "]");
            writer.flushAll();
            seen.add(message(sub.getObjectMultiBulkReply()));
            // OPTIN: only the read right after CLIENT CACHING YES is remembered
            tracked.sendCommand(Protocol.Command.CLIENT, "TRACKING", "OFF");
            tracked.sendCommand(Protocol.Command.CLIENT, "TRACKING", "ON", "REDIRECT", Long.toString(id), "OPTIN");
            tracked.get("a");
            tracked.sendCommand(Protocol.Command.CLIENT, "CACHING", "YES");
            tracked.get("b");
            writer.mset("a", "1", "b", "2");
            seen.add("optin " + message(sub.getObjectMultiBulkReply()).replaceAll(".* ", ""));
        }
        return seen;
    }

    private static String text(Object o) {
        return new String((byte[]) o, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static String message(List<Object> m) {
        Object payload = m.get(2);
        String keys;
        if (payload == null) {
            keys = "null";
        } else {
            List<String> l = new ArrayList<>();
            for (Object k : (List<Object>) payload) l.add(text(k));
            keys = l.toString();
        }
        return text(m.get(0)) + " " + text(m.get(1)) + " " + keys;
    }

    /** Runs the workflow on both servers; they must agree. Returns what the emulator saw. */
    private <T> T runBoth(Workflow<T> w) {
        try {
            T emu = w.run(emulator.host(), emulator.port());
            T red = w.run(real.host, real.port);
            assertThat(emu).isEqualTo(red);
            return emu;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
