package dev.emredis.standalone;

import dev.emredis.RedisCluster;
import dev.emredis.RedisEmulator;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * {@code java -jar emredis.jar [--port N] [--bind ADDR] [--cluster M [--replicas R]] [--<config-name> <value> ...]}:
 * the emulator as a process. With {@code --cluster M} it starts an emulated cluster of M masters
 * on ports N, N+1, ... N+M-1 ({@code --replicas R} adds R replicas per master on the ports after
 * them) and prints every node's address and role. Other options are configuration parameters, as
 * redis-server takes them (e.g. {@code --enable-debug-command yes}, {@code --requirepass secret}),
 * given to every node.
 */
public final class Main {
    private static final String USAGE =
            "usage: java -jar emredis.jar [--port N] [--bind ADDR] [--cluster MASTERS [--replicas R]] [--<config-name> <value> ...]";

    private Main() {}

    /** What {@link #launch} started: a server or a cluster, to close and to watch. */
    public record Running(AutoCloseable server, BooleanSupplier closed) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    /** Thrown for bad command-line options (the process exits with status 2). */
    public static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        Running running;
        try {
            running = launch(args, System.out);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (running == null) return;
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
            done.countDown();
        }));
        while (!running.closed().getAsBoolean()) {
            if (done.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) break;
        }
        running.close();
    }

    /**
     * Parses the options, starts what they ask for and prints where it listens; null for
     * {@code --help}. Throws {@link UsageException} for bad options.
     */
    public static Running launch(String[] args, PrintStream out) {
        int port = 6379;
        String bind = "127.0.0.1";
        int masters = 0;
        int replicas = 0;
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port":
                    port = number(value(args, ++i, "--port"), "--port");
                    break;
                case "--bind":
                    bind = value(args, ++i, "--bind");
                    break;
                case "--cluster":
                    masters = number(value(args, ++i, "--cluster"), "--cluster");
                    if (masters < 1) throw new UsageException("--cluster needs at least 1 master");
                    break;
                case "--replicas":
                    replicas = number(value(args, ++i, "--replicas"), "--replicas");
                    if (replicas < 0) throw new UsageException("--replicas must not be negative");
                    break;
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return null;
                default:
                    if (!args[i].startsWith("--")) throw new UsageException("unknown option: " + args[i]);
                    config.put(args[i].substring(2), value(args, ++i, args[i - 1]));
            }
        }
        if (replicas > 0 && masters == 0) throw new UsageException("--replicas needs --cluster");
        try {
            if (masters > 0) return startCluster(out, port, bind, masters, replicas, config);
            RedisEmulator.Builder builder = RedisEmulator.builder();
            config.forEach(builder::config);
            RedisEmulator redis = builder.port(port).bind(bind).build().start();
            out.println("emredis listening on " + bind + ":" + redis.port());
            out.println("Ready to accept connections");
            out.flush();
            return new Running(redis, redis::isClosed);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad configuration: " + e.getMessage());
        }
    }

    private static Running startCluster(PrintStream out, int port, String bind, int masters, int replicas, Map<String, String> config) {
        RedisCluster.Builder b = RedisCluster.builder().masters(masters).replicasPerMaster(replicas).basePort(port).bind(bind);
        config.forEach(b::config);
        RedisCluster cluster = b.build().start();
        List<RedisEmulator> nodes = cluster.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            RedisEmulator n = nodes.get(i);
            String role = cluster.isMaster(i) ? "master" : "replica of " + bind + ":" + nodes.get(masterOf(cluster, i)).port();
            out.println("emredis cluster node " + i + " listening on " + bind + ":" + n.port() + " (" + role + ", id " + cluster.nodeId(i) + ")");
        }
        StringBuilder ports = new StringBuilder();
        for (RedisEmulator n : nodes) ports.append(ports.length() == 0 ? "" : " ").append(n.port());
        out.println("emredis cluster ports: " + ports);
        out.println("Ready to accept connections");
        out.flush();
        return new Running(cluster, () -> nodes.stream().allMatch(RedisEmulator::isClosed));
    }

    private static int masterOf(RedisCluster cluster, int replica) {
        for (int m : cluster.masters()) if (cluster.replicasOf(m).contains(replica)) return m;
        return replica;
    }

    private static int number(String s, String opt) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new UsageException(opt + " needs a number: " + s);
        }
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) throw new UsageException(opt + " needs a value");
        return args[i];
    }
}
