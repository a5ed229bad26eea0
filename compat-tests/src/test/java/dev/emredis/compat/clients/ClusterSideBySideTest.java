package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisCluster;
import dev.emredis.SlotMigration;
import dev.emredis.compat.RealRedisCluster;
import dev.emredis.testing.RespClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisClusterOperationException;

/**
 * The same client workflows on the emulated cluster and on a real Redis 7.0 cluster (3 masters,
 * from PATH): each produces a transcript of what the application observed (values, exceptions,
 * whether the client's view followed the move, which redirection errors the source node counted
 * in INFO errorstats), and the transcripts must be identical — and equal to the expected values.
 * On the real cluster slots are moved as redis-cli does it: SETSLOT IMPORTING / MIGRATING,
 * MIGRATE, SETSLOT NODE on every master.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterSideBySideTest {
    private RealRedisCluster real;

    @BeforeAll
    void startReal() {
        real = RealRedisCluster.start(3, 0);
    }

    @AfterAll
    void stopReal() {
        if (real != null) real.close();
    }

    /** One cluster, emulated or real, as the workflows drive it. */
    private interface Side {
        int port(int node);

        int owner(int slot);

        void startMigration(int slot, int from, int to);

        void migrate(String... keys);

        /** Moves the slot's remaining keys and gives the slot to the target on every node. */
        void finishMigration();

        default void moveSlot(int slot, int from, int to) {
            startMigration(slot, from, to);
            finishMigration();
        }

        RespClient connect(int node);

        void flush();

        /** Error replies of type {@code code} node {@code node} counted (INFO errorstats). */
        default long errorCount(int node, String code) {
            try (RespClient c = connect(node)) {
                Matcher m = Pattern.compile("errorstat_" + code + ":count=(\\d+)").matcher(c.call("INFO", "errorstats"));
                return m.find() ? Long.parseLong(m.group(1)) : 0;
            }
        }
    }

    private final class Emulated implements Side {
        final RedisCluster cluster = RedisCluster.builder().masters(3).build().start();
        SlotMigration migration;

        @Override
        public int port(int node) {
            return cluster.node(node).port();
        }

        @Override
        public int owner(int slot) {
            return cluster.masterOf(slot);
        }

        @Override
        public void startMigration(int slot, int from, int to) {
            migration = cluster.startMigration(slot, from, to);
        }

        @Override
        public void migrate(String... keys) {
            migration.moveKeys(keys);
        }

        @Override
        public void finishMigration() {
            migration.finish();
        }

        @Override
        public RespClient connect(int node) {
            return new RespClient("127.0.0.1", port(node));
        }

        @Override
        public void flush() {
            for (var n : cluster.nodes()) n.flushAll();
        }
    }

    private final class Real implements Side {
        int slot;
        int from;
        int to;

        @Override
        public int port(int node) {
            return real.port(node);
        }

        @Override
        public int owner(int s) {
            return real.ownerOf(s);
        }

        @Override
        public void startMigration(int s, int f, int t) {
            slot = s;
            from = f;
            to = t;
            try (RespClient dst = real.connect(t); RespClient src = real.connect(f)) {
                assertThat(dst.call("CLUSTER", "SETSLOT", "" + s, "IMPORTING", real.nodeId(f))).isEqualTo("+OK\r\n");
                assertThat(src.call("CLUSTER", "SETSLOT", "" + s, "MIGRATING", real.nodeId(t))).isEqualTo("+OK\r\n");
            }
        }

        @Override
        public void migrate(String... keys) {
            List<String> args = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", "" + real.port(to), "", "0", "5000", "KEYS"));
            args.addAll(List.of(keys));
            try (RespClient src = real.connect(from)) {
                assertThat(src.call(args.toArray(String[]::new))).isEqualTo("+OK\r\n");
            }
        }

        @Override
        public void finishMigration() {
            List<String> left = new ArrayList<>();
            try (RespClient src = real.connect(from)) {
                String r = src.call("CLUSTER", "GETKEYSINSLOT", "" + slot, "1000");
                Matcher m = Pattern.compile("\\$\\d+\r\n([^\r]*)\r\n").matcher(r);
                while (m.find()) left.add(m.group(1));
            }
            if (!left.isEmpty()) migrate(left.toArray(String[]::new));
            // as redis-cli: the target first, then the source, then every other master
            List<Integer> order = new ArrayList<>(List.of(to, from));
            for (int n = 0; n < real.size(); n++) if (!order.contains(n)) order.add(n);
            for (int n : order) {
                try (RespClient c = real.connect(n)) {
                    assertThat(c.call("CLUSTER", "SETSLOT", "" + slot, "NODE", real.nodeId(to))).isEqualTo("+OK\r\n");
                }
            }
        }

        @Override
        public RespClient connect(int node) {
            return real.connect(node);
        }

        @Override
        public void flush() {
            for (int n = 0; n < real.size(); n++) {
                try (RespClient c = real.connect(n)) {
                    c.call("FLUSHALL");
                    c.call("CONFIG", "RESETSTAT");
                }
            }
        }
    }

    /** Runs {@code workflow} on the emulated and the real cluster; returns both transcripts. */
    private Map<String, List<String>> onBoth(Workflow workflow) throws Exception {
        Emulated emu = new Emulated();
        try {
            List<String> e = workflow.run(emu);
            Real r = new Real();
            r.flush();
            List<String> rr = workflow.run(r);
            return Map.of("emulated", e, "real", rr);
        } finally {
            emu.cluster.close();
        }
    }

    @FunctionalInterface
    private interface Workflow {
        List<String> run(Side side) throws Exception;
    }

    // foo and {foo}2 hash to 12182 (the third master of a fresh cluster: 0-5460, 5461-10922, 10923-16383)
    private static final int FOO_SLOT = 12182;

    @Test
    void jedisClusterReadsAndWritesAcrossSlotsAndFollowsAReshard() throws Exception {
        Map<String, List<String>> t = onBoth(side -> {
            List<String> out = new ArrayList<>();
            int from = side.owner(FOO_SLOT);
            int to = (from + 1) % 3; // another master (the real cluster is shared: an earlier test may have moved the slot)
            try (JedisCluster j = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", side.port(0))),
                    DefaultJedisClientConfig.builder().build(), 5, Duration.ofSeconds(5))) {
                for (int i = 0; i < 40; i++) j.set("key:" + i, "v" + i);
                j.set("foo", "1");
                j.set("{foo}2", "2");
                j.hset("{user:1}:h", Map.of("name", "ada", "age", "36"));
                j.rpush("{user:1}:l", "a", "b", "c");
                out.add("incr " + j.incr("{user:1}:n") + " " + j.incrBy("{user:1}:n", 41));
                out.add("mget " + j.mget("{user:1}:n", "{user:1}:missing"));
                out.add("eval " + j.eval("return redis.call('HGET', KEYS[1], 'name') .. #redis.call('LRANGE', KEYS[2], 0, -1)",
                        List.of("{user:1}:h", "{user:1}:l"), List.of()));
                try {
                    j.mset("foo", "x", "bar", "y");
                    out.add("cross-slot mset accepted");
                } catch (JedisClusterOperationException e) {
                    out.add("cross-slot mset: " + e.getMessage());
                }
                side.moveSlot(FOO_SLOT, from, to);
                out.add("after move foo=" + j.get("foo") + " {foo}2=" + j.get("{foo}2"));
                j.set("foo", "3");
                out.add("foo=" + j.get("foo"));
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < 40; i++) all.append(j.get("key:" + i).equals("v" + i) ? '.' : 'x');
                out.add("keys " + all);
                out.add("hash " + new java.util.TreeMap<>(j.hgetAll("{user:1}:h")) + " list " + j.lrange("{user:1}:l", 0, -1));
            }
            out.add("source counted MOVED: " + (side.errorCount(from, "MOVED") > 0));
            out.add("owner now the target: " + (side.owner(FOO_SLOT) == to));
            return out;
        });
        assertThat(t.get("emulated")).isEqualTo(t.get("real")).containsExactly(
                "incr 1 42",
                "mget [42, null]",
                "eval ada3",
                "cross-slot mset: Keys must belong to same hashslot.",
                "after move foo=1 {foo}2=2",
                "foo=3",
                "keys ........................................",
                "hash {age=36, name=ada} list [a, b, c]",
                "source counted MOVED: true",
                "owner now the target: true");
    }

    @Test
    void lettuceFollowsAskAndASetslotNodeMove() throws Exception {
        Map<String, List<String>> t = onBoth(side -> {
            List<String> out = new ArrayList<>();
            int from = side.owner(FOO_SLOT);
            int to = (from + 1) % 3; // another master (the real cluster is shared: an earlier test may have moved the slot)
            RedisClusterClient client = RedisClusterClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(side.port(0))
                    .withTimeout(Duration.ofSeconds(2)).build());
            client.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                    .enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(Duration.ofMillis(100)).build()).build());
            try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
                RedisAdvancedClusterCommands<String, String> c = conn.sync();
                c.set("foo", "1");
                c.set("{foo}2", "2");
                side.startMigration(FOO_SLOT, from, to);
                side.migrate("foo");
                out.add("during: foo=" + c.get("foo") + " {foo}2=" + c.get("{foo}2") + " set {foo}3 " + c.set("{foo}3", "3"));
                out.add("source counted ASK: " + (side.errorCount(from, "ASK") > 0));
                side.finishMigration();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                boolean followed = false;
                while (!followed && System.nanoTime() < deadline) {
                    out.add("{foo}2=" + c.get("{foo}2"));
                    RedisClusterNode owner = client.getPartitions().getPartitionBySlot(FOO_SLOT);
                    followed = owner != null && owner.getUri().getPort() == side.port(to);
                    if (!followed) Thread.sleep(20); // Lettuce refreshes on its own threads, in real time
                }
                out.removeIf(s -> s.equals("{foo}2=2"));
                out.add("view follows the move: " + followed);
                out.add("after: foo=" + c.get("foo") + " {foo}3=" + c.get("{foo}3") + " set foo " + c.set("foo", "4") + " foo=" + c.get("foo"));
                out.add("source counted MOVED: " + (side.errorCount(from, "MOVED") > 0));
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            return out;
        });
        assertThat(t.get("emulated")).isEqualTo(t.get("real")).containsExactly(
                "during: foo=1 {foo}2=2 set {foo}3 OK",
                "source counted ASK: true",
                "view follows the move: true",
                "after: foo=1 {foo}3=3 set foo OK foo=4",
                "source counted MOVED: true");
    }
}
