package dev.emredis.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line: a single server, and {@code --cluster M [--replicas R]} on consecutive ports. */
class MainTest {

    /** A base port with {@code n} free ports from it. */
    private static int freeRange(int n) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base;
            try (ServerSocket s = new ServerSocket(0)) {
                base = s.getLocalPort();
            }
            if (base + n > 65535) continue;
            boolean ok = true;
            for (int p = base; p < base + n && ok; p++) {
                try (ServerSocket s = new ServerSocket(p)) {
                    ok = true;
                } catch (IOException e) {
                    ok = false;
                }
            }
            if (ok) return base;
        }
        throw new IOException("no free port range");
    }

    /** Sends one command in RESP and returns the raw reply (read until the server pauses). */
    private static String call(int port, String... args) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
            s.getOutputStream().write(b.toString().getBytes(StandardCharsets.UTF_8));
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n = in.read(buf);
            out.write(buf, 0, n);
            s.setSoTimeout(200);
            try {
                while ((n = in.read(buf)) > 0) out.write(buf, 0, n);
            } catch (java.net.SocketTimeoutException done) {
                // the whole reply arrived
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void clusterOnConsecutivePorts() throws Exception {
        int base = freeRange(6);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (Main.Running r = Main.launch(new String[] {"--cluster", "3", "--replicas", "1", "--port", String.valueOf(base)},
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("emredis cluster ports: " + base + " " + (base + 1) + " " + (base + 2) + " " + (base + 3)
                    + " " + (base + 4) + " " + (base + 5) + "\n");
            assertThat(text).contains("node 0 listening on 127.0.0.1:" + base + " (master, id ")
                    .contains("node 3 listening on 127.0.0.1:" + (base + 3) + " (replica of 127.0.0.1:" + base + ", id ")
                    .endsWith("Ready to accept connections\n");
            assertThat(call(base, "CLUSTER", "INFO")).contains("cluster_state:ok").contains("cluster_known_nodes:6");
            assertThat(call(base + 2, "GET", "hello")).isEqualTo("-MOVED 866 127.0.0.1:" + base + "\r\n");
            String nodes = call(base + 5, "CLUSTER", "NODES");
            assertThat(nodes.split("\n")).hasSize(8); // the bulk header, six lines, the trailing CRLF
            assertThat(nodes).contains("127.0.0.1:" + (base + 5) + "@" + (base + 10005) + " myself,slave ");
            assertThat(r.closed().getAsBoolean()).isFalse();
        }
    }

    @Test
    void mastersOnly() throws Exception {
        int base = freeRange(3);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (Main.Running r = Main.launch(new String[] {"--port", String.valueOf(base), "--cluster", "3"},
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("emredis cluster ports: " + base + " " + (base + 1) + " " + (base + 2) + "\n");
            assertThat(call(base + 1, "CLUSTER", "SLOTS")).startsWith("*3\r\n*3\r\n:0\r\n:5460\r\n");
        }
    }

    @Test
    void singleServerAndUsage() throws Exception {
        int base = freeRange(1);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (Main.Running r = Main.launch(new String[] {"--port", String.valueOf(base)}, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("emredis listening on 127.0.0.1:" + base + "\n");
            assertThat(call(base, "CLUSTER", "INFO")).isEqualTo("-ERR This instance has cluster support disabled\r\n");
        }
        assertThat(Main.launch(new String[] {"--help"}, new PrintStream(new ByteArrayOutputStream()))).isNull();
        assertThatThrownBy(() -> Main.launch(new String[] {"--replicas", "1"}, System.out)).isInstanceOf(Main.UsageException.class);
        assertThatThrownBy(() -> Main.launch(new String[] {"--cluster", "x"}, System.out)).hasMessage("--cluster needs a number: x");
        assertThatThrownBy(() -> Main.launch(new String[] {"oops"}, System.out)).hasMessage("unknown option: oops");
    }
}
