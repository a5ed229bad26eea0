package dev.emredis.internal.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespDecoderTest {
    private static List<String> decodeAll(RespDecoder d, String input) throws ProtocolException {
        byte[] b = input.getBytes(StandardCharsets.ISO_8859_1);
        d.feed(b, 0, b.length);
        List<String> out = new ArrayList<>();
        byte[][] cmd;
        while ((cmd = d.next()) != null) {
            StringBuilder s = new StringBuilder();
            for (byte[] a : cmd) s.append('[').append(new String(a, StandardCharsets.ISO_8859_1)).append(']');
            out.add(s.toString());
        }
        return out;
    }

    @Test
    void multibulkAndInline() throws Exception {
        RespDecoder d = new RespDecoder();
        assertThat(decodeAll(d, "*2\r\n$3\r\nGET\r\n$1\r\nk\r\nSET a \"b c\"\r\nping\n"))
                .containsExactly("[GET][k]", "[SET][a][b c]", "[ping]");
    }

    @Test
    void emptyRequestsAreSkipped() throws Exception {
        RespDecoder d = new RespDecoder();
        assertThat(decodeAll(d, "*0\r\n*-1\r\n\r\n   \r\nPING\r\n")).containsExactly("[PING]");
    }

    @Test
    void commandSplitAcrossReadsByteByByte() throws Exception {
        RespDecoder d = new RespDecoder();
        String cmd = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n";
        List<String> out = new ArrayList<>();
        for (char ch : cmd.toCharArray()) out.addAll(decodeAll(d, String.valueOf(ch)));
        assertThat(out).containsExactly("[SET][key][va\r\nl]");
    }

    @Test
    void largeBulkIsReadDirectly() throws Exception {
        RespDecoder d = new RespDecoder();
        int n = 200_000;
        String head = "*2\r\n$3\r\nSET\r\n$" + n + "\r\n";
        assertThat(decodeAll(d, head + "x".repeat(1000))).isEmpty();
        assertThat(decodeAll(d, "x".repeat(n - 1000))).isEmpty();
        List<String> out = decodeAll(d, "\r\nPING\r\n");
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).hasSize(5 + n + 2);
        assertThat(out.get(1)).isEqualTo("[PING]");
    }

    @Test
    void inlineQuotesAndEscapes() {
        assertThat(RespDecoder.splitArgs("set \"a\\x41\\n\" 'it\\'s'".getBytes(StandardCharsets.ISO_8859_1)))
                .extracting(b -> new String(b, StandardCharsets.ISO_8859_1))
                .containsExactly("set", "aA\n", "it's");
        assertThat(RespDecoder.splitArgs("a \"b".getBytes(StandardCharsets.ISO_8859_1))).isNull();
        assertThat(RespDecoder.splitArgs("a \"b\"c".getBytes(StandardCharsets.ISO_8859_1))).isNull();
    }

    @Test
    void protocolErrorsUseRedisTexts() {
        assertThatThrownBy(() -> decodeAll(new RespDecoder(), "*x\r\n"))
                .hasMessage("Protocol error: invalid multibulk length");
        assertThatThrownBy(() -> decodeAll(new RespDecoder(), "*3000000000\r\n"))
                .hasMessage("Protocol error: invalid multibulk length");
        assertThatThrownBy(() -> decodeAll(new RespDecoder(), "*1\r\n+x\r\n"))
                .hasMessage("Protocol error: expected '$', got '+'");
        assertThatThrownBy(() -> decodeAll(new RespDecoder(), "*1\r\n$-5\r\n"))
                .hasMessage("Protocol error: invalid bulk length");
        assertThatThrownBy(() -> decodeAll(new RespDecoder(), "*1\r\n$600000000\r\n"))
                .hasMessage("Protocol error: invalid bulk length");
        assertThatThrownBy(() -> decodeAll(new RespDecoder(), "set \"a\r\n"))
                .hasMessage("Protocol error: unbalanced quotes in request");
        assertThatThrownBy(() -> decodeAll(new RespDecoder(), "a".repeat(70 * 1024)))
                .hasMessage("Protocol error: too big inline request");
        assertThatThrownBy(() -> decodeAll(new RespDecoder(), "*" + "1".repeat(70 * 1024)))
                .hasMessage("Protocol error: too big mbulk count string");
    }

    @Test
    void unauthenticatedLimits() {
        RespDecoder d = new RespDecoder();
        d.authRequired(true);
        assertThatThrownBy(() -> decodeAll(d, "*11\r\n")).hasMessage("Protocol error: unauthenticated multibulk length");
        RespDecoder d2 = new RespDecoder();
        d2.authRequired(true);
        assertThatThrownBy(() -> decodeAll(d2, "*1\r\n$16385\r\n")).hasMessage("Protocol error: unauthenticated bulk length");
    }
}
