package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rest of the redis global (§5.1) and cluster functions on a single node (§10). */
class ApiTest extends GearsTestBase {
    @Test
    void redisGlobalMembers() {
        assertThat(load("api", "redis.registerFunction('v', () => redis.apiVersion() + ' ' + typeof redis.v8Version());\n"
                + "redis.registerFunction('log', () => redis.log('hello\\n'));\n"
                + "redis.registerFunction('badlog', () => redis.log(5));\n"
                + "redis.registerFunction('flags', () => redis.functionFlags);\n"
                + "redis.registerFunction('cfg', () => typeof redis.config + ' ' + Object.keys(redis.config).length);\n"
                + "redis.registerFunction('ai', () => redis.redisai.createTensor());")).isEqualTo(OK);
        assertThat(c.call("TFCALL", "api.v", "0")).isEqualTo(bulk("1.1 string"));
        assertThat(c.call("TFCALL", "api.log", "0")).isEqualTo(bulk("undefined"));
        assertThat(c.call("TFCALL", "api.badlog", "0"))
                .isEqualTo(err("Can not convert value at position 0 into V8LocalUtf8. Value is not string."));
        assertThat(c.call("TFCALL", "api.flags", "0")).isEqualTo("*6\r\n" + bulk("NO_WRITES") + bulk("no-writes")
                + bulk("ALLOW_OOM") + bulk("allow-oom") + bulk("RAW_ARGUMENTS") + bulk("raw-arguments"));
        assertThat(c.call("TFCALL", "api.cfg", "0")).isEqualTo(bulk("object 0"));
        assertThat(c.call("TFCALL", "api.ai", "0")).contains("RedisAI is not initialize");
        c.call("TFUNCTION", "DELETE", "api");
    }

    @Test
    void clusterFunctionsRunLocally() {
        assertThat(load("cf", "redis.registerClusterFunction('remote', async (client, x) => {\n"
                + "  return client.block((c) => c.call('get', x.key)) + ':' + x.n;\n"
                + "});\n"
                + "redis.registerClusterFunction('fails', async () => { throw 'Remote function failure'; });\n"
                + "redis.registerClusterFunction('writes', async (client) => client.block((c) => c.call('set', 'w', '1')));\n"
                + "redis.registerAsyncFunction('onkey', async (client, name) => await client.runOnKey('k', name, {key: 'k', n: 1}));\n"
                + "redis.registerAsyncFunction('shards', async (client, name) => await client.runOnShards(name, {key: 'k', n: 2}));")).isEqualTo(OK);
        c.call("SET", "k", "v");
        assertThat(c.call("TFCALLASYNC", "cf.onkey", "0", "remote")).isEqualTo(bulk("v:1"));
        assertThat(c.call("TFCALLASYNC", "cf.shards", "0", "remote")).isEqualTo("*2\r\n*1\r\n" + bulk("v:2") + "*0\r\n");
        assertThat(c.call("TFCALLASYNC", "cf.onkey", "0", "fails")).isEqualTo(err("Remote function failure"));
        assertThat(c.call("TFCALLASYNC", "cf.shards", "0", "fails")).isEqualTo("*2\r\n*0\r\n*1\r\n" + bulk("Remote function failure"));
        assertThat(c.call("TFCALLASYNC", "cf.onkey", "0", "nosuch")).isEqualTo(err("Remote function nosuch does not exists on library cf"));
        assertThat(c.call("TFCALLASYNC", "cf.onkey", "0", "writes"))
                .isEqualTo(err("ERR Write command 'set' was called while write is not allowed."));
        assertThat(c.call("TFUNCTION", "LIST", "LIBRARY", "cf")).contains(bulk("cluster_functions") + "*3\r\n"
                + bulk("remote") + bulk("fails") + bulk("writes"));
        c.call("TFUNCTION", "DELETE", "cf");
    }

    @Test
    void commandsRunAsTheInvokingUserWithAcl() {
        assertThat(c.call("ACL", "SETUSER", "limited", "on", "nopass", "~allowed:*", "~trig:*", "+@all", "-flushall")).isEqualTo(OK);
        try {
            assertThat(c.call("AUTH", "limited", "x")).isEqualTo(OK);
            assertThat(load("acl", "redis.registerFunction('get', (c, k) => c.call('get', k));\n"
                    + "redis.registerFunction('flush', (c) => c.call('flushall'));\n"
                    + "redis.registerKeySpaceTrigger('t', 'trig:', (c, d) => c.call('set', 'allowed:seen', d.key));")).isEqualTo(OK);
            assertThat(c.call("TFCALL", "acl.get", "1", "allowed:1")).isEqualTo("$-1\r\n");
            assertThat(c.call("TFCALL", "acl.get", "1", "secret")).isEqualTo(err("NOPERM No permissions to access a key"));
            assertThat(c.call("TFCALL", "acl.flush", "0")).isEqualTo(err("NOPERM User limited has no permissions to run the 'flushall' command"));
            assertThat(c.call("TFUNCTION", "LIST", "LIBRARY", "acl")).contains(bulk("user") + bulk("limited"));
            c.call("AUTH", "default", "x");
            // functions run as the caller; triggers as the library's user
            assertThat(c.call("TFCALL", "acl.get", "1", "secret")).isEqualTo("$-1\r\n");
            c.call("SET", "trig:1", "v");
            assertThat(c.call("GET", "allowed:seen")).isEqualTo(bulk("trig:1"));
            assertThat(c.call("ACL", "SETUSER", "limited", "off")).isEqualTo(OK);
            c.call("SET", "trig:2", "v");
            assertThat(c.call("TFUNCTION", "LIST", "LIBRARY", "acl", "v")).contains(bulk("User does not exists or disabled"));
        } finally {
            c.call("AUTH", "default", "x");
            c.call("TFUNCTION", "DELETE", "acl");
            c.call("ACL", "DELUSER", "limited");
        }
    }
}
