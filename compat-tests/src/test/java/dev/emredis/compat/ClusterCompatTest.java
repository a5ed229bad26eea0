package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisCluster;
import dev.emredis.SlotMigration;
import dev.emredis.testing.RespClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The emulated cluster against a real Redis 7.0 cluster (3 masters, 3 replicas): topology replies,
 * redirections and their texts, READONLY on a replica, MULTI/EXEC and scripts, in RESP2 and RESP3.
 * Node ids, ports and times differ by nature: ids and ports are replaced by labels naming the
 * node's role (M0 = master of the first slot range, R0 its replica...), same length, and times
 * and replication offsets are masked; everything else must be identical.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterCompatTest {
    private RealRedisCluster real;
    private RedisCluster emu;
    private Side r;
    private Side e;

    /** One cluster with its labels: node index by label, and the replacements. */
    private static final class Side {
        final Function<Integer, RespClient> connect;
        final Map<String, Integer> node = new HashMap<>();
        final Map<String, String> replace = new HashMap<>();
        final Map<String, String> idOf = new HashMap<>();
        final Map<String, Integer> portOf = new HashMap<>();
        final List<RespClient> open = new ArrayList<>();

        Side(Function<Integer, RespClient> connect, int size, Function<Integer, Integer> port) {
            this.connect = connect;
            Map<Integer, Integer> byPort = new HashMap<>();
            for (int i = 0; i < size; i++) byPort.put(port.apply(i), i);
            try (RespClient c = connect.apply(0)) {
                String raw = c.call("CLUSTER", "NODES");
                String text = raw.substring(raw.indexOf("\r\n") + 2, raw.length() - 2);
                Map<String, String> masterLabel = new HashMap<>();
                List<String[]> masters = new ArrayList<>();
                List<String[]> replicas = new ArrayList<>();
                for (String line : text.split("\n")) {
                    String[] f = line.split(" ");
                    (f[2].contains("master") ? masters : replicas).add(f);
                }
                masters.sort((a, b) -> Integer.compare(firstSlot(a), firstSlot(b)));
                for (int k = 0; k < masters.size(); k++) {
                    label(masters.get(k), "M" + k, byPort);
                    masterLabel.put(masters.get(k)[0], "M" + k);
                }
                for (String[] f : replicas) label(f, "R" + masterLabel.get(f[3]).substring(1), byPort);
            }
        }

        private static int firstSlot(String[] f) {
            return f.length > 8 ? Integer.parseInt(f[8].split("-")[0]) : Integer.MAX_VALUE;
        }

        private void label(String[] f, String label, Map<Integer, Integer> byPort) {
            String addr = f[1];
            String port = addr.substring(addr.indexOf(':') + 1, addr.indexOf('@'));
            String bus = addr.substring(addr.indexOf('@') + 1);
            replace.put(f[0], pad("ID" + label, 40));
            replace.put(port, pad("P" + label, port.length()));
            replace.put(bus, pad("B" + label, bus.length()));
            node.put(label, byPort.get(Integer.parseInt(port)));
            idOf.put(label, f[0]);
            portOf.put(label, Integer.parseInt(port));
        }

        private static String pad(String s, int n) {
            StringBuilder b = new StringBuilder(s);
            while (b.length() < n) b.append('_');
            return b.toString();
        }

        RespClient client(String label, int protocol) {
            RespClient c = connect.apply(node.get(label));
            open.add(c);
            if (protocol == 3) c.call("HELLO", "3");
            return c;
        }

        String normalize(String raw) {
            String s = raw;
            for (Map.Entry<String, String> x : replace.entrySet()) {
                s = s.replaceAll("(?<![0-9a-f])" + x.getKey() + "(?![0-9a-f])", x.getValue());
            }
            // replication offsets differ with traffic
            s = s.replaceAll("(replication-offset\r\n):\\d+", "$1:<n>");
            return s;
        }

        /** Arguments {@code {id:LABEL}} become that node's id on this side. */
        String[] ids(String[] cmd) {
            String[] out = cmd.clone();
            for (int i = 0; i < out.length; i++) {
                if (out[i].startsWith("{id:")) out[i] = idOf.get(out[i].substring(4, out[i].length() - 1));
            }
            return out;
        }

        void closeClients() {
            open.forEach(RespClient::close);
            open.clear();
        }
    }

    @BeforeAll
    void start() throws Exception {
        real = RealRedisCluster.start(3, 1);
        emu = RedisCluster.builder().masters(3).replicasPerMaster(1).seed(3).build().start();
        emu.awaitReplication();
        r = new Side(real::connect, real.size(), real::port);
        e = new Side(i -> new RespClient(emu.node(i)), emu.nodes().size(), i -> emu.node(i).port());
    }

    @AfterAll
    void stop() {
        if (r != null) r.closeClients();
        if (e != null) e.closeClients();
        if (emu != null) emu.close();
        if (real != null) real.close();
    }

    /** Runs the same commands on the same-labelled node of both clusters; normalized replies must match. */
    private void same(String label, int protocol, String[]... commands) {
        RespClient rc = r.client(label, protocol);
        RespClient ec = e.client(label, protocol);
        for (String[] cmd : commands) {
            String want = r.normalize(rc.call(r.ids(cmd)));
            String got = e.normalize(ec.call(e.ids(cmd)));
            assertThat(got).as("%s on %s, RESP%d", String.join(" ", cmd), label, protocol).isEqualTo(want);
        }
    }

    private static String[] c(String... a) {
        return a;
    }

    /** CLUSTER NODES text as a sorted list of normalized lines, ping/pong times masked. */
    private static List<String> nodeLines(Side s, String label) {
        String raw = s.client(label, 2).call("CLUSTER", "NODES");
        String text = s.normalize(raw.substring(raw.indexOf("\r\n") + 2, raw.length() - 2));
        assertThat(text).endsWith("\n");
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            f[4] = "<ping>";
            f[5] = "<pong>";
            lines.add(String.join(" ", f));
        }
        lines.sort(String::compareTo);
        return lines;
    }

    @Test
    @Order(1)
    void keyslotVectors() {
        List<String[]> cmds = new ArrayList<>();
        for (String k : new String[] {"123456789", "foo", "bar", "hello", "key", "user:1", "{user1000}.following",
                "{user1000}.followers", "foo{}{bar}", "foo{{bar}}zap", "foo{bar}{zap}", "", "{}", "a{", "{a", "{{}}", "06S"}) {
            cmds.add(c("CLUSTER", "KEYSLOT", k));
        }
        same("M0", 2, cmds.toArray(new String[0][]));
    }

    @Test
    @Order(2)
    void topologyReplies() {
        for (int protocol : new int[] {2, 3}) {
            for (String label : new String[] {"M0", "M1", "R2"}) {
                same(label, protocol, c("CLUSTER", "SLOTS"), c("CLUSTER", "MYID"), c("INFO", "cluster"),
                        c("CLUSTER", "MYSHARDID"), c("CLUSTER", "COUNTKEYSINSLOT", "16384"), c("CLUSTER", "COUNTKEYSINSLOT", "x"),
                        c("CLUSTER", "GETKEYSINSLOT", "0", "-1"), c("CLUSTER", "COUNT-FAILURE-REPORTS", "nope"),
                        c("CLUSTER", "REPLICAS", "nope"), c("READONLY"), c("READWRITE"), c("ASKING"), c("PING"));
            }
        }
        for (String label : new String[] {"M0", "R1"}) {
            assertThat(nodeLines(e, label)).as("CLUSTER NODES on %s", label).isEqualTo(nodeLines(r, label));
        }
    }

    @Test
    @Order(3)
    void shardsAsMultiset() {
        for (int protocol : new int[] {2, 3}) {
            String want = r.normalize(r.client("M1", protocol).call("CLUSTER", "SHARDS"));
            String got = e.normalize(e.client("M1", protocol).call("CLUSTER", "SHARDS"));
            Reply w = Reply.parse(want);
            Reply g = Reply.parse(got);
            assertThat(g.type).isEqualTo(w.type);
            // Redis lists shards in its node table's hash order
            assertThat(g.unorderedItems(false)).as("RESP%d", protocol).isEqualTo(w.unorderedItems(false));
        }
    }

    @Test
    @Order(4)
    void clusterInfoFields() {
        for (String label : new String[] {"M0", "R0"}) {
            String want = r.client(label, 2).call("CLUSTER", "INFO");
            String got = e.client(label, 2).call("CLUSTER", "INFO");
            String[] wl = want.substring(want.indexOf("\r\n") + 2).split("\r\n");
            String[] gl = got.substring(got.indexOf("\r\n") + 2).split("\r\n");
            for (int i = 0; i < 9; i++) assertThat(gl[i]).isEqualTo(wl[i]);
            assertThat(gl[gl.length - 1]).isEqualTo(wl[wl.length - 1]);
            assertThat(got).contains("cluster_stats_messages_sent:").contains("cluster_stats_messages_received:");
        }
    }

    @Test
    @Order(5)
    void replicaRoleReplies() {
        // ROLE and INFO replication as the replica and master of a shard show them (offsets aside)
        String want = r.normalize(r.client("R0", 2).call("ROLE")).replaceAll(":\\d+\r\n$", ":<n>\r\n");
        String got = e.normalize(e.client("R0", 2).call("ROLE")).replaceAll(":\\d+\r\n$", ":<n>\r\n");
        assertThat(got).isEqualTo(want);
        for (String label : new String[] {"M0", "R0"}) {
            // same fields in the same order; ids, offsets, ports and timings differ by nature
            String wantInfo = r.client(label, 2).call("INFO", "replication");
            String gotInfo = e.client(label, 2).call("INFO", "replication");
            assertThat(mask(gotInfo)).as("INFO replication on %s", label).isEqualTo(mask(wantInfo));
        }
        String wantHello = r.client("R0", 2).call("HELLO", "3");
        String gotHello = e.client("R0", 2).call("HELLO", "3");
        assertThat(gotHello.replaceAll("\\$2\r\nid\r\n:\\d+", "id")).isEqualTo(wantHello.replaceAll("\\$2\r\nid\r\n:\\d+", "id"));
    }

    private static String mask(String info) {
        String body = info.substring(info.indexOf("\r\n") + 2);
        // replid2 is all zeros on both until a failover
        return body.replaceAll("[0-9a-f]{40}", "<id>").replaceAll("(?<=[:=])\\d+", "N");
    }

    @Test
    @Order(10)
    void redirectionsAndErrors() {
        for (int protocol : new int[] {2, 3}) {
            same("M0", protocol,
                    c("GET", "foo"), c("SET", "foo", "1"), c("MSET", "a", "1", "b", "2"), c("MGET", "{bar}1", "{bar}2"),
                    c("MSET", "{bar}1", "1", "{bar}2", "2"), c("DEL", "{bar}1", "{bar}2"), c("SELECT", "1"), c("SELECT", "0"),
                    c("PUBLISH", "foo", "x"), c("SPUBLISH", "foo", "x"), c("EXISTS", "hello"),
                    c("MULTI"), c("GET", "foo"), c("EXEC"),
                    c("MULTI"), c("SET", "hello", "1"), c("SET", "bar", "1"), c("EXEC"),
                    c("MULTI"), c("GET", "hello"), c("EXEC"),
                    c("EVAL", "return 1", "2", "a", "b"), c("EVAL", "return 1", "1", "foo"), c("EVAL", "return 1", "0"),
                    c("EVAL", "return redis.call('get', KEYS[1])", "1", "hello"),
                    c("EVAL", "#!lua flags=no-cluster\nreturn 1", "0"),
                    c("EVAL", "#!lua\nreturn redis.call('get', 'hello')", "0"),
                    c("EVAL", "return redis.pcall('get', 'foo')", "0"),
                    c("EVAL", "#!lua\nredis.call('get', 'hello'); return redis.pcall('get', 'bar')", "0"),
                    c("EVAL", "#!lua flags=allow-cross-slot-keys\nredis.call('get', 'hello'); return redis.pcall('get', 'bar')", "0"),
                    c("EVAL", "return redis.pcall('get', 'hello')", "1", "bar"),
                    c("FLUSHALL"));
        }
    }

    @Test
    @Order(11)
    void readonlyReplica() throws Exception {
        r.client("M0", 2).call("SET", "hello", "world");
        e.client("M0", 2).call("SET", "hello", "world");
        waitReplicated();
        for (int protocol : new int[] {2, 3}) {
            same("R0", protocol, c("GET", "hello"), c("READONLY"), c("GET", "hello"), c("SET", "hello", "x"),
                    c("GET", "foo"), c("MULTI"), c("GET", "hello"), c("EXEC"), c("MULTI"), c("SET", "hello", "y"), c("EXEC"),
                    c("EVAL", "return redis.call('get', KEYS[1])", "1", "hello"),
                    c("READWRITE"), c("GET", "hello"));
        }
        r.client("M0", 2).call("DEL", "hello");
        e.client("M0", 2).call("DEL", "hello");
    }

    private void waitReplicated() throws Exception {
        emu.awaitReplication();
        try (RespClient m = real.connect(r.node.get("M0"))) {
            m.call("WAIT", "1", "5000");
        }
    }

    @Test
    @Order(15)
    void preferredEndpointTypes() {
        for (String type : new String[] {"unknown-endpoint", "hostname"}) {
            for (int protocol : new int[] {2, 3}) {
                same("M0", protocol, c("CONFIG", "SET", "cluster-preferred-endpoint-type", type),
                        c("GET", "foo"), c("CLUSTER", "SLOTS"), c("CONFIG", "SET", "cluster-preferred-endpoint-type", "ip"));
            }
            for (Side s : new Side[] {r, e}) s.client("M1", 2).call("CONFIG", "SET", "cluster-preferred-endpoint-type", type);
            String want = r.normalize(r.client("M1", 2).call("CLUSTER", "SHARDS"));
            String got = e.normalize(e.client("M1", 2).call("CLUSTER", "SHARDS"));
            assertThat(Reply.parse(got).unorderedItems(false)).as(type).isEqualTo(Reply.parse(want).unorderedItems(false));
            for (Side s : new Side[] {r, e}) s.client("M1", 2).call("CONFIG", "SET", "cluster-preferred-endpoint-type", "ip");
        }
    }

    @Test
    @Order(16)
    void slotAdministrationErrors() {
        for (int protocol : new int[] {2, 3}) {
            same("M0", protocol, c("CLUSTER", "SETSLOT", "12182", "MIGRATING", "{id:M1}"),
                    c("CLUSTER", "SETSLOT", "1", "IMPORTING", "{id:M1}"), c("CLUSTER", "SETSLOT", "1", "MIGRATING", "nope"),
                    c("CLUSTER", "SETSLOT", "1", "MIGRATING", "{id:R1}"), c("CLUSTER", "SETSLOT", "1", "NODE", "nope"),
                    c("CLUSTER", "SETSLOT", "1", "BOGUS"), c("CLUSTER", "SETSLOT", "16384", "STABLE"),
                    c("CLUSTER", "SETSLOT", "1", "STABLE"), c("CLUSTER", "ADDSLOTS", "1"), c("CLUSTER", "ADDSLOTS", "1", "x"),
                    c("CLUSTER", "ADDSLOTSRANGE", "5", "1"), c("CLUSTER", "ADDSLOTSRANGE", "1", "2", "3"),
                    c("CLUSTER", "DELSLOTS", "1", "1"), c("CLUSTER", "FAILOVER"), c("CLUSTER", "FAILOVER", "BOGUS"));
            same("R0", protocol, c("CLUSTER", "SETSLOT", "1", "STABLE"), c("CLUSTER", "FAILOVER", "BOGUS"));
        }
    }

    @Test
    @Order(17)
    void announcedHostnames() throws Exception {
        // every node announces a hostname; the real ones learn each other's by gossip
        for (Side s : new Side[] {r, e}) {
            for (String label : s.node.keySet()) {
                String host = "node-" + label.toLowerCase(java.util.Locale.ROOT) + ".test";
                assertThat(s.client(label, 2).call("CONFIG", "SET", "cluster-announce-hostname", host)).isEqualTo("+OK\r\n");
            }
        }
        for (int i = 0; i < 400; i++) {
            boolean all = true;
            for (String label : r.node.keySet()) {
                String nodes = r.client(label, 2).call("CLUSTER", "NODES");
                for (String l : r.node.keySet()) all &= nodes.contains(",node-" + l.toLowerCase(java.util.Locale.ROOT) + ".test ");
            }
            r.closeClients();
            if (all) break;
            Thread.sleep(50); // the real nodes gossip their hostnames
        }
        for (String label : new String[] {"M0", "R1"}) {
            assertThat(nodeLines(e, label)).as("CLUSTER NODES on %s with hostnames", label).isEqualTo(nodeLines(r, label));
        }
        for (String type : new String[] {"ip", "hostname", "unknown-endpoint"}) {
            for (int protocol : new int[] {2, 3}) {
                same("M0", protocol, c("CONFIG", "SET", "cluster-preferred-endpoint-type", type), c("GET", "foo"),
                        c("CLUSTER", "SLOTS"), c("CONFIG", "SET", "cluster-preferred-endpoint-type", "ip"));
                for (Side s : new Side[] {r, e}) s.client("M1", protocol).call("CONFIG", "SET", "cluster-preferred-endpoint-type", type);
                String want = r.normalize(r.client("M1", protocol).call("CLUSTER", "SHARDS"));
                String got = e.normalize(e.client("M1", protocol).call("CLUSTER", "SHARDS"));
                assertThat(Reply.parse(got).unorderedItems(false)).as(type).isEqualTo(Reply.parse(want).unorderedItems(false));
                for (Side s : new Side[] {r, e}) s.client("M1", protocol).call("CONFIG", "SET", "cluster-preferred-endpoint-type", "ip");
            }
        }
    }

    @Test
    @Order(18)
    void maxClientsCountsClusterLinks() throws Exception {
        List<String> replies = new ArrayList<>();
        for (Side s : new Side[] {r, e}) {
            s.closeClients();
            Thread.sleep(200); // let the servers see the closed sockets
            RespClient a = s.client("M0", 2);
            // 6 nodes: 10 bus links, 1 replica link, this connection: the next one is refused
            a.call("CONFIG", "SET", "maxclients", "12");
            try (RespClient b = s.connect.apply(s.node.get("M0"))) {
                replies.add(b.read());
            }
            a.call("CONFIG", "SET", "maxclients", "10000");
        }
        assertThat(replies.get(1)).isEqualTo(replies.get(0)).isEqualTo("-ERR max number of clients + cluster connections reached\r\n");
    }

    @Test
    @Order(20)
    void clusterDown() throws Exception {
        // slot 866 (hello) unassigned: its keys are not served, the others neither (state fail)
        try (RespClient m = real.connect(r.node.get("M0"))) {
            assertThat(m.call("CLUSTER", "DELSLOTS", "866")).isEqualTo("+OK\r\n");
        }
        emu.unassignSlots(866, 866);
        awaitState(r, "M0", "fail");
        for (int protocol : new int[] {2, 3}) {
            same("M0", protocol, c("GET", "hello"), c("GET", "bar"), c("SET", "bar", "1"), c("PING"),
                    c("CONFIG", "SET", "cluster-allow-reads-when-down", "yes"),
                    c("GET", "hello"), c("GET", "bar"), c("SET", "bar", "1"),
                    c("EVAL", "#!lua\nreturn redis.call('set', 'bar', '1')", "0"),
                    c("EVAL", "#!lua\nreturn redis.call('get', 'bar')", "0"),
                    c("CONFIG", "SET", "cluster-allow-reads-when-down", "no"),
                    c("EVAL", "#!lua\nreturn redis.call('get', 'bar')", "0"));
        }
        assertThat(nodeLines(e, "M0")).isEqualTo(nodeLines(r, "M0"));
        try (RespClient m = real.connect(r.node.get("M0"))) {
            assertThat(m.call("CLUSTER", "ADDSLOTS", "866")).isEqualTo("+OK\r\n");
        }
        emu.assignSlots(866, 866, e.node.get("M0"));
        awaitState(r, "M0", "ok");
        same("M0", 2, c("GET", "bar"));
    }

    private void awaitState(Side s, String label, String state) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (s.client(label, 2).call("CLUSTER", "INFO").contains("cluster_state:" + state)) return;
            Thread.sleep(50); // the real node updates its state in its cron
        }
        throw new AssertionError("cluster_state never became " + state);
    }

    @Test
    @Order(25)
    void failoverOfASecondMaster() throws Exception {
        // user:1 (slot 10778) is M1's; after the failover R1 serves it and M1 is R1's replica
        try (RespClient m1 = real.connect(r.node.get("M1")); RespClient r1 = real.connect(r.node.get("R1"))) {
            m1.call("SET", "user:1", "v");
            m1.call("WAIT", "1", "5000");
            assertThat(r1.call("CLUSTER", "FAILOVER")).isEqualTo("+OK\r\n");
        }
        e.client("M1", 2).call("SET", "user:1", "v");
        emu.failover(e.node.get("M1"));
        String idR1 = r.idOf.get("R1");
        String idM1 = r.idOf.get("M1");
        for (int i = 0; i < 400; i++) {
            boolean done = true;
            for (int n = 0; n < real.size() && done; n++) {
                try (RespClient c = real.connect(n)) {
                    String nodes = c.call("CLUSTER", "NODES");
                    done = nodes.matches("(?s).*" + idM1 + " [^\n]*slave " + idR1 + ".*")
                            && nodes.matches("(?s).*" + idR1 + " [^\n]*master - .*");
                }
            }
            if (done) break;
            Thread.sleep(50); // the real cluster gossips the new configuration
        }
        real.awaitStable(20_000);
        for (String label : new String[] {"M0", "R1", "M1"}) {
            assertThat(nodeLines(e, label)).as("CLUSTER NODES on %s after failover", label).isEqualTo(nodeLines(r, label));
        }
        for (int protocol : new int[] {2, 3}) {
            same("M1", protocol, c("GET", "user:1"), c("SET", "user:1", "x"), c("READONLY"), c("GET", "user:1"));
            // the old master is now a connected replica of the promoted one (offsets differ)
            assertThat(e.normalize(e.client("M1", protocol).call("ROLE")).replaceAll(":\\d+\r\n$", ":<n>\r\n"))
                    .isEqualTo(r.normalize(r.client("M1", protocol).call("ROLE")).replaceAll(":\\d+\r\n$", ":<n>\r\n"));
            same("R1", protocol, c("GET", "user:1"));
            same("M0", protocol, c("GET", "user:1"), c("CLUSTER", "SLOTS"));
        }
        assertThat(e.client("M0", 2).call("CLUSTER", "INFO")).contains("cluster_current_epoch:7\r\n");
        assertThat(r.client("M0", 2).call("CLUSTER", "INFO")).contains("cluster_current_epoch:7\r\n");
    }

    @Test
    @Order(30)
    void migrationAskAndTryagain() throws Exception {
        // slot 12182 (foo) from M2 to M0
        for (Side s : new Side[] {r, e}) {
            RespClient m2 = s.client("M2", 2);
            m2.call("SET", "foo", "1");
            m2.call("SET", "{foo}2", "2");
        }
        try (RespClient src = real.connect(r.node.get("M2")); RespClient dst = real.connect(r.node.get("M0"))) {
            assertThat(dst.call("CLUSTER", "SETSLOT", "12182", "IMPORTING", r.idOf.get("M2"))).isEqualTo("+OK\r\n");
            assertThat(src.call("CLUSTER", "SETSLOT", "12182", "MIGRATING", r.idOf.get("M0"))).isEqualTo("+OK\r\n");
            assertThat(src.call("MIGRATE", "127.0.0.1", String.valueOf(r.portOf.get("M0")), "foo", "0", "5000")).isEqualTo("+OK\r\n");
        }
        SlotMigration m = emu.startMigration(12182, e.node.get("M2"), e.node.get("M0"));
        m.moveKeys("foo");
        for (int protocol : new int[] {2, 3}) {
            same("M2", protocol, c("GET", "foo"), c("GET", "{foo}2"), c("MGET", "foo", "{foo}2"), c("GET", "{foo}x"),
                    c("SET", "{foo}x", "1"), c("EXISTS", "{foo}2"), c("CLUSTER", "COUNTKEYSINSLOT", "12182"));
            same("M0", protocol, c("GET", "foo"), c("ASKING"), c("GET", "foo"), c("GET", "foo"),
                    c("ASKING"), c("MGET", "foo", "{foo}2"), c("ASKING"), c("MGET", "foo", "foo"),
                    c("ASKING"), c("RESTORE-ASKING", "foo", "0", "x"), c("CLUSTER", "COUNTKEYSINSLOT", "12182"));
        }
        for (String label : new String[] {"M0", "M2", "M1"}) {
            List<String> want = nodeLines(r, label);
            List<String> got = nodeLines(e, label);
            assertThat(got).as("CLUSTER NODES on %s during migration", label).isEqualTo(want);
        }
    }
}
