package dev.emredis.compat;

import static org.junit.jupiter.api.Assertions.fail;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RealRedis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Seeded random command sequences sent to the emulator and a real redis-server; every reply must
 * be equal. Subclasses generate commands for one family. A failure prints its seed: replay it with
 * {@code -Dcompat.seed=N}; {@code -Dcompat.commands=N} sets the sequence length.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DifferentialTest {
    private RedisEmulator emulator;

    /** The next random command. */
    protected abstract String[] next(SplittableRandom rnd);

    protected int defaultCommands() {
        return 2500;
    }

    protected int defaultSeeds() {
        return 4;
    }

    protected static String pick(SplittableRandom r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    protected static String[] cmd(String... parts) {
        return parts;
    }

    /** Commands run before the sequence (compared too), e.g. encoding thresholds. */
    protected List<String[]> setup(SplittableRandom rnd) {
        return List.of();
    }

    /**
     * How a command's replies are compared: exactly by default; families whose replies follow
     * Redis's per-process dict order (hashtable encodings) compare those as multisets.
     */
    protected Scenario.Compare how(String[] cmd, int proto) {
        return Scenario.Compare.EXACT;
    }

    /**
     * A reply as compared: by default unchanged. Families whose replies carry wall-clock values
     * (idle times, delivery times) blank those out here, on both sides alike.
     */
    protected String normalize(String[] cmd, String reply) {
        return reply;
    }

    /** Commands run after the sequence on both servers (not compared), to restore configuration. */
    protected List<String[]> restore() {
        return List.of();
    }

    @AfterAll
    void stop() {
        if (emulator != null) emulator.close();
    }

    @TestFactory
    Stream<DynamicTest> randomSequences() {
        String one = System.getProperty("compat.seed", "");
        int commands = Integer.getInteger("compat.commands", defaultCommands());
        LongStream seeds = one.isBlank() ? LongStream.rangeClosed(1, defaultSeeds()) : LongStream.of(Long.parseLong(one));
        return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(seed, commands)));
    }

    private void run(long seed, int commands) {
        RealRedis real = RealRedis.get();
        if (emulator == null || emulator.isClosed()) {
            emulator = RedisEmulator.builder().seed(seed).config("save", "").config("bind", "127.0.0.1").build().start();
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int proto = rnd.nextBoolean() ? 2 : 3;
        try (ScenarioTest.Side r = new ScenarioTest.Side("redis", real.host, real.port, proto);
             ScenarioTest.Side e = new ScenarioTest.Side("emulator", emulator.host(), emulator.port(), proto)) {
            r.flushAll();
            e.flushAll();
            List<String> history = new ArrayList<>();
            try {
                for (String[] cmd : setup(rnd)) compare(seed, proto, r, e, cmd, history, 0);
                for (int i = 0; i < commands; i++) compare(seed, proto, r, e, next(rnd), history, i + 1);
            } finally {
                for (String[] cmd : restore()) {
                    r.call(argv(cmd));
                    e.call(argv(cmd));
                }
            }
        }
    }

    private static byte[][] argv(String[] cmd) {
        byte[][] argv = new byte[cmd.length][];
        for (int k = 0; k < cmd.length; k++) argv[k] = cmd[k].getBytes(StandardCharsets.UTF_8);
        return argv;
    }

    private void compare(long seed, int proto, ScenarioTest.Side r, ScenarioTest.Side e, String[] cmd,
            List<String> history, int n) {
        byte[][] argv = argv(cmd);
        history.add(String.join(" ", cmd));
        String a = normalize(cmd, r.call(argv));
        String b = normalize(cmd, e.call(argv));
        List<String> problems = new ArrayList<>();
        ScenarioTest.compare("", how(cmd, proto), a, b, problems);
        if (!problems.isEmpty()) {
            fail("seed " + seed + " (RESP" + proto + "), command " + n + ": " + String.join(" ", cmd)
                    + "\n" + ScenarioTest.describe(a, b)
                    + "\nlast commands:\n  " + String.join("\n  ", history.subList(Math.max(0, history.size() - 15), history.size()))
                    + "\nreplay with -Dcompat.seed=" + seed);
        }
    }
}
