package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RealRedis;
import dev.emredis.testing.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ACL LOAD / ACL SAVE with an aclfile: a redis-server of its own started with {@code --aclfile},
 * and an emulator built with {@code config("aclfile", ...)}, each on its own file with the same
 * content. Replies (file paths made equal), and the saved files, must be identical.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AclFileCompatTest {
    private static final String INITIAL = "user alice on >pw ~k* &c* -@all +@string\nuser default on nopass ~* &* +@all\n";

    private Process redis;
    private int redisPort;
    private Path redisFile;
    private Path emuFile;
    private RedisEmulator emulator;

    @BeforeAll
    void start() throws Exception {
        RealRedis.get();
        String exe = RealRedis.findOnPath("redis-server");
        Assumptions.assumeTrue(exe != null, "redis-server is not on PATH");
        Path dir = Files.createTempDirectory("emredis-aclfile");
        Files.createDirectories(dir.resolve("r"));
        Files.createDirectories(dir.resolve("e"));
        redisFile = dir.resolve("r/users.acl");
        emuFile = dir.resolve("e/users.acl");
        Files.writeString(redisFile, INITIAL);
        Files.writeString(emuFile, INITIAL);
        redisPort = RealRedis.freePort();
        redis = new ProcessBuilder(exe, "--port", String.valueOf(redisPort), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--aclfile", redisFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (RespClient c = new RespClient("127.0.0.1", redisPort)) {
                if (c.call("PING").equals("+PONG\r\n")) break;
            } catch (RuntimeException e) {
                if (System.currentTimeMillis() > deadline) throw e;
                Thread.sleep(50); // waiting for an external process to listen, not for emulated time
            }
        }
        emulator = RedisEmulator.builder().config("aclfile", emuFile.toString()).build().start();
    }

    @AfterAll
    void stop() {
        if (emulator != null) emulator.close();
        if (redis != null) redis.destroyForcibly();
    }

    /** Runs the commands on both servers (one connection each) and returns the differing replies. */
    private List<String> differences(List<String[]> commands) {
        List<String> diffs = new ArrayList<>();
        try (RespClient r = new RespClient("127.0.0.1", redisPort); RespClient e = new RespClient(emulator.host(), emulator.port())) {
            for (String[] cmd : commands) {
                String a = r.call(cmd).replace(redisFile.toString(), "<aclfile>");
                String b = e.call(cmd).replace(emuFile.toString(), "<aclfile>");
                if (!a.equals(b)) diffs.add(String.join(" ", cmd) + "\n  redis:    " + a + "\n  emulator: " + b);
            }
        }
        return diffs;
    }

    private static List<String[]> cmds(String... lines) {
        List<String[]> l = new ArrayList<>();
        for (String s : lines) l.add(s.split(" "));
        return l;
    }

    private void writeBoth(String content) throws IOException {
        Files.writeString(redisFile, content);
        Files.writeString(emuFile, content);
    }

    @Test
    void loadsAtStartupSavesAndReloads() throws IOException {
        assertThat(differences(cmds("ACL LIST", "ACL SETUSER bob on >x ~* +@all (~a* +@read)", "ACL SAVE",
                "ACL SETUSER carol on", "ACL LOAD", "ACL LIST", "ACL USERS", "AUTH alice pw", "ACL WHOAMI", "GET k1",
                "GET x", "ACL SAVE"))).isEmpty();
        assertThat(Files.readString(emuFile)).isEqualTo(Files.readString(redisFile)).contains("user bob on #");
    }

    @Test
    void reloadClosesConnectionsOfReplacedUsers() {
        try (RespClient r = new RespClient("127.0.0.1", redisPort); RespClient e = new RespClient(emulator.host(), emulator.port())) {
            assertThat(e.call("AUTH", "alice", "pw")).isEqualTo(r.call("AUTH", "alice", "pw"));
            assertThat(differences(cmds("ACL LOAD"))).isEmpty();
            assertThat(e.isClosedByServer(1000)).isTrue();
            assertThat(r.isClosedByServer(1000)).isTrue();
        }
    }

    @Test
    void badFilesChangeNothing() throws IOException {
        String[] bad = {
            "user alice on >pw ~k* +nosuch\nuser x +@bad\n",
            "foo bar\nuser a b\nuser a\n\nuser c (~a\n",
            "user bob \"a b\" #123 %Q~ +get +set\n",
            "user alice on\nuser alice off\n",
            "user\n   \nuser z &* &a\n",
        };
        for (String content : bad) {
            writeBoth(content);
            assertThat(differences(cmds("ACL LOAD", "ACL LIST"))).as(content).isEmpty();
        }
        writeBoth(INITIAL);
        assertThat(differences(cmds("ACL LOAD", "ACL LIST"))).isEmpty();
    }

    @Test
    void withoutAnAclFileLoadAndSaveAreRefused() {
        try (RedisEmulator plain = RedisEmulator.builder().build().start();
             RespClient c = new RespClient(plain.host(), plain.port());
             RespClient r = RealRedis.get().connect()) {
            assertThat(c.call("ACL", "LOAD")).isEqualTo(r.call("ACL", "LOAD")).startsWith("-ERR This Redis instance is not configured");
            assertThat(c.call("ACL", "SAVE")).isEqualTo(r.call("ACL", "SAVE"));
        }
    }

    @Test
    void aMissingOrBrokenFileStopsTheStart() throws IOException {
        Path missing = emuFile.resolveSibling("missing.acl");
        assertThatThrownBy(() -> RedisEmulator.builder().config("aclfile", missing.toString()).build().start())
                .hasMessageContaining("No such file or directory");
        Path broken = emuFile.resolveSibling("broken.acl");
        Files.writeString(broken, "user a +nosuch\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RedisEmulator.builder().config("aclfile", broken.toString()).build().start())
                .hasMessageContaining("Unknown command or category name in ACL");
    }
}
