package dev.emredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emredis.testing.RespClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulated cluster: introspection, routing and every topology change of the API. */
class RedisClusterTest {
    private static final String CROSSSLOT = "-CROSSSLOT Keys in request don't hash to the same slot\r\n";
    private static final String TRYAGAIN = "-TRYAGAIN Multiple keys request during rehashing of slot\r\n";
    private static final String DOWN = "-CLUSTERDOWN The cluster is down\r\n";
    // slots: foo 12182 (node 2), bar 5061 (node 0), hello 866 (node 0), a 15495 (node 2)
    private RedisCluster cluster;
    private final List<RespClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = RedisCluster.builder().masters(3).replicasPerMaster(1).seed(42).build().start();
    }

    @AfterEach
    void stop() {
        clients.forEach(RespClient::close);
        cluster.close();
    }

    private RespClient client(int node) {
        RespClient c = new RespClient(cluster.node(node));
        clients.add(c);
        return c;
    }

    private String moved(int slot, int node) {
        return "-MOVED " + slot + " 127.0.0.1:" + cluster.node(node).port() + "\r\n";
    }

    private String ask(int slot, int node) {
        return "-ASK " + slot + " 127.0.0.1:" + cluster.node(node).port() + "\r\n";
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    private String nodes(int node) {
        String r = client(node).call("CLUSTER", "NODES");
        return r.substring(r.indexOf("\r\n") + 2, r.length() - 2);
    }

    private static String field(String info, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + ":([^\r\n]*)").matcher(info);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void layoutAndIds() {
        assertThat(cluster.nodes()).hasSize(6);
        assertThat(cluster.masters()).containsExactly(0, 1, 2);
        assertThat(cluster.replicasOf(0)).containsExactly(3);
        assertThat(cluster.masterOf(0)).isZero();
        assertThat(cluster.masterOf(5461)).isEqualTo(1);
        assertThat(cluster.masterOf(16383)).isEqualTo(2);
        assertThat(cluster.seedUri()).isEqualTo("redis://127.0.0.1:" + cluster.node(0).port());
        assertThat(cluster.slotOf("foo")).isEqualTo(12182);
        assertThat(cluster.masterFor("foo")).isSameAs(cluster.node(2));
        for (int i = 0; i < 6; i++) {
            assertThat(cluster.nodeId(i)).matches("[0-9a-f]{40}");
            assertThat(client(i).call("CLUSTER", "MYID")).isEqualTo(bulk(cluster.nodeId(i)));
        }
    }

    @Test
    void clusterNodesLines() {
        String text = nodes(0);
        String[] lines = text.split("\n");
        assertThat(text).endsWith("\n");
        assertThat(lines).hasSize(6);
        int p0 = cluster.node(0).port();
        assertThat(lines[0]).matches(cluster.nodeId(0) + " 127\\.0\\.0\\.1:" + p0 + "@" + (p0 + 10000)
                + " myself,master - 0 \\d+000 1 connected 0-5460");
        assertThat(lines[2]).matches(cluster.nodeId(2) + " 127\\.0\\.0\\.1:\\d+@\\d+ master - 0 \\d+ 3 connected 10923-16383");
        assertThat(lines[3]).matches(cluster.nodeId(3) + " 127\\.0\\.0\\.1:\\d+@\\d+ slave " + cluster.nodeId(0) + " 0 \\d+ 1 connected");
        assertThat(nodes(3).split("\n")[3]).contains("myself,slave");
        assertThat(client(0).call("CLUSTER", "REPLICAS", cluster.nodeId(0))).startsWith("*1\r\n$").contains("slave " + cluster.nodeId(0));
        assertThat(client(0).call("CLUSTER", "SLAVES", "nope")).isEqualTo("-ERR Unknown node nope\r\n");
        assertThat(client(0).call("CLUSTER", "REPLICAS", cluster.nodeId(3))).isEqualTo("-ERR The specified node is not a master\r\n");
        assertThat(client(0).call("CLUSTER", "COUNT-FAILURE-REPORTS", cluster.nodeId(1))).isEqualTo(":0\r\n");
    }

    @Test
    void clusterSlotsExactBytes() {
        cluster.awaitReplication();
        String r = client(1).call("CLUSTER", "SLOTS");
        StringBuilder want = new StringBuilder("*3\r\n");
        int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
        for (int m = 0; m < 3; m++) {
            want.append("*4\r\n:").append(ranges[m][0]).append("\r\n:").append(ranges[m][1]).append("\r\n");
            for (int n : new int[] {m, m + 3}) {
                int port = cluster.node(n).port();
                want.append("*4\r\n$9\r\n127.0.0.1\r\n:").append(port).append("\r\n").append(bulk(cluster.nodeId(n))).append("*0\r\n");
            }
        }
        assertThat(r).isEqualTo(want.toString());
    }

    @Test
    void clusterShardsResp3() {
        RespClient c = client(0);
        c.call("HELLO", "3");
        String r = c.call("CLUSTER", "SHARDS");
        assertThat(r).startsWith("*3\r\n%2\r\n$5\r\nslots\r\n*2\r\n:0\r\n:5460\r\n$5\r\nnodes\r\n*2\r\n%7\r\n$2\r\nid\r\n" + bulk(cluster.nodeId(0)));
        assertThat(r).contains("$4\r\nrole\r\n$7\r\nreplica\r\n$18\r\nreplication-offset\r\n:");
        assertThat(r).contains("$6\r\nhealth\r\n$6\r\nonline\r\n").doesNotContain("loading");
    }

    @Test
    void clusterInfoAndInfoSection() {
        String info = client(0).call("CLUSTER", "INFO");
        assertThat(info).contains("cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\n"
                + "cluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:6\r\ncluster_size:3\r\n"
                + "cluster_current_epoch:6\r\ncluster_my_epoch:1\r\n");
        assertThat(client(4).call("CLUSTER", "INFO")).contains("cluster_my_epoch:2\r\n");
        assertThat(client(0).call("INFO", "cluster")).contains("cluster_enabled:1");
        RespClient r3 = client(0);
        r3.call("HELLO", "3");
        assertThat(r3.call("CLUSTER", "INFO")).startsWith("=").contains("txt:cluster_state:ok");
    }

    @Test
    void keyslotAndKeysInSlot() {
        RespClient c = client(2);
        assertThat(c.call("CLUSTER", "KEYSLOT", "{user1000}.following")).isEqualTo(":3443\r\n");
        assertThat(c.call("SET", "foo", "1")).isEqualTo("+OK\r\n");
        assertThat(c.call("SET", "{foo}2", "1")).isEqualTo("+OK\r\n");
        assertThat(c.call("CLUSTER", "COUNTKEYSINSLOT", "12182")).isEqualTo(":2\r\n");
        assertThat(c.call("CLUSTER", "GETKEYSINSLOT", "12182", "1")).startsWith("*1\r\n");
        assertThat(c.call("CLUSTER", "COUNTKEYSINSLOT", "16384")).isEqualTo("-ERR Invalid slot\r\n");
        assertThat(c.call("CLUSTER", "COUNTKEYSINSLOT", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(c.call("CLUSTER", "GETKEYSINSLOT", "1", "-1")).isEqualTo("-ERR Invalid slot or number of keys\r\n");
    }

    @Test
    void movedCrossslotAndLocalCommands() {
        RespClient c = client(0);
        assertThat(c.call("GET", "foo")).isEqualTo(moved(12182, 2));
        assertThat(c.call("MSET", "a", "1", "b", "2")).isEqualTo(CROSSSLOT);
        assertThat(c.call("MSET", "{bar}1", "1", "{bar}2", "2")).isEqualTo("+OK\r\n");
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        assertThat(c.call("PUBLISH", "ch", "x")).isEqualTo(":0\r\n");
        assertThat(c.call("SELECT", "1")).isEqualTo("-ERR SELECT is not allowed in cluster mode\r\n");
        assertThat(c.call("SELECT", "0")).isEqualTo("+OK\r\n");
        assertThat(c.call("SPUBLISH", "foo", "x")).isEqualTo(moved(12182, 2));
    }

    @Test
    void transactions() {
        RespClient c = client(2);
        assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
        assertThat(c.call("GET", "bar")).isEqualTo(moved(5061, 0));
        assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
        // each command is local, but the transaction spans two slots: EXEC itself is refused
        assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
        assertThat(c.call("SET", "foo", "1")).isEqualTo("+QUEUED\r\n");
        assertThat(c.call("SET", "a", "1")).isEqualTo("+QUEUED\r\n");
        assertThat(c.call("EXEC")).isEqualTo(CROSSSLOT);
        assertThat(c.call("GET", "foo")).isEqualTo("$-1\r\n");
    }

    @Test
    void readonlyOnReplica() {
        client(0).call("SET", "hello", "world");
        cluster.awaitReplication();
        RespClient r = client(3);
        assertThat(r.call("GET", "hello")).isEqualTo(moved(866, 0));
        assertThat(r.call("READONLY")).isEqualTo("+OK\r\n");
        assertThat(r.call("GET", "hello")).isEqualTo(bulk("world"));
        assertThat(r.call("SET", "hello", "x")).isEqualTo(moved(866, 0));
        assertThat(r.call("GET", "foo")).isEqualTo(moved(12182, 2));
        assertThat(r.call("READWRITE")).isEqualTo("+OK\r\n");
        assertThat(r.call("GET", "hello")).isEqualTo(moved(866, 0));
        assertThat(r.call("ROLE")).startsWith("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:" + cluster.node(0).port() + "\r\n$9\r\nconnected\r\n:");
        assertThat(r.call("INFO", "replication")).contains("role:slave").contains("master_link_status:up");
        assertThat(field(r.call("INFO", "replication"), "master_replid")).isEqualTo(field(client(0).call("INFO", "replication"), "master_replid"));
        assertThat(client(0).call("ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n:").contains("$" + String.valueOf(cluster.node(3).port()).length()
                + "\r\n" + cluster.node(3).port());
        assertThat(client(0).call("INFO", "replication")).contains("connected_slaves:1\r\nslave0:ip=127.0.0.1,port=" + cluster.node(3).port());
    }

    @Test
    void replicasFollowExpiryAndDeletes() {
        RespClient m = client(0);
        m.call("SET", "hello", "v", "PX", "1000");
        m.call("RPUSH", "{hello}l", "a", "b");
        m.call("DEL", "{hello}l");
        cluster.awaitReplication();
        RespClient r = client(3);
        r.call("READONLY");
        assertThat(r.call("EXISTS", "hello", "{hello}l")).isEqualTo(":1\r\n");
        cluster.clock().advance(java.time.Duration.ofSeconds(2));
        cluster.awaitReplication();
        assertThat(r.call("DBSIZE")).isEqualTo(":0\r\n");
    }

    @Test
    void replicasStayIdenticalAfterRandomAndRelativeCommands() {
        RespClient m = client(0);
        String[] members = new String[40];
        for (int i = 0; i < members.length; i++) members[i] = "m" + i;
        m.call(concat(new String[] {"SADD", "{hello}s"}, members));
        m.call("SPOP", "{hello}s");
        m.call("SPOP", "{hello}s", "5");
        m.call("SPOP", "{hello}s", "30");
        m.call("INCRBYFLOAT", "{hello}f", "0.1");
        m.call("INCRBYFLOAT", "{hello}f", "1e-3");
        m.call("HINCRBYFLOAT", "{hello}h", "x", "3.0e1");
        m.call("SET", "{hello}e", "v", "EX", "100");
        m.call("EXPIRE", "{hello}f", "50");
        cluster.awaitReplication();
        RespClient r = client(3);
        r.call("READONLY");
        for (RespClient c : List.of(m, r)) c.call("HELLO", "2");
        // the same members (a set's iteration order depends on its history)
        String[] check = concat(new String[] {"SMISMEMBER", "{hello}s"}, members);
        assertThat(r.call(check)).isEqualTo(m.call(check));
        assertThat(r.call("SCARD", "{hello}s")).isEqualTo(m.call("SCARD", "{hello}s")).isEqualTo(":4\r\n");
        assertThat(r.call("GET", "{hello}f")).isEqualTo(m.call("GET", "{hello}f"));
        assertThat(r.call("HGET", "{hello}h", "x")).isEqualTo(m.call("HGET", "{hello}h", "x"));
        assertThat(r.call("PEXPIRETIME", "{hello}e")).isEqualTo(m.call("PEXPIRETIME", "{hello}e"));
        assertThat(r.call("PEXPIRETIME", "{hello}f")).isEqualTo(m.call("PEXPIRETIME", "{hello}f"));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void clusterWidePeakAndConnectionsOpenedBetween() throws Exception {
        cluster.journal().clear();
        java.time.Instant t0 = cluster.clock().instant();
        RespClient a = new RespClient(cluster.node(0));
        RespClient b = new RespClient(cluster.node(0));
        a.call("PING");
        b.call("PING");
        a.close();
        b.close();
        awaitEvents(0, 4);
        cluster.clock().advance(java.time.Duration.ofSeconds(10));
        java.time.Instant t1 = cluster.clock().instant();
        RespClient c = client(1);
        RespClient d = client(2);
        c.call("PING");
        d.call("PING");
        awaitEvents(1, 1);
        // node 0 had 2 at once, then nodes 1 and 2 one each: never more than 2 together
        assertThat(cluster.journal().maxConcurrentConnections()).isEqualTo(2);
        assertThat(cluster.node(0).journal().maxConcurrentConnections() + cluster.node(1).journal().maxConcurrentConnections()
                + cluster.node(2).journal().maxConcurrentConnections()).isEqualTo(4);
        RespClient e = client(3);
        e.call("PING");
        assertThat(cluster.journal().maxConcurrentConnections()).isEqualTo(3);
        assertThat(cluster.journal().connectionsOpenedBetween(t0, t1)).isEqualTo(2);
        assertThat(cluster.journal().connectionsOpenedBetween(t1, t1.plusSeconds(1))).isEqualTo(3);
        assertThat(cluster.node(0).journal().connectionsOpenedBetween(t0, t1.plusSeconds(1))).isEqualTo(2);
        assertThat(cluster.node(1).journal().connectionsOpenedBetween(t0, t1)).isZero();
    }

    private void awaitEvents(int node, int n) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            long[] ev = cluster.node(node).journal().connectionEvents();
            if (ev != null && ev.length - 1 >= n) return;
            Thread.sleep(10); // the server's loop noticing a socket, not emulated time
        }
        throw new AssertionError("no connection events");
    }

    @Test
    void getKeysInSlotNewestFirst() {
        // as verified on a real 7.0.15 cluster node: {a}5 {a}4 {a}1
        RespClient m = client(cluster.masterOf(cluster.slotOf("a")));
        for (String k : List.of("{a}1", "{a}2", "{a}3")) m.call("SET", k, "v");
        m.call("SET", "{a}1", "w");
        m.call("RENAME", "{a}2", "{a}4");
        m.call("SET", "{a}5", "v");
        m.call("DEL", "{a}3");
        String slot = Integer.toString(cluster.slotOf("a"));
        assertThat(m.call("CLUSTER", "GETKEYSINSLOT", slot, "10")).isEqualTo("*3\r\n" + bulk("{a}5") + bulk("{a}4") + bulk("{a}1"));
        assertThat(m.call("CLUSTER", "GETKEYSINSLOT", slot, "2")).isEqualTo("*2\r\n" + bulk("{a}5") + bulk("{a}4"));
    }

    @Test
    void moveSlotMovesKeysAndRedirects() {
        RespClient n2 = client(2);
        n2.call("SET", "foo", "bar");
        n2.call("SET", "{foo}x", "y", "EX", "100");
        long epochBefore = cluster.currentEpoch();
        cluster.moveSlot(12182, 0);
        assertThat(cluster.masterOf(12182)).isZero();
        assertThat(cluster.currentEpoch()).isEqualTo(epochBefore + 1);
        assertThat(cluster.configEpoch(0)).isEqualTo(epochBefore + 1);
        assertThat(n2.call("GET", "foo")).isEqualTo(moved(12182, 0));
        RespClient n0 = client(0);
        assertThat(n0.call("GET", "foo")).isEqualTo(bulk("bar"));
        assertThat(n0.call("TTL", "{foo}x")).isEqualTo(":100\r\n");
        assertThat(n2.call("DBSIZE")).isEqualTo(":0\r\n");
        for (int i = 0; i < 6; i++) {
            assertThat(nodes(i)).contains("0-5460 12182\n").contains("10923-12181 12183-16383");
        }
        cluster.awaitReplication();
        RespClient r = client(3);
        r.call("READONLY");
        assertThat(r.call("GET", "foo")).isEqualTo(bulk("bar"));
    }

    @Test
    void migrationAskAndTryagain() {
        RespClient src = client(2);
        RespClient dst = client(0);
        src.call("SET", "foo", "1");
        src.call("SET", "{foo}2", "2");
        SlotMigration m = cluster.startMigration(12182, 2, 0);
        assertThat(nodes(2)).contains("[12182->-" + cluster.nodeId(0) + "]");
        assertThat(nodes(0)).contains("[12182-<-" + cluster.nodeId(2) + "]");
        assertThat(nodes(1)).doesNotContain("[12182");
        assertThat(src.call("GET", "foo")).isEqualTo(bulk("1"));
        assertThat(src.call("GET", "{foo}missing")).isEqualTo(ask(12182, 0));
        assertThat(src.call("SET", "{foo}new", "x")).isEqualTo(ask(12182, 0));
        m.moveKeys("foo");
        assertThat(src.call("GET", "foo")).isEqualTo(ask(12182, 0));
        assertThat(src.call("MGET", "foo", "{foo}2")).isEqualTo(TRYAGAIN);
        // the importing node: MOVED without ASKING, served after it (one command only)
        assertThat(dst.call("GET", "foo")).isEqualTo(moved(12182, 2));
        assertThat(dst.call("ASKING")).isEqualTo("+OK\r\n");
        assertThat(dst.call("GET", "foo")).isEqualTo(bulk("1"));
        assertThat(dst.call("GET", "foo")).isEqualTo(moved(12182, 2));
        dst.call("ASKING");
        assertThat(dst.call("MGET", "foo", "{foo}2")).isEqualTo(TRYAGAIN);
        dst.call("ASKING");
        assertThat(dst.call("MGET", "foo", "foo")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n1\r\n");
        m.finish();
        assertThat(src.call("GET", "{foo}2")).isEqualTo(moved(12182, 0));
        assertThat(dst.call("MGET", "foo", "{foo}2")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        assertThat(nodes(0)).doesNotContain("[");
        assertThatThrownBy(() -> cluster.startMigration(1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cluster.startMigration(0, 0, 0).moveKeys("x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failoverPromotesReplica() {
        client(0).call("SET", "hello", "world");
        long epoch = cluster.currentEpoch();
        int promoted = cluster.failover(0);
        assertThat(promoted).isEqualTo(3);
        assertThat(cluster.isMaster(3)).isTrue();
        assertThat(cluster.isMaster(0)).isFalse();
        assertThat(cluster.masterOf(866)).isEqualTo(3);
        assertThat(cluster.currentEpoch()).isEqualTo(epoch + 1);
        assertThat(cluster.configEpoch(3)).isEqualTo(epoch + 1);
        RespClient oldMaster = client(0);
        assertThat(oldMaster.call("GET", "hello")).isEqualTo(moved(866, 3));
        assertThat(oldMaster.call("SET", "hello", "x")).isEqualTo(moved(866, 3));
        RespClient neu = client(3);
        assertThat(neu.call("GET", "hello")).isEqualTo(bulk("world"));
        assertThat(neu.call("SET", "hello", "again")).isEqualTo("+OK\r\n");
        assertThat(neu.call("ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n");
        cluster.awaitReplication();
        oldMaster.call("READONLY");
        assertThat(oldMaster.call("GET", "hello")).isEqualTo(bulk("again"));
        assertThat(oldMaster.call("ROLE")).startsWith("*5\r\n$5\r\nslave\r\n");
        // one replication history: the promoted node's id, the old one kept as replid2
        String oldInfo = oldMaster.call("INFO", "replication");
        String newInfo = neu.call("INFO", "replication");
        assertThat(field(oldInfo, "master_replid")).isEqualTo(field(newInfo, "master_replid"));
        assertThat(field(newInfo, "master_replid2")).isNotEqualTo("0".repeat(40));
        assertThat(Long.parseLong(field(newInfo, "second_repl_offset"))).isGreaterThan(1);
        assertThat(field(oldInfo, "repl_backlog_active")).isEqualTo("1");
        assertThat(field(oldInfo, "repl_backlog_histlen")).isEqualTo(field(oldInfo, "slave_repl_offset"));
        for (int i = 0; i < 6; i++) {
            String[] lines = nodes(i).split("\n");
            assertThat(lines[3]).contains("master - ").endsWith(" " + (epoch + 1) + " connected 0-5460");
            assertThat(lines[0]).contains("slave " + cluster.nodeId(3));
        }
        String slots = client(1).call("CLUSTER", "SLOTS");
        assertThat(slots).startsWith("*3\r\n*4\r\n:0\r\n:5460\r\n*4\r\n$9\r\n127.0.0.1\r\n:" + cluster.node(3).port());
        assertThatThrownBy(() -> cluster.failover(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roleFaultDemotesAClusterMasterConsistently() {
        client(0).call("SET", "hello", "world");
        long epoch = cluster.currentEpoch();
        cluster.node(0).faults().role(Role.REPLICA);
        assertThat(cluster.isMaster(0)).isFalse();
        assertThat(cluster.isMaster(3)).isTrue();
        assertThat(cluster.currentEpoch()).isEqualTo(epoch + 1);
        RespClient c = client(0);
        String port3 = String.valueOf(cluster.node(3).port());
        // every role-revealing reply of node 0 names node 3 as its master
        assertThat(c.call("ROLE")).startsWith("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:" + port3 + "\r\n");
        String info = c.call("INFO", "replication");
        assertThat(field(info, "role")).isEqualTo("slave");
        assertThat(field(info, "master_port")).isEqualTo(port3);
        assertThat(c.call("HELLO", "3")).contains("$4\r\nrole\r\n$7\r\nreplica\r\n");
        c.call("HELLO", "2");
        for (int i = 0; i < 6; i++) {
            String[] lines = nodes(i).split("\n");
            assertThat(lines[0]).contains((i == 0 ? "myself,slave " : " slave ") + cluster.nodeId(3) + " ");
            assertThat(lines[0]).doesNotContain("0-5460");
            assertThat(lines[3]).contains("master - ").endsWith(" connected 0-5460");
        }
        assertThat(client(1).call("CLUSTER", "SLOTS")).startsWith("*3\r\n*4\r\n:0\r\n:5460\r\n*4\r\n$9\r\n127.0.0.1\r\n:" + port3);
        String shards = client(0).call("CLUSTER", "SHARDS");
        assertThat(shards.indexOf(cluster.nodeId(3))).isLessThan(shards.indexOf(cluster.nodeId(0)));
        assertThat(shards).contains("$4\r\nrole\r\n$7\r\nreplica");
        // keyed writes are redirected before the READONLY check; keyless writes are refused
        assertThat(c.call("SET", "hello", "x")).isEqualTo(moved(866, 3));
        assertThat(c.call("FLUSHALL")).isEqualTo("-READONLY You can't write against a read only replica.\r\n");
        assertThat(client(3).call("GET", "hello")).isEqualTo(bulk("world"));
        // MASTER again: a CLUSTER FAILOVER run on node 0
        cluster.node(0).faults().role(Role.MASTER);
        assertThat(cluster.isMaster(0)).isTrue();
        assertThat(nodes(4).split("\n")[3]).contains(" slave " + cluster.nodeId(0) + " ");
        assertThat(client(0).call("ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n");
        assertThat(client(0).call("SET", "hello", "x")).isEqualTo("+OK\r\n");
        // clear() undoes a demotion made by role()
        cluster.node(1).faults().role(Role.REPLICA);
        assertThat(cluster.isMaster(1)).isFalse();
        cluster.node(1).faults().clear();
        assertThat(cluster.isMaster(1)).isTrue();
        assertThat(client(1).call("ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n");
    }

    @Test
    void roleFaultOnAMasterWithoutReplicaIsRefused() {
        try (RedisCluster small = RedisCluster.builder().masters(3).build().start()) {
            assertThatThrownBy(() -> small.node(0).faults().role(Role.REPLICA))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("without a working replica");
            assertThat(small.isMaster(0)).isTrue();
        }
    }

    @Test
    void failNodeBringsClusterDown() throws IOException {
        RedisCluster c1 = RedisCluster.builder().masters(3).seed(1).build().start();
        try (c1; RespClient n0 = new RespClient(c1.node(0)); RespClient n1 = new RespClient(c1.node(1))) {
            int port2 = c1.node(2).port();
            c1.failNode(2);
            assertThat(c1.isFailed(2)).isTrue();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port2).close()).isInstanceOf(ConnectException.class);
            assertThat(n0.call("GET", "hello")).isEqualTo(DOWN);
            assertThat(n0.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(n1.call("CLUSTER", "INFO")).contains("cluster_state:fail\r\n").contains("cluster_slots_fail:5461\r\n");
            String line = n1.call("CLUSTER", "NODES").split("\n")[3];
            assertThat(line).contains("master,fail - ").contains(" disconnected 10923-16383");
            n0.call("CONFIG", "SET", "cluster-allow-reads-when-down", "yes");
            assertThat(n0.call("GET", "hello")).isEqualTo("$-1\r\n");
            assertThat(n0.call("SET", "hello", "x")).isEqualTo("-CLUSTERDOWN The cluster is down and only accepts read commands\r\n");
            c1.recoverNode(2);
            assertThat(n0.call("SET", "hello", "x")).isEqualTo("+OK\r\n");
            try (RespClient n2 = new RespClient(c1.node(2))) {
                assertThat(n2.call("PING")).isEqualTo("+PONG\r\n");
            }
        }
    }

    @Test
    void failedMasterWithReplicaThenFailover() {
        cluster.failNode(1);
        RespClient c = client(0);
        assertThat(c.call("GET", "hello")).isEqualTo(DOWN);
        cluster.failover(1);
        assertThat(c.call("GET", "hello")).isEqualTo("$-1\r\n");
        assertThat(c.call("GET", "user:1")).isEqualTo(moved(10778, 4));
        assertThat(nodes(0).split("\n")[1]).contains("slave,fail " + cluster.nodeId(4));
    }

    @Test
    void unservedSlotAndJournal() {
        RespClient c = client(0);
        c.call("CLUSTER", "SLOTS");
        c.call("CLUSTER", "NODES");
        client(1).call("CLUSTER", "SHARDS");
        assertThat(cluster.journal().discoveryCalls()).isEqualTo(3);
        assertThat(cluster.journal().discoveryEntries()).hasSize(3);
        assertThat(cluster.journal().count("CLUSTER")).isEqualTo(3);
        assertThat(cluster.journal().connectionsAccepted()).isGreaterThanOrEqualTo(2);
        assertThat(cluster.journal().maxCallsInWindow(Match.command("CLUSTER", "SLOTS"), java.time.Duration.ofSeconds(1))).isEqualTo(1);
        cluster.journal().clear();
        assertThat(cluster.journal().discoveryCalls()).isZero();
    }

    @Test
    void publishReachesEveryNodeAndShardPublishItsShard() {
        RespClient sub2 = client(2);
        RespClient sub4 = client(4);
        RespClient sub3 = client(3);
        assertThat(sub2.call("SUBSCRIBE", "news")).isEqualTo("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n");
        sub4.call("SUBSCRIBE", "news");
        // shard channel "hello" is in slot 866: node 0's shard (node 3 is its replica)
        sub3.call("READONLY");
        assertThat(sub3.call("SSUBSCRIBE", "hello")).isEqualTo("*3\r\n$10\r\nssubscribe\r\n$5\r\nhello\r\n:1\r\n");
        RespClient pub = client(0);
        assertThat(pub.call("PUBLISH", "news", "x")).isEqualTo(":0\r\n");
        assertThat(sub2.read()).isEqualTo("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$1\r\nx\r\n");
        assertThat(sub4.read()).isEqualTo("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$1\r\nx\r\n");
        assertThat(pub.call("SPUBLISH", "hello", "y")).isEqualTo(":0\r\n");
        assertThat(sub3.read()).isEqualTo("*3\r\n$8\r\nsmessage\r\n$5\r\nhello\r\n$1\r\ny\r\n");
    }

    @Test
    void clusterModeRefusals() {
        RespClient c = client(0);
        assertThat(c.call("MOVE", "hello", "1")).isEqualTo("-ERR MOVE is not allowed in cluster mode\r\n");
        assertThat(c.call("SWAPDB", "0", "1")).isEqualTo("-ERR SWAPDB is not allowed in cluster mode\r\n");
        assertThat(c.call("WAIT", "1", "0")).isEqualTo(":1\r\n");
        assertThat(c.call("CLUSTER", "MEET", "127.0.0.1", "1")).startsWith("-ERR CLUSTER MEET is not supported");
    }

    @Test
    void migrationFollowsAFailoverOfItsTarget() {
        client(2).call("SET", "foo", "1");
        SlotMigration m = cluster.startMigration(12182, 2, 0);
        cluster.failover(0);
        assertThat(nodes(3)).contains("[12182-<-" + cluster.nodeId(2) + "]");
        m.moveKeys("foo");
        assertThat(client(2).call("GET", "foo")).isEqualTo(ask(12182, 3));
        m.finish();
        assertThat(cluster.masterOf(12182)).isEqualTo(3);
        assertThat(client(3).call("GET", "foo")).isEqualTo(bulk("1"));
    }

    @Test
    void resetAndClientListFlags() {
        RespClient r = client(3);
        r.call("READONLY");
        assertThat(r.call("CLIENT", "INFO")).contains(" flags=r ");
        r.call("ASKING");
        assertThat(r.call("RESET")).isEqualTo("+RESET\r\n");
        assertThat(r.call("CLIENT", "INFO")).contains(" flags=N ");
        assertThat(r.call("GET", "hello")).isEqualTo(moved(866, 0));
    }

    @Test
    void blockedClientsAreRedirected() throws Exception {
        RespClient blocked = client(2);
        blocked.send("BLPOP", "foo", "0");
        RespClient other = client(1);
        other.send("BLPOP", "user:1", "0");
        RespClient probe2 = client(2);
        RespClient probe1 = client(1);
        // waiting for the sockets' commands to arrive, not for time
        for (int i = 0; i < 200 && !(probe2.call("INFO", "clients").contains("blocked_clients:1")
                && probe1.call("INFO", "clients").contains("blocked_clients:1")); i++) {
            Thread.sleep(10);
        }
        cluster.moveSlot(12182, 0);
        assertThat(blocked.read()).isEqualTo(moved(12182, 0));
        cluster.unassignSlots(0, 0);
        assertThat(other.read()).isEqualTo(DOWN);
    }

    @Test
    void reshardWithSetslotAndMigrate() {
        RespClient src = client(2);
        RespClient dst = client(0);
        src.call("SET", "foo", "1");
        src.call("SET", "{foo}2", "2");
        String id0 = cluster.nodeId(0);
        String id2 = cluster.nodeId(2);
        assertThat(client(3).call("CLUSTER", "SETSLOT", "12182", "STABLE")).isEqualTo("-ERR Please use SETSLOT only with masters.\r\n");
        assertThat(dst.call("CLUSTER", "SETSLOT", "12182", "MIGRATING", id2)).isEqualTo("-ERR I'm not the owner of hash slot 12182\r\n");
        assertThat(src.call("CLUSTER", "SETSLOT", "12182", "IMPORTING", id0)).isEqualTo("-ERR I'm already the owner of hash slot 12182\r\n");
        assertThat(src.call("CLUSTER", "SETSLOT", "12182", "MIGRATING", "nope")).isEqualTo("-ERR I don't know about node nope\r\n");
        assertThat(src.call("CLUSTER", "SETSLOT", "12182", "MIGRATING", cluster.nodeId(3))).isEqualTo("-ERR Target node is not a master\r\n");
        assertThat(src.call("CLUSTER", "SETSLOT", "12182", "BOGUS")).isEqualTo(
                "-ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP\r\n");
        assertThat(dst.call("CLUSTER", "SETSLOT", "12182", "IMPORTING", id2)).isEqualTo("+OK\r\n");
        assertThat(nodes(0)).contains("[12182-<-" + id2 + "]");
        assertThat(nodes(2)).doesNotContain("[12182");
        assertThat(src.call("CLUSTER", "SETSLOT", "12182", "MIGRATING", id0)).isEqualTo("+OK\r\n");
        assertThat(nodes(2)).contains("[12182->-" + id0 + "]");
        assertThat(src.call("CLUSTER", "SETSLOT", "12182", "NODE", id0))
                .isEqualTo("-ERR Can't assign hashslot 12182 to a different node while I still hold keys for this hash slot.\r\n");
        assertThat(src.call("MIGRATE", "127.0.0.1", String.valueOf(cluster.node(0).port()), "", "0", "5000", "KEYS", "foo"))
                .isEqualTo("+OK\r\n");
        assertThat(src.call("MGET", "foo", "{foo}2")).isEqualTo(TRYAGAIN);
        assertThat(src.call("MIGRATE", "127.0.0.1", String.valueOf(cluster.node(0).port()), "{foo}2", "0", "5000"))
                .isEqualTo("+OK\r\n");
        assertThat(src.call("GET", "foo")).isEqualTo(ask(12182, 0));
        long epoch = cluster.currentEpoch();
        assertThat(dst.call("CLUSTER", "SETSLOT", "12182", "NODE", id0)).isEqualTo("+OK\r\n");
        assertThat(cluster.configEpoch(0)).isEqualTo(epoch + 1);
        assertThat(src.call("CLUSTER", "SETSLOT", "12182", "NODE", id0)).isEqualTo("+OK\r\n");
        assertThat(src.call("GET", "foo")).isEqualTo(moved(12182, 0));
        assertThat(dst.call("MGET", "foo", "{foo}2")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        for (int i = 0; i < 3; i++) assertThat(nodes(i)).doesNotContain("[");
        // ADDSLOTS / DELSLOTS
        assertThat(dst.call("CLUSTER", "DELSLOTS", "1", "1")).isEqualTo("-ERR Slot 1 specified multiple times\r\n");
        assertThat(dst.call("CLUSTER", "ADDSLOTS", "1")).isEqualTo("-ERR Slot 1 is already busy\r\n");
        assertThat(dst.call("CLUSTER", "DELSLOTSRANGE", "0", "9")).isEqualTo("+OK\r\n");
        assertThat(dst.call("CLUSTER", "DELSLOTS", "5")).isEqualTo("-ERR Slot 5 is already unassigned\r\n");
        assertThat(dst.call("GET", "06S")).isEqualTo("-CLUSTERDOWN Hash slot not served\r\n");
        assertThat(dst.call("CLUSTER", "ADDSLOTSRANGE", "5", "1")).isEqualTo("-ERR start slot number 5 is greater than end slot number 1\r\n");
        assertThat(dst.call("CLUSTER", "ADDSLOTSRANGE", "0", "1", "2")).isEqualTo(
                "-ERR wrong number of arguments for 'cluster|addslotsrange' command\r\n");
        assertThat(src.call("CLUSTER", "ADDSLOTSRANGE", "0", "9")).isEqualTo("+OK\r\n");
        assertThat(dst.call("GET", "06S")).isEqualTo(moved(0, 2));
    }

    /** A port p with p and p + 1 free. */
    private static int freePair() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                p = s.getLocalPort();
            }
            try (java.net.ServerSocket a = new java.net.ServerSocket(p); java.net.ServerSocket b = new java.net.ServerSocket(p + 1)) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two consecutive free ports");
    }

    @Test
    void builderOptions() throws IOException {
        int base = freePair();
        RedisCluster c = RedisCluster.builder().masters(2).basePort(base).seed(5).version("7.2.4")
                .config("cluster-require-full-coverage", "no").build();
        try (c) {
            assertThatThrownBy(() -> c.node(0)).isInstanceOf(IllegalStateException.class);
            c.start();
            assertThat(c.hostAndPorts()).containsExactly("127.0.0.1:" + base, "127.0.0.1:" + (base + 1));
            try (RedisCluster same = RedisCluster.builder().masters(2).seed(5).build().start()) {
                assertThat(same.nodeId(0)).isEqualTo(c.nodeId(0)); // ids follow the seed
            }
            try (RespClient n0 = new RespClient(c.node(0))) {
                assertThat(n0.call("INFO", "server")).contains("redis_version:7.2.4").contains("redis_mode:cluster");
                assertThat(n0.call("CLUSTER", "SLOTS")).startsWith("*2\r\n*3\r\n:0\r\n:8191\r\n");
                c.failNode(1);
                // without full coverage the cluster stays up: the failed master's slots just redirect
                assertThat(n0.call("CLUSTER", "INFO")).contains("cluster_state:ok");
                assertThat(n0.call("GET", "hello")).isEqualTo("$-1\r\n");
                assertThat(n0.call("GET", "foo")).isEqualTo("-MOVED 12182 127.0.0.1:" + (base + 1) + "\r\n");
                n0.call("SET", "hello", "v", "EX", "10");
                c.clock().advance(java.time.Duration.ofSeconds(11));
                assertThat(n0.call("EXISTS", "hello")).isEqualTo(":0\r\n");
            }
        }
        assertThatThrownBy(() -> RedisCluster.builder().masters(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxClientsCountsClusterLinks() {
        // 6 nodes: 10 bus links per node, plus the replica's link: maxclients 12 leaves room for 1 client
        cluster.node(0).faults().maxClients(12);
        RespClient a = client(0);
        assertThat(a.call("PING")).isEqualTo("+PONG\r\n");
        RespClient refused = client(0);
        assertThat(refused.read()).isEqualTo("-ERR max number of clients + cluster connections reached\r\n");
    }

    @Test
    void clusterResetOfAReplica() {
        client(0).call("SET", "hello", "v");
        cluster.awaitReplication();
        RespClient master = client(0);
        assertThat(master.call("CLUSTER", "RESET")).isEqualTo("-ERR CLUSTER RESET can't be called with master nodes containing keys\r\n");
        RespClient r = client(3);
        assertThat(r.call("CLUSTER", "RESET", "SOFT")).isEqualTo("+OK\r\n");
        assertThat(cluster.isMaster(3)).isTrue();
        assertThat(r.call("DBSIZE")).isEqualTo(":0\r\n");
        assertThat(r.call("ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n");
        master.call("SET", "hello", "w");
        assertThat(master.call("INFO", "replication")).contains("connected_slaves:0");
        assertThat(nodes(1).split("\n")[3]).contains(" master - ").endsWith(" connected");
    }

    @Test
    void clusterFailoverCommandAndBumpepoch() throws Exception {
        assertThat(client(0).call("CLUSTER", "FAILOVER")).isEqualTo("-ERR You should send CLUSTER FAILOVER to a replica\r\n");
        RespClient r = client(3);
        assertThat(r.call("CLUSTER", "FAILOVER", "BOGUS")).isEqualTo("-ERR syntax error\r\n");
        cluster.failNode(0);
        assertThat(r.call("CLUSTER", "FAILOVER")).isEqualTo("-ERR Master is down or failed, please use CLUSTER FAILOVER FORCE\r\n");
        cluster.recoverNode(0);
        client(0).call("SET", "hello", "v");
        assertThat(r.call("CLUSTER", "FAILOVER")).isEqualTo("+OK\r\n");
        // the manual failover completes after the reply, as in Redis
        for (int i = 0; i < 500 && !cluster.isMaster(3); i++) Thread.sleep(10);
        assertThat(cluster.isMaster(3)).isTrue();
        assertThat(r.call("GET", "hello")).isEqualTo(bulk("v"));
        assertThat(r.call("CLUSTER", "BUMPEPOCH")).isEqualTo("+STILL 7\r\n");
        assertThat(client(1).call("CLUSTER", "BUMPEPOCH")).isEqualTo("+BUMPED 8\r\n");
        assertThat(client(1).call("CLUSTER", "BUMPEPOCH")).isEqualTo("+STILL 8\r\n");
    }

    @Test
    void suspectedNodeThenFailed() {
        RespClient c = client(1);
        cluster.suspectNode(2);
        assertThat(cluster.isSuspected(2)).isTrue();
        String line = nodes(1).split("\n")[2];
        assertThat(line).matches(cluster.nodeId(2) + " \\S+ master,fail\\? - [1-9]\\d* \\d+ 3 disconnected 10923-16383");
        assertThat(c.call("CLUSTER", "INFO")).contains("cluster_state:ok\r\n").contains("cluster_slots_ok:10923\r\n")
                .contains("cluster_slots_pfail:5461\r\n").contains("cluster_slots_fail:0\r\n");
        // still ok: the client is sent to the dead node
        assertThat(c.call("GET", "foo")).isEqualTo(moved(12182, 2));
        cluster.failNode(2);
        assertThat(nodes(1).split("\n")[2]).contains(" master,fail - ");
        assertThat(c.call("GET", "foo")).isEqualTo(DOWN);
        assertThat(cluster.failover(2)).isEqualTo(5);
        assertThat(c.call("GET", "foo")).isEqualTo(moved(12182, 5));
        cluster.recoverNode(2);
        assertThat(nodes(1).split("\n")[2]).contains(" slave " + cluster.nodeId(5)).endsWith(" connected");
    }

    @Test
    void resetRestoresTheInitialCluster() {
        String before = nodes(1).replaceAll(" \\d{13} ", " T ");
        client(0).call("SET", "hello", "v");
        cluster.moveSlot(12182, 1);
        cluster.failover(0);
        cluster.failNode(2);
        cluster.node(1).faults().oom(true);
        cluster.reset();
        assertThat(nodes(1).replaceAll(" \\d{13} ", " T ")).isEqualTo(before);
        RespClient m0 = client(0);
        assertThat(m0.call("DBSIZE")).isEqualTo(":0\r\n");
        assertThat(m0.call("ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n");
        assertThat(client(2).call("SET", "foo", "x")).isEqualTo("+OK\r\n");
        assertThat(client(1).call("SET", "user:1", "x")).isEqualTo("+OK\r\n");
        m0.call("SET", "hello", "again");
        cluster.awaitReplication();
        RespClient r = client(3);
        r.call("READONLY");
        assertThat(r.call("GET", "hello")).isEqualTo(bulk("again"));
        assertThat(r.call("ROLE")).startsWith("*5\r\n$5\r\nslave\r\n");
    }

    @Test
    void standaloneStillSaysDisabled() {
        try (RedisEmulator r = RedisEmulator.builder().build().start(); RespClient c = new RespClient(r)) {
            assertThat(c.call("CLUSTER", "INFO")).isEqualTo("-ERR This instance has cluster support disabled\r\n");
            assertThat(c.call("READONLY")).isEqualTo("-ERR This instance has cluster support disabled\r\n");
            assertThat(c.call("INFO", "cluster")).contains("cluster_enabled:0");
        }
    }

    @Test
    void closeReleasesPorts() throws IOException {
        int port = cluster.node(5).port();
        cluster.close();
        try (java.net.ServerSocket s = new java.net.ServerSocket(port)) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }
}
