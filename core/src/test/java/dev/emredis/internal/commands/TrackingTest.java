package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client-side caching where a scenario cannot go: time (expiry on the virtual clock), counters
 * in INFO, CLIENT LIST flags, the random tracking-table-max-keys eviction. Expected replies were
 * taken from Redis 7.0.15.
 */
class TrackingTest extends EmulatorTest {
    @AfterEach
    void restore() {
        activeExpire(true);
        c.call("CONFIG", "SET", "tracking-table-max-keys", "1000000");
        c.call("CONFIG", "SET", "maxmemory", "0");
        c.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
        redis.internalServer().loop().call(() -> {
            redis.internalServer().config().set("enable-debug-command", "no");
            return null;
        });
    }

    /** DEBUG SET-ACTIVE-EXPIRE without enabling DEBUG. */
    private void activeExpire(boolean on) {
        redis.internalServer().loop().call(() -> {
            redis.internalServer().activeExpireEnabled = on;
            return null;
        });
    }

    private static String push(String key) {
        return ">2\r\n$10\r\ninvalidate\r\n*1\r\n$" + key.length() + "\r\n" + key + "\r\n";
    }

    private RespClient resp3() {
        RespClient r = connect();
        r.call("HELLO", "3");
        return r;
    }

    private long info(String field) {
        String info = c.call("INFO", "everything");
        Matcher m = Pattern.compile(field + ":(\\d+)\r\n").matcher(info);
        assertThat(m.find()).as(field).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long id(RespClient r) {
        String s = r.call("CLIENT", "ID");
        return Long.parseLong(s.substring(1, s.length() - 2));
    }

    private static String flags(RespClient r) {
        Matcher m = Pattern.compile(" flags=(\\w+) .* redir=(-?\\d+) ").matcher(r.call("CLIENT", "INFO"));
        assertThat(m.find()).isTrue();
        return m.group(1) + " " + m.group(2);
    }

    @Test
    void activeExpiryOfATrackedKeyIsAnnounced() {
        redis.clock().freeze();
        try (RespClient t = resp3()) {
            c.call("SET", "k", "v", "PX", "100");
            assertThat(t.call("CLIENT", "TRACKING", "on")).isEqualTo("+OK\r\n");
            assertThat(t.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            redis.clock().advance(Duration.ofMillis(200));
            assertThat(t.read()).isEqualTo(push("k"));
            assertThat(t.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void ownLazyExpiryFollowsTheReplyUnlessNoloop() {
        redis.clock().freeze();
        activeExpire(false);
        try (RespClient t = resp3(); RespClient n = resp3()) {
            t.call("CLIENT", "TRACKING", "on");
            t.call("SET", "k", "1", "PX", "1000");
            t.call("GET", "k");
            n.call("CLIENT", "TRACKING", "on", "NOLOOP");
            n.call("SET", "m", "1", "PX", "1000");
            n.call("GET", "m");
            redis.clock().advance(Duration.ofMillis(1200));
            // the read that finds the key expired answers null, then the invalidation follows
            assertThat(t.call("GET", "k")).isEqualTo("_\r\n");
            assertThat(t.read()).isEqualTo(push("k"));
            assertThat(t.call("GET", "k")).isEqualTo("_\r\n");
            // NOLOOP: the client that ran into the expiry is the current client: nothing
            assertThat(n.call("GET", "m")).isEqualTo("_\r\n");
            assertThat(n.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void bcastNoloopStillHearsOfItsOwnKeysExpiring() {
        redis.clock().freeze();
        activeExpire(false);
        try (RespClient b = resp3()) {
            b.call("CLIENT", "TRACKING", "on", "BCAST", "NOLOOP");
            assertThat(b.call("SET", "n", "1", "PX", "1000")).isEqualTo("+OK\r\n");
            assertThat(b.call("PING")).isEqualTo("+PONG\r\n");
            redis.clock().advance(Duration.ofMillis(1200));
            // an expiry has no client behind it, so NOLOOP does not hide it
            assertThat(b.call("GET", "n")).isEqualTo("_\r\n");
            assertThat(b.read()).isEqualTo(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nn\r\n");
            activeExpire(true);
            b.call("SET", "o", "1", "PX", "1000");
            redis.clock().advance(Duration.ofMillis(1200));
            assertThat(b.read()).isEqualTo(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\no\r\n");
        }
    }

    @Test
    void evictionHasNoClientBehindIt() {
        try (RespClient b = resp3()) {
            b.call("CLIENT", "TRACKING", "on", "BCAST", "NOLOOP");
            assertThat(b.call("SET", "e", "1")).isEqualTo("+OK\r\n");
            assertThat(b.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random")).isEqualTo("+OK\r\n");
            assertThat(b.call("CONFIG", "SET", "maxmemory", "1")).isEqualTo("+OK\r\n");
            // evicted at once or before this client's next command: announced to it despite NOLOOP
            String first = b.call("DBSIZE");
            String second = b.read();
            assertThat(List.of(first, second)).containsExactlyInAnyOrder(
                    ":0\r\n", ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\ne\r\n");
        }
    }

    @Test
    void infoCountsClientsKeysItemsAndPrefixes() {
        try (RespClient a = resp3(); RespClient b = resp3(); RespClient x = resp3(); RespClient y = resp3()) {
            a.call("CLIENT", "TRACKING", "on");
            a.call("MGET", "a", "b", "c");
            b.call("CLIENT", "TRACKING", "on", "NOLOOP");
            b.call("MGET", "b", "c", "d");
            x.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x", "PREFIX", "y");
            y.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x", "PREFIX", "z");
            assertThat(info("tracking_clients")).isEqualTo(4);
            assertThat(info("tracking_total_keys")).isEqualTo(4);
            assertThat(info("tracking_total_items")).isEqualTo(6);
            assertThat(info("tracking_total_prefixes")).isEqualTo(3);
            b.call("SET", "c", "1");
            assertThat(a.read()).isEqualTo(push("c"));
            assertThat(info("tracking_total_keys")).isEqualTo(3);
            assertThat(info("tracking_total_items")).isEqualTo(4);
            // a client that leaves stays in the table until its keys change (Redis frees lazily)
            b.call("QUIT");
            awaitClients(4);
            assertThat(info("tracking_clients")).isEqualTo(3);
            assertThat(info("tracking_total_items")).isEqualTo(4);
            c.call("SET", "d", "1");
            assertThat(info("tracking_total_keys")).isEqualTo(2);
            assertThat(info("tracking_total_items")).isEqualTo(3);
            y.call("CLIENT", "TRACKING", "off");
            assertThat(info("tracking_total_prefixes")).isEqualTo(2);
            x.call("RESET");
            assertThat(info("tracking_total_prefixes")).isEqualTo(0);
            assertThat(info("tracking_clients")).isEqualTo(1);
            c.call("FLUSHALL");
            assertThat(a.read()).isEqualTo(">2\r\n$10\r\ninvalidate\r\n_\r\n");
            assertThat(info("tracking_total_keys")).isEqualTo(0);
            assertThat(info("tracking_total_items")).isEqualTo(0);
        }
        awaitClients(1);
        assertThat(info("tracking_clients")).isEqualTo(0);
    }

    private void awaitClients(int n) {
        long until = System.nanoTime() + 2_000_000_000L;
        while (info("connected_clients") != n && System.nanoTime() < until) Thread.onSpinWait();
    }

    @Test
    void clientListShowsTrackingFlagsAndRedirect() {
        try (RespClient t = resp3(); RespClient target = connect()) {
            assertThat(flags(t)).isEqualTo("N -1");
            t.call("CLIENT", "TRACKING", "on");
            assertThat(flags(t)).isEqualTo("t 0");
            long redir = id(target);
            t.call("CLIENT", "TRACKING", "off");
            t.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "k", "REDIRECT", Long.toString(redir));
            assertThat(flags(t)).isEqualTo("tB " + redir);
            target.close();
            awaitClients(2);
            c.call("SET", "k1", "v");
            assertThat(t.read()).isEqualTo(">2\r\n$21\r\ntracking-redir-broken\r\n:" + redir + "\r\n");
            assertThat(flags(t)).isEqualTo("tRB " + redir);
            t.call("CLIENT", "TRACKING", "off");
            assertThat(flags(t)).isEqualTo("N -1");
            assertThat(t.call("CLIENT", "GETREDIR")).isEqualTo(":-1\r\n");
        }
    }

    @Test
    void tableOverMaxKeysDropsRandomKeysBeforeTheNextCommand() {
        try (RespClient t = resp3()) {
            t.call("CLIENT", "TRACKING", "on");
            assertThat(t.call("CONFIG", "SET", "tracking-table-max-keys", "2")).isEqualTo("+OK\r\n");
            assertThat(t.call("MGET", "a", "b", "c")).isEqualTo("*3\r\n_\r\n_\r\n_\r\n");
            // the next command first brings the table back to 2 keys (cron may be first)
            String r = t.call("PING");
            if (r.equals("+PONG\r\n")) {
                r = t.read();
            } else {
                assertThat(t.read()).isEqualTo("+PONG\r\n");
            }
            assertThat(r).matches("(?s)>2\r\n\\$10\r\ninvalidate\r\n\\*1\r\n\\$1\r\n[abc]\r\n");
            assertThat(info("tracking_total_keys")).isEqualTo(2);
            assertThat(t.call("CONFIG", "SET", "tracking-table-max-keys", "0")).isEqualTo("+OK\r\n");
            t.call("MGET", "d", "e", "f");
            assertThat(t.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(info("tracking_total_keys")).isEqualTo(5);
        }
    }

    @Test
    void debugReloadIsAFlush() {
        redis.internalServer().loop().call(() -> {
            redis.internalServer().config().set("enable-debug-command", "yes");
            return null;
        });
        try (RespClient t = resp3()) {
            t.call("CLIENT", "TRACKING", "on");
            t.call("GET", "a");
            c.call("DEBUG", "RELOAD", "NOFLUSH");
            assertThat(t.call("PING")).isEqualTo("+PONG\r\n");
            c.call("DEBUG", "RELOAD");
            assertThat(t.read()).isEqualTo(">2\r\n$10\r\ninvalidate\r\n_\r\n");
            assertThat(info("tracking_total_keys")).isEqualTo(0);
        }
    }
}
