package dev.emredis.junit5;

import dev.emredis.Journal;
import dev.emredis.RedisCluster;
import dev.emredis.RedisEmulator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The cluster's side of a failed test: recent commands on every node, the slot layout, key counts. */
final class ClusterFailureReport {
    private static final int ENTRIES = 50;

    private ClusterFailureReport() { }

    private record Tagged(int node, Journal.Entry entry) { }

    static String of(RedisCluster c) {
        StringBuilder b = new StringBuilder("emredis cluster, seed ").append(c.seedUri()).append('\n');
        List<Tagged> all = new ArrayList<>();
        for (int i = 0; i < c.nodes().size(); i++) {
            for (Journal.Entry e : c.node(i).journal().last(ENTRIES)) all.add(new Tagged(i, e));
        }
        // stable sort: entries of one node keep their order when times tie
        all.sort(Comparator.comparing(t -> t.entry().time()));
        List<Tagged> last = all.subList(Math.max(0, all.size() - ENTRIES), all.size());
        b.append("last ").append(last.size()).append(" commands across nodes:\n");
        for (Tagged t : last) b.append("  node ").append(t.node()).append(": ").append(t.entry()).append('\n');
        b.append("nodes:\n");
        for (int i = 0; i < c.nodes().size(); i++) {
            RedisEmulator n = c.node(i);
            b.append("  node ").append(i).append(' ').append(n.host()).append(':').append(n.port());
            if (c.isMaster(i)) {
                b.append(" master slots ").append(ranges(c, i));
            } else {
                int m = -1;
                for (int k : c.masters()) if (c.replicasOf(k).contains(i)) m = k;
                b.append(" replica of node ").append(m);
            }
            if (c.isFailed(i)) b.append(" FAILED");
            b.append(", ").append(keys(n)).append(" keys\n");
        }
        return b.toString();
    }

    private static String ranges(RedisCluster c, int master) {
        StringBuilder b = new StringBuilder();
        int first = -1;
        for (int s = 0; s <= 16384; s++) {
            boolean mine = s < 16384 && c.masterOf(s) == master;
            if (mine && first < 0) first = s;
            if (!mine && first >= 0) {
                if (b.length() > 0) b.append(',');
                b.append(first);
                if (s - 1 > first) b.append('-').append(s - 1);
                first = -1;
            }
        }
        return b.length() == 0 ? "(none)" : b.toString();
    }

    private static long keys(RedisEmulator n) {
        var server = n.internalServer();
        return server.loop().call(() -> {
            long k = 0;
            for (var db : server.dbs()) k += db.size();
            return k;
        });
    }
}
