package dev.emredis.compat;

import static org.junit.jupiter.api.Assertions.fail;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RealRedis;
import dev.emredis.testing.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs every scenario file under {@code scenarios/} against the emulator and a real redis-server,
 * in RESP2 and in RESP3, and compares the raw replies. {@code -Dscenarios=<prefix>} runs a subset
 * (e.g. {@code -Dscenarios=strings} or {@code -Dscenarios=keys/expire}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScenarioTest {
    private RedisEmulator emulator;

    @AfterAll
    void stop() {
        if (emulator != null) emulator.close();
    }

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException, URISyntaxException {
        Path root = Path.of(ScenarioTest.class.getResource("/scenarios").toURI());
        // -Dscenarios=a,b runs the files whose path starts with any of the comma-separated prefixes.
        List<String> filters = List.of(System.getProperty("scenarios", "").split(","));
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".redis")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            String name = root.relativize(f).toString().replace('\\', '/');
            if (filters.stream().noneMatch(name::startsWith)) continue;
            Scenario sc = Scenario.load(name, f);
            for (int proto : new int[] {2, 3}) {
                if (sc.protocol != 0 && sc.protocol != proto) continue;
                tests.add(DynamicTest.dynamicTest(name + " [RESP" + proto + "]", () -> run(sc, proto)));
            }
        }
        return tests.stream();
    }

    private void run(Scenario sc, int proto) {
        RealRedis real = RealRedis.get();
        if (emulator == null || emulator.isClosed()) {
            // Started like the reference server (see RealRedis): no snapshots, loopback only.
            emulator = RedisEmulator.builder().seed(1).config("save", "").config("bind", "127.0.0.1").build().start();
        }
        try (Side r = new Side("redis", real.host, real.port, proto, sc.usesIds);
             Side e = new Side("emulator", emulator.host(), emulator.port(), proto, sc.usesIds)) {
            r.flushAll();
            e.flushAll();
            List<String> problems = new ArrayList<>();
            for (Scenario.Step st : sc.steps) {
                String where = sc.name + ":" + st.line() + " [RESP" + proto + "] " + st.text();
                switch (st.kind()) {
                    case CONN:
                        r.use(st.count());
                        e.use(st.count());
                        break;
                    case CLOSED: {
                        boolean rc = r.current().isClosedByServer(1000);
                        boolean ec = e.current().isClosedByServer(1000);
                        if (rc != ec) problems.add(where + "\n  redis closed: " + rc + ", emulator closed: " + ec);
                        break;
                    }
                    case READ:
                        if (st.compare() == Scenario.Compare.IDS) {
                            compare(where, Scenario.Compare.EXACT, r.withIdTokens(r.read()), e.withIdTokens(e.read()), problems);
                        } else if (st.compare() == Scenario.Compare.UNORDERED) {
                            // several replies (e.g. pub/sub messages) whose order Redis leaves to chance
                            List<String> rs = new ArrayList<>();
                            List<String> es = new ArrayList<>();
                            for (int i = 0; i < st.count(); i++) {
                                rs.add(r.read());
                                es.add(e.read());
                            }
                            java.util.Collections.sort(rs);
                            java.util.Collections.sort(es);
                            compare(where, Scenario.Compare.EXACT, String.join("", rs), String.join("", es), problems);
                        } else {
                            compare(where, st.compare(), r.read(), e.read(), problems);
                        }
                        break;
                    case SEND: {
                        r.send(r.withIds(st.args()));
                        e.send(e.withIds(st.args()));
                        break;
                    }
                    case RAW:
                        r.current().writeRaw(st.raw());
                        e.current().writeRaw(st.raw());
                        for (int i = 0; i < st.count(); i++) compare(where + " (reply " + (i + 1) + ")", st, r.read(), e.read(), problems);
                        break;
                    default:
                        if (st.compare() == Scenario.Compare.IDS) {
                            String rr = r.withIdTokens(r.call(r.withIds(st.args())));
                            String er = e.withIdTokens(e.call(e.withIds(st.args())));
                            compare(where, Scenario.Compare.EXACT, rr, er, problems);
                        } else {
                            compare(where, st, r.call(r.withIds(st.args())), e.call(e.withIds(st.args())), problems);
                        }
                }
                if (problems.size() >= 20) break;
            }
            if (!problems.isEmpty()) fail(problems.size() + " difference(s):\n" + String.join("\n", problems));
        }
    }

    static void compare(String where, Scenario.Step st, String real, String emu, List<String> problems) {
        if (st.compare() != Scenario.Compare.MASK) {
            compare(where, st.compare(), real, emu, problems);
        } else if (!masked(real, st.mask()).equals(masked(emu, st.mask()))) {
            problems.add(where + "\n" + describe(real, emu));
        }
    }

    static void compare(String where, Scenario.Compare how, String real, String emu, List<String> problems) {
        boolean same;
        switch (how) {
            case IGNORE:
                same = !real.startsWith("!") && !emu.startsWith("!");
                break;
            case TYPE:
                same = shape(real).equals(shape(emu));
                break;
            case SCAN:
            case SCAN_PAIRS:
                same = scan(real, how == Scenario.Compare.SCAN_PAIRS).equals(scan(emu, how == Scenario.Compare.SCAN_PAIRS));
                break;
            case UNORDERED:
            case UNORDERED_PAIRS:
                same = unordered(real, how == Scenario.Compare.UNORDERED_PAIRS).equals(unordered(emu, how == Scenario.Compare.UNORDERED_PAIRS));
                break;
            default:
                same = real.equals(emu);
        }
        if (!same) problems.add(where + "\n" + describe(real, emu));
    }

    /** Both replies around their first difference, CR/LF made visible. */
    static String describe(String real, String emu) {
        int i = 0;
        while (i < real.length() && i < emu.length() && real.charAt(i) == emu.charAt(i)) i++;
        int from = Math.max(0, i - 120);
        String at = "  first difference at byte " + i + (from > 0 ? " (showing from byte " + from + ")" : "") + "\n";
        return at + "  redis:    " + visible(real.substring(Math.min(from, real.length())))
                + "\n  emulator: " + visible(emu.substring(Math.min(from, emu.length())));
    }

    private static String shape(String raw) {
        return raw.startsWith("!") ? raw : Reply.parse(raw).shape();
    }

    /** A *SCAN reply: the cursor exactly, the batch as a multiset (of pairs for HSCAN/ZSCAN). */
    private static Object scan(String raw, boolean pairs) {
        if (raw.startsWith("!")) return raw;
        Reply r = Reply.parse(raw);
        if (r.children.size() != 2) return raw;
        return r.children.get(0).raw + r.children.get(1).unorderedItems(pairs);
    }

    private static String masked(String raw, List<String> fields) {
        return raw.startsWith("!") ? raw : Reply.parse(raw).masked(fields);
    }

    private static Object unordered(String raw, boolean pairs) {
        if (raw.startsWith("!")) return raw;
        Reply r = Reply.parse(raw);
        return r.isAggregate() ? r.type + ":" + r.unorderedItems(pairs && !r.isMap()) : raw;
    }

    static String visible(String s) {
        String v = s.replace("\r", "\\r").replace("\n", "\\n");
        return v.length() > 400 ? v.substring(0, 400) + "..." : v;
    }

    /** One server's connections within a scenario run. Failures to talk become "!..." replies. */
    static final class Side implements AutoCloseable {
        final String label;
        final String host;
        final int port;
        final int proto;
        final Map<Integer, RespClient> conns = new HashMap<>();
        /** Connection number to its CLIENT ID on this server (files that use ids only). */
        final Map<Integer, Long> ids = new java.util.TreeMap<>();
        final boolean learnIds;
        int currentId = 1;

        Side(String label, String host, int port, int proto) {
            this(label, host, port, proto, false);
        }

        Side(String label, String host, int port, int proto, boolean learnIds) {
            this.label = label;
            this.host = host;
            this.port = port;
            this.proto = proto;
            this.learnIds = learnIds;
        }

        /** The arguments with {@code {id:N}} replaced by connection N's client id on this server. */
        byte[][] withIds(List<byte[]> args) {
            byte[][] argv = args.toArray(new byte[0][]);
            if (!learnIds) return argv;
            for (int i = 0; i < argv.length; i++) {
                String a = new String(argv[i], java.nio.charset.StandardCharsets.ISO_8859_1);
                if (!a.contains("{id:")) continue;
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{id:(\\d+)}").matcher(a);
                StringBuilder b = new StringBuilder();
                while (m.find()) m.appendReplacement(b, Long.toString(idOf(Integer.parseInt(m.group(1)))));
                m.appendTail(b);
                argv[i] = b.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            return argv;
        }

        /** Integer replies equal to a connection's client id become {@code :{id:N}}. */
        String withIdTokens(String reply) {
            for (Map.Entry<Integer, Long> e : ids.entrySet()) {
                reply = reply.replace(":" + e.getValue() + "\r\n", ":{id:" + e.getKey() + "}\r\n");
            }
            return reply;
        }

        private long idOf(int conn) {
            int saved = currentId;
            currentId = conn;
            current();
            currentId = saved;
            Long id = ids.get(conn);
            return id == null ? -999 : id;
        }

        void use(int id) {
            currentId = id;
        }

        RespClient current() {
            return conns.computeIfAbsent(currentId, id -> {
                RespClient c = new RespClient(host, port);
                c.setTimeout(30000); // generous: PFSELFTEST and the like on a loaded 2-core machine
                if (proto == 3) c.call("HELLO", "3");
                if (learnIds) {
                    String r = c.call("CLIENT", "ID");
                    ids.put(id, Long.parseLong(r.substring(1, r.length() - 2)));
                }
                return c;
            });
        }

        void flushAll() {
            try (RespClient admin = new RespClient(host, port)) {
                admin.setTimeout(2000);
                // a previous file's BGSAVE child may still run on the real server: SAVE would then fail
                for (int i = 0; i < 500; i++) {
                    String p = admin.call("INFO", "persistence");
                    if (!p.contains("rdb_bgsave_in_progress:1") && !p.contains("aof_rewrite_in_progress:1")) break;
                    Thread.sleep(20); // waiting for another process's child, not for emulated time
                }
                admin.call("FLUSHALL");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException ignored) {
                // a server without FLUSHALL yet: the scenario's own replies will show it
            }
        }

        String call(byte[][] argv) {
            try {
                return current().callBytes(argv);
            } catch (UncheckedIOException | IllegalStateException e) {
                return "!no reply from " + label + ": " + e.getMessage();
            }
        }

        /**
         * Sends a command without reading its reply (a blocking command), then waits until the
         * server counts one more blocked client (or 2 s pass), so that what follows on other
         * connections happens after the command was taken in, as on one timeline.
         */
        void send(byte[][] argv) {
            try (RespClient admin = new RespClient(host, port)) {
                admin.setTimeout(2000);
                long before = blockedClients(admin);
                current().writeRaw(RespClient.encode(argv));
                long until = System.nanoTime() + 2_000_000_000L;
                while (blockedClients(admin) <= before && System.nanoTime() < until) Thread.onSpinWait();
            } catch (UncheckedIOException | IllegalStateException ignored) {
                // the following @read shows what happened
            }
        }

        private static long blockedClients(RespClient admin) {
            String info = admin.call("INFO", "clients");
            int i = info.indexOf("blocked_clients:");
            if (i < 0) return 0;
            int end = info.indexOf('\r', i);
            return Long.parseLong(info.substring(i + "blocked_clients:".length(), end).trim());
        }

        String read() {
            try {
                return current().read();
            } catch (UncheckedIOException | IllegalStateException e) {
                return "!no reply from " + label + ": " + e.getMessage();
            }
        }

        @Override
        public void close() {
            conns.values().forEach(RespClient::close);
        }
    }
}
