package dev.emredis.compat;

import static org.junit.jupiter.api.Assertions.fail;

import dev.emredis.testing.RespClient;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis Cluster for compat tests: {@code masters * (1 + replicasPerMaster)}
 * {@code redis-server --cluster-enabled yes} processes from PATH on free loopback ports (bus
 * ports free too), each in its own temporary directory, joined with
 * {@code redis-cli --cluster create ... --cluster-replicas R --cluster-yes}, and waited for until
 * every node reports {@code cluster_state:ok}, knows every replica and the replicas have
 * replicated something (so CLUSTER SLOTS lists them). {@link #close()} kills the processes and
 * deletes the directories. Without redis-server or redis-cli the test is skipped (or fails with
 * {@code -Dcompat.required=true}).
 *
 * <pre>{@code
 * try (RealRedisCluster real = RealRedisCluster.start(3, 1)) {
 *     RespClient c = real.connect(0);
 * }
 * }</pre>
 */
public final class RealRedisCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final int masters;
    private final int replicasPerMaster;

    private RealRedisCluster(int masters, int replicasPerMaster) {
        this.masters = masters;
        this.replicasPerMaster = replicasPerMaster;
    }

    /** Starts and joins a cluster; skips the calling test when Redis is not installed. */
    public static RealRedisCluster start(int masters, int replicasPerMaster, String... extraArgs) {
        String server = RealRedis.findOnPath("redis-server");
        String cli = RealRedis.findOnPath("redis-cli");
        if (server == null || cli == null) {
            String msg = "cluster compat tests need redis-server and redis-cli 7.0 on PATH";
            if (Boolean.getBoolean("compat.required")) fail(msg);
            Assumptions.abort(msg);
        }
        RealRedisCluster c = new RealRedisCluster(masters, replicasPerMaster);
        try {
            c.launch(server, cli, extraArgs);
            return c;
        } catch (Exception e) {
            c.close();
            throw new IllegalStateException("could not start a real Redis cluster: " + e.getMessage(), e);
        }
    }

    private void launch(String server, String cli, String[] extraArgs) throws Exception {
        int total = masters * (1 + replicasPerMaster);
        for (int i = 0; i < total; i++) {
            int port = freeClusterPort();
            Path dir = Files.createTempDirectory("emredis-cluster");
            List<String> cmd = new ArrayList<>(List.of(server, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--save", "",
                    "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(), "--enable-debug-command", "yes"));
            cmd.addAll(List.of(extraArgs));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            processes.add(p);
            dirs.add(dir);
            ports.add(port);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        }
        for (int i = 0; i < total; i++) awaitPing(i, 10_000);
        List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
        for (int p : ports) create.add("127.0.0.1:" + p);
        create.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster), "--cluster-yes"));
        Process p = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(dirs.get(0).resolve("create.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(dirs.get(0).resolve("create.log")));
        }
        awaitStable(60_000);
    }

    /** Waits until every node says cluster_state:ok and lists every replica with an offset. */
    public void awaitStable(long millis) throws InterruptedException {
        int total = ports.size();
        int replicas = masters * replicasPerMaster;
        long deadline = System.currentTimeMillis() + millis;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            boolean ok = true;
            for (int i = 0; i < total && ok; i++) {
                try (RespClient c = connect(i)) {
                    String info = c.call("CLUSTER", "INFO");
                    String nodes = c.call("CLUSTER", "NODES");
                    String shards = c.call("CLUSTER", "SHARDS");
                    int slaves = nodes.split("slave ", -1).length - 1;
                    ok = info.contains("cluster_state:ok") && slaves == replicas
                            && !shards.contains("loading") && nodes.split("\n").length >= total
                            && !nodes.contains("fail") && !nodes.contains("handshake");
                    last = nodes;
                } catch (RuntimeException e) {
                    ok = false;
                    last = e.toString();
                }
            }
            if (ok) return;
            Thread.sleep(100); // waiting for real processes to gossip, not for emulated time
        }
        throw new IllegalStateException("cluster not stable: " + last);
    }

    /** The port of node {@code i} (in the order given to redis-cli: masters first). */
    public int port(int i) {
        return ports.get(i);
    }

    /** Number of nodes. */
    public int size() {
        return ports.size();
    }

    /** A new connection to node {@code i}. */
    public RespClient connect(int i) {
        return new RespClient("127.0.0.1", ports.get(i));
    }

    /** The node index serving {@code slot} as node 0 sees it (-1 if none). */
    public int ownerOf(int slot) {
        try (RespClient c = connect(0)) {
            String nodes = c.call("CLUSTER", "NODES");
            for (String line : nodes.substring(nodes.indexOf("\r\n") + 2).split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 8 || !f[2].contains("master")) continue;
                for (int k = 8; k < f.length; k++) {
                    if (f[k].startsWith("[")) continue;
                    String[] r = f[k].split("-");
                    int a = Integer.parseInt(r[0]);
                    int b = r.length > 1 ? Integer.parseInt(r[1]) : a;
                    if (slot >= a && slot <= b) {
                        int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                        return ports.indexOf(port);
                    }
                }
            }
        }
        return -1;
    }

    /** The 40-hex id of node {@code i}. */
    public String nodeId(int i) {
        try (RespClient c = connect(i)) {
            String r = c.call("CLUSTER", "MYID");
            return r.substring(r.indexOf("\r\n") + 2, r.length() - 2);
        }
    }

    /** Kills every process and deletes every directory. */
    @Override
    public void close() {
        for (Process p : processes) p.destroyForcibly();
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path d : dirs) deleteTree(d);
        processes.clear();
        dirs.clear();
    }

    private void awaitPing(int i, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (!processes.get(i).isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(dirs.get(i).resolve("redis.log")));
            }
            try (RespClient c = connect(i)) {
                if (c.call("PING").equals("+PONG\r\n")) return;
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(50); // waiting for an external process to listen
        }
        throw new IllegalStateException("redis-server on port " + ports.get(i) + " did not answer");
    }

    /** A free port whose cluster bus port (port + 10000) is free too. */
    private static int freeClusterPort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 45000);
            if (free(port) && free(port + 10000)) return port;
        }
        throw new IOException("no free port pair found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // best effort: a temp directory left behind
        }
    }

}
