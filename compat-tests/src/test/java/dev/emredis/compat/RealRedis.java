package dev.emredis.compat;

import static org.junit.jupiter.api.Assertions.fail;

import dev.emredis.testing.RespClient;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The reference server: {@code -Dcompat.redis=host:port} if given, else a {@code redis-server}
 * from PATH started once per JVM on a free loopback port with no persistence. Without either,
 * compat tests are skipped with a message, or fail when {@code -Dcompat.required=true}.
 */
public final class RealRedis {
    private static RealRedis instance;
    private static String unavailable;

    public final String host;
    public final int port;
    private final Process process;

    private RealRedis(String host, int port, Process process) {
        this.host = host;
        this.port = port;
        this.process = process;
    }

    /** The shared reference server, or a skipped/failed test when there is none. */
    public static synchronized RealRedis get() {
        if (instance == null && unavailable == null) {
            try {
                instance = locate();
            } catch (Exception e) {
                unavailable = e.getMessage();
            }
        }
        if (instance == null) {
            String msg = "compat tests need a real Redis 7.0: " + unavailable
                    + " (install redis-server, or pass -Dcompat.redis=host:port)";
            if (Boolean.getBoolean("compat.required")) fail(msg);
            Assumptions.abort(msg);
        }
        return instance;
    }

    public RespClient connect() {
        return new RespClient(host, port);
    }

    private static RealRedis locate() throws Exception {
        String given = System.getProperty("compat.redis", "");
        if (!given.isBlank()) {
            int colon = given.lastIndexOf(':');
            RealRedis r = new RealRedis(given.substring(0, colon), Integer.parseInt(given.substring(colon + 1)), null);
            r.awaitPing(2000);
            return r;
        }
        String exe = findOnPath("redis-server");
        if (exe == null) throw new IllegalStateException("redis-server is not on PATH");
        int port = freePort();
        Path dir = Files.createTempDirectory("emredis-compat");
        Process p = new ProcessBuilder(exe, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        RealRedis r = new RealRedis("127.0.0.1", port, p);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        r.awaitPing(10_000);
        return r;
    }

    /** Another redis-server of its own, with extra arguments (e.g. --replicaof host port). */
    public static RealRedis startAnother(String... args) throws Exception {
        String exe = findOnPath("redis-server");
        if (exe == null) throw new IllegalStateException("redis-server is not on PATH");
        int port = freePort();
        Path dir = Files.createTempDirectory("emredis-compat");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(exe, "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RealRedis r = new RealRedis("127.0.0.1", port, p);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        r.awaitPing(10_000);
        return r;
    }

    /** Stops a server made by {@link #startAnother}. */
    public void stop() {
        if (process != null) process.destroyForcibly();
    }

    private void awaitPing(long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        Exception last = null;
        while (System.currentTimeMillis() < deadline) {
            if (process != null && !process.isAlive()) throw new IllegalStateException("redis-server exited at start");
            try (RespClient c = connect()) {
                if (c.call("PING").equals("+PONG\r\n")) return;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(50); // waiting for an external process to listen, not for emulated time
        }
        throw new IllegalStateException("no reply from redis at " + host + ":" + port + ": " + last);
    }

    static String findOnPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
