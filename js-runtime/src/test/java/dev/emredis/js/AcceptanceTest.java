package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * §13 acceptance scenarios of spec/triggers-and-functions.md. Where each one is automated:
 * S-a, S-b, S-b3, S-c1, S-c2, S-c4, S-d, S-d2, S-e: {@link AsyncTest}; S-b2, C1, C9, C10:
 * {@link LoadTest}; S-c5, C2–C8: {@link CallTest}; C11–C13: {@link TriggersTest}; C14:
 * {@link SandboxTest}; C15 and S-c3 here.
 */
class AcceptanceTest extends GearsTestBase {
    @Test
    void c15BlockRefusedUnderOomAndOnReplica() throws Exception {
        assertThat(load("c15", "redis.registerAsyncFunction('w', async (client, k, v) => {\n"
                + "  await client.block((c) => c.callAsync('blpop', 'gate', '0'));\n"
                + "  return client.block((c) => c.call('set', k, v));\n"
                + "});\n"
                + "redis.registerAsyncFunction('ro', async (client, k) => client.block((c) => c.call('get', k)), {flags: ['no-writes']});\n"
                + "redis.registerAsyncFunction('oomok', async (client, k, v) => client.block((c) => c.call('set', k, v)), {flags: ['allow-oom']});\n"
                + "redis.registerFunction('sync', (c) => 'ran');\n"
                + "redis.registerFunction('syncro', (c) => 'ran', {flags: ['no-writes']});")).isEqualTo(OK);
        c.call("SET", "k", "v");
        c.call("RPUSH", "opener", "go");
        try (var a = connect()) {
            // the coroutine starts before Redis is out of memory, then takes the lock to write
            a.setTimeout(30_000);
            a.send("TFCALLASYNC", "c15.w", "1", "k", "v2");
            for (int i = 0; i < 200 && !c.call("TFUNCTION", "LIST", "LIBRARY", "c15").contains(bulk("blpop gate 0")); i++) {
                Thread.sleep(10);
            }
            assertThat(c.call("CONFIG", "SET", "maxmemory", "1")).isEqualTo(OK);
            // RENAME is not denyoom: it can still hand the blocked BLPOP its list
            assertThat(c.call("RENAME", "opener", "gate")).isEqualTo(OK);
            assertThat(a.read()).isEqualTo(err("Can not lock Redis, OOM Can not lock redis for write"));
            assertThat(c.call("TFCALLASYNC", "c15.ro", "1", "k")).isEqualTo(bulk("v"));
            assertThat(c.call("TFCALLASYNC", "c15.oomok", "1", "k", "v3")).isEqualTo(bulk("OK"));
            assertThat(c.call("TFCALL", "c15.sync", "0")).isEqualTo(err("OOM can not run the function when out of memory"));
            assertThat(c.call("TFCALL", "c15.syncro", "0")).isEqualTo(bulk("ran"));
        } finally {
            c.call("CONFIG", "SET", "maxmemory", "0");
        }
        try {
            assertThat(c.call("REPLICAOF", "127.0.0.1", "1")).isEqualTo(OK);
            assertThat(c.call("TFCALL", "c15.sync", "0")).isEqualTo(err(
                    "Err can not run a function that might perform writes on a replica or when the \"avoid replication traffic\" option is enabled"));
            assertThat(c.call("TFCALL", "c15.syncro", "0")).isEqualTo(bulk("ran"));
        } finally {
            c.call("REPLICAOF", "NO", "ONE");
        }
        c.call("TFUNCTION", "DELETE", "c15");
    }

    @Test
    void sc3OtherClientsRunBetweenBlockSections() throws Exception {
        // every block() is its own atomic section: a write from another client lands between them
        assertThat(load("sc3", "redis.registerAsyncFunction('two', async (client) => {\n"
                + "  var first = client.block((c) => c.call('get', 'shared'));\n"
                + "  await client.block((c) => c.callAsync('blpop', 'gate', '0'));\n"
                + "  var second = client.block((c) => c.call('get', 'shared'));\n"
                + "  return [first, second];\n"
                + "});")).isEqualTo(OK);
        c.call("SET", "shared", "before");
        try (var a = connect()) {
            a.setTimeout(30_000);
            a.send("TFCALLASYNC", "sc3.two", "0");
            for (int i = 0; i < 200 && !c.call("TFUNCTION", "LIST", "LIBRARY", "sc3").contains(bulk("blpop gate 0")); i++) {
                Thread.sleep(10);
            }
            c.call("SET", "shared", "after");
            c.call("RPUSH", "gate", "go");
            assertThat(a.read()).isEqualTo("*2\r\n" + bulk("before") + bulk("after"));
        }
        c.call("TFUNCTION", "DELETE", "sc3");
    }

    @Test
    void deletingALibraryReleasesItsBlockedCallers() throws Exception {
        assertThat(load("gone", "redis.registerAsyncFunction('wait', async (client) => {\n"
                + "  await client.block((c) => c.callAsync('blpop', 'never', '0'));\n"
                + "  return 'unreachable';\n"
                + "});")).isEqualTo(OK);
        try (var a = connect()) {
            a.setTimeout(30_000);
            a.send("TFCALLASYNC", "gone.wait", "0");
            for (int i = 0; i < 200 && !c.call("TFUNCTION", "LIST", "LIBRARY", "gone").contains(bulk("blpop never 0")); i++) {
                Thread.sleep(10);
            }
            assertThat(c.call("TFUNCTION", "DELETE", "gone")).isEqualTo(OK);
            assertThat(a.read()).isEqualTo(err("Function were unregistered"));
            assertThat(a.call("PING")).isEqualTo("+PONG\r\n");
        }
    }
}
