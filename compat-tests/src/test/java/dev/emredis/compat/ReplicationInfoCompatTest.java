package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * INFO replication as a master, as a replica whose master cannot be reached, and as a master again
 * after REPLICAOF NO ONE: the same fields in the same order as real Redis, replication ids aside
 * (random on both), whose hand-over (old id kept as replid2) is checked on its own.
 */
class ReplicationInfoCompatTest extends BothServers {

    private static String info(RespClient c) {
        String raw = c.call("INFO", "replication");
        return raw.substring(raw.indexOf("\r\n") + 2);
    }

    private static String field(String info, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":([^\r\n]*)").matcher(info);
        return m.find() ? m.group(1) : null;
    }

    private static List<String> walk(RespClient c) {
        List<String> infos = new ArrayList<>();
        String master = info(c);
        c.call("REPLICAOF", "127.0.0.1", "1");
        String replica = info(c);
        c.call("REPLICAOF", "NO", "ONE");
        String promoted = info(c);
        // ids are random; the old one must become replid2, with second_repl_offset 1
        assertThat(field(replica, "master_replid")).isEqualTo(field(master, "master_replid"));
        assertThat(field(promoted, "master_replid2")).isEqualTo(field(master, "master_replid"));
        assertThat(field(promoted, "master_replid")).hasSize(40).isNotEqualTo(field(master, "master_replid"));
        for (String s : List.of(master, replica, promoted)) {
            infos.add(s.replaceAll("master_replid2?:[0-9a-f]{40}", "<id>"));
        }
        return infos;
    }

    @Test
    void replicationSectionMatchesThroughRoleChanges() {
        try (RespClient r = real.connect(); RespClient e = new RespClient(emulator)) {
            // once first, so both have been promoted before (second_repl_offset is history)
            walk(r);
            walk(e);
            List<String> expected = walk(r);
            List<String> actual = walk(e);
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.get(1)).contains("role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:1\r\nmaster_link_status:down\r\n");
        }
    }
}
