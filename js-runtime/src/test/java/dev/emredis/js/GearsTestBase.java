package dev.emredis.js;

import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;

/** Helpers for TFUNCTION/TFCALL tests over a real socket: exact raw RESP replies. */
abstract class GearsTestBase extends EmulatorTest {
    static final String OK = "+OK\r\n";

    @org.junit.jupiter.api.BeforeEach
    void patientClient() {
        c.setTimeout(30_000); // the first library of a JVM waits for Rhino's class loading
    }

    static String err(String text) {
        return "-" + text + "\r\n";
    }

    static String bulk(String s) {
        return "$" + s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    static String integer(long n) {
        return ":" + n + "\r\n";
    }

    /** Loads (replacing) a library named {@code name} whose body follows the header line. */
    String load(String name, String body) {
        return c.call("TFUNCTION", "LOAD", "REPLACE", "#!js api_version=1.0 name=" + name + "\n" + body);
    }

    String load(RespClient client, String name, String body) {
        return client.call("TFUNCTION", "LOAD", "REPLACE", "#!js api_version=1.0 name=" + name + "\n" + body);
    }
}
