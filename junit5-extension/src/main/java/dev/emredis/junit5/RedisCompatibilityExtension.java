package dev.emredis.junit5;

import dev.emredis.RedisEmulator;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Provides the two invocations of a {@link RedisCompatibilityTest}: emulator, then real Redis. */
public class RedisCompatibilityExtension implements TestTemplateInvocationContextProvider {
    private static final Namespace NS = Namespace.create(RedisCompatibilityExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext ctx) {
        return ctx.getTestMethod().map(m -> m.isAnnotationPresent(RedisCompatibilityTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext ctx) {
        return Stream.of(invocation("emulator", true), invocation("real redis-server", false));
    }

    private static TestTemplateInvocationContext invocation(String name, boolean emulator) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int index) {
                return name;
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new Target(emulator));
            }
        };
    }

    /** Resolves the RedisTarget of one invocation; the real one is skipped when no server is available. */
    private static final class Target implements ParameterResolver, ExecutionCondition {
        private final boolean emulator;

        Target(boolean emulator) {
            this.emulator = emulator;
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext ctx) {
            if (emulator || ctx.getTestMethod().isEmpty()) return ConditionEvaluationResult.enabled("emulator");
            RealServer real = RealServer.get(ctx);
            return real.problem == null ? ConditionEvaluationResult.enabled("real redis at " + real.host + ":" + real.port)
                    : ConditionEvaluationResult.disabled("no real Redis to compare with: " + real.problem
                            + " (install redis-server on PATH or pass -Demredis.real=host:port)");
        }

        @Override
        public boolean supportsParameter(ParameterContext pc, ExtensionContext ctx) {
            return pc.getParameter().getType() == RedisTarget.class;
        }

        @Override
        public Object resolveParameter(ParameterContext pc, ExtensionContext ctx) {
            return ctx.getStore(NS).getOrComputeIfAbsent("target", k -> {
                if (emulator) return new Invocation(RedisEmulator.builder().build().start());
                RealServer real = RealServer.get(ctx);
                real.flushAll();
                return new Invocation(new RedisTarget(real.host, real.port, null));
            }, Invocation.class).target;
        }
    }

    /** One invocation's target; an emulator is closed when the invocation ends. */
    private static final class Invocation implements ExtensionContext.Store.CloseableResource {
        final RedisTarget target;

        Invocation(RedisEmulator r) {
            this.target = new RedisTarget(r.host(), r.port(), r);
        }

        Invocation(RedisTarget t) {
            this.target = t;
        }

        @Override
        public void close() {
            target.emulator().ifPresent(RedisEmulator::close);
        }
    }

    /** The reference server: given, or a redis-server from PATH started once per test run. */
    static final class RealServer implements ExtensionContext.Store.CloseableResource {
        final String host;
        final int port;
        final String problem;
        private final Process process;

        private RealServer(String host, int port, Process process, String problem) {
            this.host = host;
            this.port = port;
            this.process = process;
            this.problem = problem;
        }

        static RealServer get(ExtensionContext ctx) {
            return ctx.getRoot().getStore(NS).getOrComputeIfAbsent("real", k -> locate(), RealServer.class);
        }

        private static RealServer locate() {
            String given = System.getProperty("emredis.real", "");
            try {
                if (!given.isBlank()) {
                    int colon = given.lastIndexOf(':');
                    RealServer r = new RealServer(given.substring(0, colon), Integer.parseInt(given.substring(colon + 1)), null, null);
                    r.call("PING");
                    return r;
                }
                String exe = onPath("redis-server");
                if (exe == null) return new RealServer(null, 0, null, "redis-server is not on PATH");
                int port;
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                Path dir = Files.createTempDirectory("emredis-real");
                Process p = new ProcessBuilder(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no", "--dir", dir.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
                RealServer r = new RealServer("127.0.0.1", port, p, null);
                long deadline = System.currentTimeMillis() + 10_000;
                while (true) {
                    try {
                        r.call("PING");
                        return r;
                    } catch (IOException e) {
                        if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                            p.destroyForcibly();
                            return new RealServer(null, 0, null, "redis-server did not start: " + e.getMessage());
                        }
                        Thread.sleep(50);
                    }
                }
            } catch (Exception e) {
                return new RealServer(null, 0, null, (given.isBlank() ? "" : given + ": ") + e);
            }
        }

        private static String onPath(String name) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) return f.getPath();
            }
            return null;
        }

        void flushAll() {
            try {
                call("FLUSHALL");
            } catch (IOException e) {
                throw new IllegalStateException("real redis at " + host + ":" + port + " failed: " + e, e);
            }
        }

        /** One inline command; returns the first reply line. */
        private String call(String command) throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                StringBuilder b = new StringBuilder();
                int c;
                while ((c = in.read()) >= 0 && c != '\n') b.append((char) c);
                String line = b.toString().trim();
                if (line.startsWith("-")) throw new IOException(line);
                return line;
            }
        }

        @Override
        public void close() {
            if (process != null) process.destroyForcibly();
        }
    }
}
