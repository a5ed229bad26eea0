package dev.emredis.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import dev.emredis.testing.EmulatorTest;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerRobustnessTest extends EmulatorTest {
    @Test
    void thousandConcurrentConnections() {
        List<RespClient> cs = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) cs.add(connect());
            for (RespClient x : cs) x.send("ECHO", "hi");
            for (RespClient x : cs) assertThat(x.read()).isEqualTo("$2\r\nhi\r\n");
        } finally {
            cs.forEach(RespClient::close);
        }
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void clientVanishingMidCommandDoesNotHurtOthers() throws Exception {
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket(redis.host(), redis.port())) {
                s.getOutputStream().write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
        }
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void pipelineOfTenThousandCommands() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10_000; i++) b.append("*2\r\n$4\r\nECHO\r\n$").append(String.valueOf(i).length()).append("\r\n").append(i).append("\r\n");
        c.writeRaw(b.toString());
        for (int i = 0; i < 10_000; i++) {
            String v = String.valueOf(i);
            assertThat(c.read()).isEqualTo("$" + v.length() + "\r\n" + v + "\r\n");
        }
    }

    @Test
    void binarySafeArguments() {
        byte[] bin = new byte[256];
        for (int i = 0; i < 256; i++) bin[i] = (byte) i;
        String reply = c.callBytes("ECHO".getBytes(StandardCharsets.US_ASCII), bin);
        byte[] got = reply.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(new String(got, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("$256\r\n");
        for (int i = 0; i < 256; i++) assertThat(got[6 + i]).isEqualTo((byte) i);
    }

    @Test
    void protocolErrorRepliesThenCloses() {
        c.writeRaw("PING\r\n*1\r\n+x\r\nPING\r\n");
        assertThat(c.read()).isEqualTo("+PONG\r\n");
        assertThat(c.read()).isEqualTo("-ERR Protocol error: expected '$', got '+'\r\n");
        assertThat(c.isClosedByServer(2000)).isTrue();
    }

    @Test
    void maxClientsRefusesWithRedisError() {
        redis.internalServer().loop().call(() -> {
            redis.internalServer().config().set("maxclients", "2");
            return null;
        });
        try (RespClient second = connect(); RespClient third = connect()) {
            assertThat(second.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(third.read()).isEqualTo("-ERR max number of clients reached\r\n");
            assertThat(third.isClosedByServer(2000)).isTrue();
        } finally {
            redis.internalServer().loop().call(() -> {
                redis.internalServer().config().set("maxclients", "10000");
                return null;
            });
        }
    }

    @Test
    void closeIsIdempotentAndReleasesThreadAndPort() throws Exception {
        RedisEmulator r = RedisEmulator.builder().build().start();
        int port = r.port();
        RespClient rc = new RespClient(r);
        assertThat(rc.call("PING")).isEqualTo("+PONG\r\n");
        r.close();
        r.close();
        assertThat(rc.isClosedByServer(2000)).isTrue();
        rc.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("emredis-loop-" + port));
        try (ServerSocket ss = new ServerSocket(port)) {
            assertThat(ss.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void manyStartCloseCyclesLeaveNoThreads() {
        long before = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("emredis-loop-")).count();
        for (int i = 0; i < 200; i++) {
            try (RedisEmulator r = RedisEmulator.builder().build().start()) {
                assertThat(r.port()).isPositive();
            }
        }
        long after = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("emredis-loop-")).count();
        assertThat(after).isEqualTo(before);
    }
}
