package dev.emredis.spring;

import static org.junit.jupiter.api.Assertions.fail;

import dev.emredis.testing.RespClient;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server for these tests (the compat-tests helper, copied: that module publishes no
 * test classes). {@link #get()} is one server per JVM, {@code -Dcompat.redis=host:port} if
 * given; {@link #startAnother} starts one of a test's own with extra arguments. Without a
 * redis-server on PATH the tests are skipped with a message, or fail when
 * {@code -Dcompat.required=true} (what CI uses).
 */
public final class RealRedis implements AutoCloseable {
    private static RealRedis shared;
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
        if (shared == null && unavailable == null) {
            try {
                String given = System.getProperty("compat.redis", "");
                if (given.isBlank()) {
                    shared = start();
                } else {
                    int colon = given.lastIndexOf(':');
                    shared = new RealRedis(given.substring(0, colon), Integer.parseInt(given.substring(colon + 1)), null);
                    shared.awaitPing(2000);
                }
            } catch (Exception e) {
                unavailable = e.getMessage();
            }
        }
        if (shared == null) unavailable(unavailable);
        return shared;
    }

    /** A redis-server of the test's own, with extra arguments (e.g. {@code --maxmemory 1mb}); close it after. */
    public static RealRedis startAnother(String... args) {
        try {
            return start(args);
        } catch (Exception e) {
            unavailable(e.getMessage());
            return null; // not reached
        }
    }

    private static void unavailable(String why) {
        String msg = "these tests need a real Redis 7.0: " + why + " (install redis-server, or pass -Dcompat.redis=host:port)";
        if (Boolean.getBoolean("compat.required")) fail(msg);
        Assumptions.abort(msg);
    }

    public RespClient connect() {
        return new RespClient(host, port);
    }

    /** Sends one command on a new connection and returns the raw RESP reply. */
    public String call(String... command) {
        try (RespClient c = connect()) {
            return c.call(command);
        }
    }

    private static RealRedis start(String... args) throws Exception {
        String exe = findOnPath("redis-server");
        if (exe == null) throw new IllegalStateException("redis-server is not on PATH");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("emredis-spring");
        List<String> cmd = new ArrayList<>(List.of(exe, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        RealRedis r = new RealRedis("127.0.0.1", port, p);
        r.awaitPing(10_000);
        return r;
    }

    /** Stops a server made by {@link #startAnother} (the shared one lives as long as the JVM). */
    @Override
    public void close() {
        if (process != null && this != shared) process.destroyForcibly();
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

    private static String findOnPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }

    /** A loopback port nothing listens on (for a --replicaof whose master is down). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
