package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InfoCommandTest extends EmulatorTest {
    @Test
    void unknownSectionIsEmpty() {
        assertThat(c.call("INFO", "bogus")).isEqualTo("$0\r\n\r\n");
        assertThat(Resp3.call(redis, "INFO", "bogus")).isEqualTo("=4\r\ntxt:\r\n");
    }

    @Test
    void clusterAndModulesSections() {
        assertThat(c.call("INFO", "CLUSTER")).isEqualTo("$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n");
        assertThat(c.call("INFO", "modules")).isEqualTo("$11\r\n# Modules\r\n\r\n");
        assertThat(c.call("INFO", "cluster", "modules")).isEqualTo("$43\r\n# Modules\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n");
        assertThat(Resp3.call(redis, "INFO", "cluster")).isEqualTo("=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n");
    }

    @Test
    void defaultSectionsInOrder() {
        String all = c.call("INFO");
        assertThat(all).contains("# Server\r\nredis_version:7.0.15\r\n");
        String[] order = {"# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication", "# CPU",
            "# Modules", "# Errorstats", "# Cluster", "# Keyspace"};
        int at = -1;
        for (String s : order) {
            int i = all.indexOf(s + "\r\n");
            assertThat(i).as(s).isGreaterThan(at);
            at = i;
        }
        assertThat(all).doesNotContain("# Commandstats").doesNotContain("# Latencystats");
        assertThat(c.call("INFO", "default")).doesNotContain("# Commandstats");
        assertThat(c.call("INFO", "all")).contains("# Commandstats").contains("# Latencystats");
        assertThat(c.call("INFO", "everything")).contains("# Commandstats");
    }

    @Test
    void keyspaceAndStatsFollowState() {
        assertThat(c.call("INFO", "keyspace")).isEqualTo("$12\r\n# Keyspace\r\n\r\n");
        redis.internalServer().loop().call(() -> {
            redis.internalServer().db(0).put("k".getBytes(), new dev.emredis.internal.keyspace.RedisString("v".getBytes()));
            return null;
        });
        assertThat(c.call("INFO", "keyspace")).isEqualTo("$44\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n\r\n");
        c.call("CONFIG", "RESETSTAT");
        c.call("PING");
        c.call("NOSUCH");
        String stats = c.call("INFO", "commandstats", "errorstats", "stats");
        assertThat(stats).contains("cmdstat_ping:calls=1,usec=").contains(",rejected_calls=0,failed_calls=0\r\n")
                .contains("errorstat_ERR:count=1\r\n").contains("total_error_replies:1\r\n")
                .contains("total_commands_processed:2\r\n");
    }

    @Test
    void uptimeFollowsTheVirtualClock() {
        redis.clock().freeze();
        String before = c.call("INFO", "server");
        long up = Long.parseLong(before.replaceAll("(?s).*uptime_in_seconds:(\\d+).*", "$1"));
        redis.clock().advance(Duration.ofDays(2));
        String after = c.call("INFO", "server");
        assertThat(after).contains("uptime_in_seconds:" + (up + 172800) + "\r\n").contains("uptime_in_days:2\r\n")
                .contains("tcp_port:" + redis.port() + "\r\n");
    }
}
