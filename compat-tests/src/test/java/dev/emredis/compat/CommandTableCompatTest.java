package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command table against the live one: for every command and subcommand the emulator
 * implements, COMMAND INFO and COMMAND DOCS must equal redis-server's, byte for byte, in RESP2 and
 * RESP3. Containers are compared without their subcommand lists (Redis lists all of them, in hash
 * order; the emulator only the implemented ones), and each implemented subcommand on its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandTableCompatTest {
    /** Redis 7.2 subcommands the emulator accepts because Jedis and Lettuce send them; 7.0.15 lacks them. */
    private static final java.util.Set<String> LATER_VERSIONS = java.util.Set.of("client|setinfo", "client|no-touch");
    /** Module commands (RedisGears' js-runtime): the reference redis-server loads no modules. */
    private static final java.util.Set<String> MODULE_COMMANDS = java.util.Set.of("tfunction", "tfcall", "tfcallasync", "tconfig_get", "tconfig_set");
    private RedisEmulator emulator;

    @BeforeAll
    void start() {
        emulator = RedisEmulator.builder().build().start();
    }

    @AfterAll
    void stop() {
        emulator.close();
    }

    private static List<String> names(RespClient c) {
        Reply list = Reply.parse(c.call("COMMAND", "LIST"));
        List<String> out = new ArrayList<>();
        for (Reply r : list.children) out.add(bulkText(r));
        return out;
    }

    private static String bulkText(Reply r) {
        int nl = r.raw.indexOf("\r\n");
        return r.raw.substring(nl + 2, r.raw.length() - 2);
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void infoAndDocsEqualRedis(int proto) {
        RealRedis real = RealRedis.get();
        try (RespClient r = real.connect(); RespClient e = new RespClient(emulator)) {
            if (proto == 3) {
                r.call("HELLO", "3");
                e.call("HELLO", "3");
            }
            List<String> problems = new ArrayList<>();
            List<String> names = names(e);
            assertThat(names).isNotEmpty();
            for (String name : names) {
                if (MODULE_COMMANDS.contains(name)) continue;
                Reply ri = Reply.parse(r.call("COMMAND", "INFO", name)).children.get(0);
                Reply ei = Reply.parse(e.call("COMMAND", "INFO", name)).children.get(0);
                if (!ri.isAggregate() && LATER_VERSIONS.contains(name)) continue;
                compareInfo(name, ri, ei, problems);
                for (Reply sub : ei.children.get(9).children) {
                    String subName = bulkText(sub.children.get(0));
                    Reply rs = Reply.parse(r.call("COMMAND", "INFO", subName)).children.get(0);
                    // Later-version subcommands clients send (CLIENT SETINFO, NO-TOUCH) are not in 7.0.15.
                    if (!rs.isAggregate() && LATER_VERSIONS.contains(subName)) continue;
                    if (!rs.raw.equals(sub.raw)) problems.add("COMMAND INFO " + subName + "\n" + ScenarioTest.describe(rs.raw, sub.raw));
                    String rd = r.call("COMMAND", "DOCS", subName);
                    String ed = e.call("COMMAND", "DOCS", subName);
                    if (!rd.equals(ed)) problems.add("COMMAND DOCS " + subName + "\n" + ScenarioTest.describe(rd, ed));
                }
                compareDocs(name, r.call("COMMAND", "DOCS", name), e.call("COMMAND", "DOCS", name), problems);
            }
            assertThat(problems).as(problems.size() + " commands differ:\n" + String.join("\n", problems)).isEmpty();
        }
    }

    /** The 10 COMMAND INFO fields; a container's subcommand list (field 10) is checked per subcommand. */
    private static void compareInfo(String name, Reply real, Reply emu, List<String> problems) {
        if (real.children.size() != 10 || emu.children.size() != 10) {
            problems.add("COMMAND INFO " + name + ": not a 10-field entry\n" + ScenarioTest.describe(real.raw, emu.raw));
            return;
        }
        for (int i = 0; i < 9; i++) {
            if (!real.children.get(i).raw.equals(emu.children.get(i).raw)) {
                problems.add("COMMAND INFO " + name + " field " + (i + 1) + "\n"
                        + ScenarioTest.describe(real.children.get(i).raw, emu.children.get(i).raw));
            }
        }
    }

    /** DOCS of a command: every field but a container's "subcommands" map must be equal. */
    private static void compareDocs(String name, String real, String emu, List<String> problems) {
        Reply rr = Reply.parse(real);
        Reply er = Reply.parse(emu);
        if (rr.children.size() < 2 || er.children.size() < 2) {
            if (!real.equals(emu)) problems.add("COMMAND DOCS " + name + "\n" + ScenarioTest.describe(real, emu));
            return;
        }
        Reply r = rr.children.get(1);
        Reply e = er.children.get(1);
        String rs = withoutSubcommands(r);
        String es = withoutSubcommands(e);
        if (!rs.equals(es)) problems.add("COMMAND DOCS " + name + "\n" + ScenarioTest.describe(rs, es));
    }

    private static String withoutSubcommands(Reply docs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < docs.children.size(); i += 2) {
            if (bulkText(docs.children.get(i)).equals("subcommands")) continue;
            b.append(docs.children.get(i).raw).append(docs.children.get(i + 1).raw);
        }
        return b.toString();
    }
}
