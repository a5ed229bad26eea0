package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisCluster;
import dev.emredis.testing.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Redis's own cluster tool against the emulated cluster: {@code redis-cli --cluster check} finds
 * it consistent, and {@code redis-cli --cluster reshard} moves slots with their keys through
 * CLUSTER SETSLOT IMPORTING/MIGRATING, GETKEYSINSLOT, MIGRATE and SETSLOT NODE.
 */
class ClusterToolCompatTest {

    private static String run(String... args) throws IOException, InterruptedException {
        String cli = RealRedis.findOnPath("redis-cli");
        Assumptions.assumeTrue(cli != null, "redis-cli is not on PATH");
        List<String> cmd = new ArrayList<>(List.of(cli));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void checkAndReshard() throws Exception {
        try (RedisCluster cluster = RedisCluster.builder().masters(3).replicasPerMaster(1).seed(9).build().start()) {
            String seed = "127.0.0.1:" + cluster.node(0).port();
            try (RespClient c = new RespClient(cluster.node(2))) {
                for (int i = 0; i < 200; i++) c.call("SET", "{foo}" + i, "v" + i);
            }
            String check = run("--cluster", "check", seed);
            assertThat(check).contains("[OK] All nodes agree about slots configuration.").contains("[OK] All 16384 slots covered.");
            // slots 10923..12922 (foo's 12182 among them) from node 2 to node 0
            String reshard = run("--cluster", "reshard", seed, "--cluster-from", cluster.nodeId(2), "--cluster-to", cluster.nodeId(0),
                    "--cluster-slots", "2000", "--cluster-yes");
            assertThat(reshard).contains("Moving slot 12182 from 127.0.0.1:" + cluster.node(2).port());
            assertThat(cluster.masterOf(12182)).isZero();
            assertThat(cluster.masterOf(12922)).isZero();
            assertThat(cluster.masterOf(12923)).isEqualTo(2);
            try (RespClient c0 = new RespClient(cluster.node(0)); RespClient c2 = new RespClient(cluster.node(2))) {
                assertThat(c0.call("CLUSTER", "COUNTKEYSINSLOT", "12182")).isEqualTo(":200\r\n");
                assertThat(c0.call("GET", "{foo}7")).isEqualTo("$2\r\nv7\r\n");
                assertThat(c2.call("GET", "{foo}7")).isEqualTo("-MOVED 12182 127.0.0.1:" + cluster.node(0).port() + "\r\n");
                assertThat(c2.call("DBSIZE")).isEqualTo(":0\r\n");
            }
            assertThat(run("--cluster", "check", seed)).contains("[OK] All nodes agree about slots configuration.")
                    .doesNotContain("[WARNING]").contains("[OK] All 16384 slots covered.");
        }
    }
}
