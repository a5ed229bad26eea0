package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import org.junit.jupiter.api.Test;

class ConnectionCommandsTest extends EmulatorTest {
    @Test
    void pingAndEcho() {
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        assertThat(c.call("ping", "hi")).isEqualTo("$2\r\nhi\r\n");
        assertThat(c.call("PING", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
        assertThat(c.call("ECHO", "x y")).isEqualTo("$3\r\nx y\r\n");
    }

    @Test
    void unknownCommandAndArity() {
        assertThat(c.call("FOO", "a", "b")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n");
        assertThat(c.call("ECHO")).isEqualTo("-ERR wrong number of arguments for 'echo' command\r\n");
    }

    @Test
    void selectChecksRange() {
        assertThat(c.call("SELECT", "16")).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(c.call("SELECT", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(c.call("SELECT", "15")).isEqualTo("+OK\r\n");
    }

    @Test
    void quitClosesAfterReply() {
        assertThat(c.call("QUIT")).isEqualTo("+OK\r\n");
        assertThat(c.isClosedByServer(2000)).isTrue();
    }

    private String helloMap(int proto, long id) {
        String head = proto == 3 ? "%7\r\n" : "*14\r\n";
        return head + "$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                + "$5\r\nproto\r\n:" + proto + "\r\n$2\r\nid\r\n:" + id + "\r\n"
                + "$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n";
    }

    private long clientId(RespClient r) {
        String s = r.call("CLIENT", "ID");
        return Long.parseLong(s.substring(1, s.length() - 2));
    }

    private void requirepass(String pass) {
        var s = redis.internalServer();
        s.loop().call(() -> {
            s.config().set("requirepass", pass);
            return null;
        });
    }

    @Test
    void helloSwitchesProtocol() {
        long id = clientId(c);
        assertThat(c.call("HELLO")).isEqualTo(helloMap(2, id));
        assertThat(c.call("HELLO", "3")).isEqualTo(helloMap(3, id));
        assertThat(c.call("HELLO")).isEqualTo(helloMap(3, id));
        assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("_\r\n");
        assertThat(c.call("HELLO", "2", "SETNAME", "app")).isEqualTo(helloMap(2, id));
        assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$3\r\napp\r\n");
        assertThat(c.call("hello", "3", "auth", "default", "anything", "setname", "")).isEqualTo(helloMap(3, id));
        assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("_\r\n");
    }

    @Test
    void helloErrors() {
        assertThat(c.call("HELLO", "x")).isEqualTo("-ERR Protocol version is not an integer or out of range\r\n");
        assertThat(c.call("HELLO", "99999999999999999999")).isEqualTo("-ERR Protocol version is not an integer or out of range\r\n");
        assertThat(c.call("HELLO", "1")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        assertThat(c.call("HELLO", "4", "FOO")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        assertThat(c.call("HELLO", "2", "FOO")).isEqualTo("-ERR Syntax error in HELLO option 'FOO'\r\n");
        assertThat(c.call("HELLO", "2", "AUTH", "a")).isEqualTo("-ERR Syntax error in HELLO option 'AUTH'\r\n");
        assertThat(c.call("HELLO", "2", "SETNAME")).isEqualTo("-ERR Syntax error in HELLO option 'SETNAME'\r\n");
        assertThat(c.call("HELLO", "2", "SETNAME", "a b"))
                .isEqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
        assertThat(c.call("HELLO", "3", "AUTH", "bob", "x"))
                .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        // options apply in order: the name set before the failing AUTH stays, the protocol does not change
        assertThat(c.call("HELLO", "3", "SETNAME", "n1", "AUTH", "bob", "x"))
                .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$2\r\nn1\r\n");
    }

    @Test
    void authWithoutPassword() {
        assertThat(c.call("AUTH", "foo")).isEqualTo("-ERR AUTH <password> called without any password configured for the default user."
                + " Are you sure your configuration is correct?\r\n");
        assertThat(c.call("AUTH", "default", "foo")).isEqualTo("+OK\r\n");
        assertThat(c.call("AUTH", "bob", "foo")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assertThat(c.call("AUTH", "a", "b", "c")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("AUTH")).isEqualTo("-ERR wrong number of arguments for 'auth' command\r\n");
    }

    @Test
    void requirepassGatesNewConnections() {
        // make sure the server has accepted c before the password is set
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        requirepass("secret");
        try (RespClient r = connect()) {
            assertThat(c.call("PING")).as("connected before the password").isEqualTo("+PONG\r\n");
            assertThat(r.call("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(r.call("NOSUCH")).isEqualTo("-ERR unknown command 'NOSUCH', with args beginning with: \r\n");
            assertThat(r.call("ECHO")).isEqualTo("-ERR wrong number of arguments for 'echo' command\r\n");
            assertThat(r.call("AUTH", "wrong")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(r.call("AUTH", "default", "wrong")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            String noauthHello = "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH"
                    + " <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n";
            assertThat(r.call("HELLO")).isEqualTo(noauthHello);
            assertThat(r.call("HELLO", "3", "SETNAME", "x")).isEqualTo(noauthHello);
            assertThat(r.call("CLIENT", "GETNAME")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(r.call("AUTH", "secret")).isEqualTo("+OK\r\n");
            assertThat(r.call("CLIENT", "GETNAME")).isEqualTo("$1\r\nx\r\n");
            // RESET logs the connection out again
            assertThat(r.call("RESET")).isEqualTo("+RESET\r\n");
            assertThat(r.call("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
            long id = clientId(c);
            assertThat(r.call("HELLO", "3", "AUTH", "default", "secret")).startsWith("%7\r\n");
            assertThat(r.call("AUTH", "default", "secret")).isEqualTo("+OK\r\n");
            assertThat(id).isPositive();
        } finally {
            requirepass("");
        }
    }

    @Test
    void unauthenticatedLimitsLiftAfterAuth() {
        requirepass("secret");
        try (RespClient r = connect(); RespClient r2 = connect()) {
            r.writeRaw("*11\r\n");
            assertThat(r.read()).isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n");
            assertThat(r.isClosedByServer(2000)).isTrue();
            assertThat(r2.call("AUTH", "secret")).isEqualTo("+OK\r\n");
            String big = "x".repeat(20000);
            assertThat(r2.call("ECHO", big)).isEqualTo("$20000\r\n" + big + "\r\n");
            assertThat(r2.call("PING", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"))
                    .isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
        } finally {
            requirepass("");
        }
    }

    @Test
    void removingThePasswordLetsUnauthenticatedClientsIn() {
        requirepass("secret");
        try (RespClient r = connect()) {
            assertThat(r.call("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
            requirepass("");
            assertThat(r.call("PING")).isEqualTo("+PONG\r\n");
            // HELLO checks the connection's own flag, as Redis does
            assertThat(r.call("HELLO")).startsWith("-NOAUTH HELLO must be called");
        } finally {
            requirepass("");
        }
    }

    @Test
    void resetRestoresAFreshConnection() {
        c.call("HELLO", "3");
        c.call("CLIENT", "SETNAME", "n");
        c.call("SELECT", "3");
        c.call("CLIENT", "NO-EVICT", "on");
        c.call("CLIENT", "NO-TOUCH", "on");
        assertThat(c.call("RESET")).isEqualTo("+RESET\r\n");
        assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
        String info = c.call("CLIENT", "INFO");
        // 7.0.15 keeps NO-EVICT across RESET; NO-TOUCH (7.2) is cleared
        assertThat(info).contains(" flags=e db=0 ").contains(" resp=2\n");
        // a RESET skipped by CLIENT REPLY SKIP stays silent; OFF is cleared by RESET itself
        c.send("CLIENT", "REPLY", "SKIP");
        c.send("RESET");
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        c.send("CLIENT", "REPLY", "OFF");
        c.send("PING");
        assertThat(c.call("RESET")).isEqualTo("+RESET\r\n");
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
    }
}
