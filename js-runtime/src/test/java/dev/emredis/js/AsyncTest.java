package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** TFCALLASYNC: coroutines, block(), executeAsync, callAsync, the background pool (§4, §5.4, §13 S-a..S-e). */
class AsyncTest extends GearsTestBase {
    private static final String E_ASYNC = "The function is declared as async and was called while blocking was not allowed;"
            + " note that you cannot invoke async functions from within Lua or MULTI, and you must use TFCALLASYNC instead.";
    private static final String E_BLOCK = "Can not block client for background execution, Blocking is not allow inside"
            + " multi/exec, Lua, or within another module (RM_Call).";

    private static final String COUNT_BODY = "    var count = 0;\n"
            + "    var cursor = '0';\n"
            + "    do {\n"
            + "        async_client.block((client) => {\n"
            + "            var res = client.call('scan', cursor);\n"
            + "            cursor = res[0];\n"
            + "            res[1].forEach((key) => {\n"
            + "                if (client.call('hget', key, 'name') == expected_name) {\n"
            + "                    count += 1;\n"
            + "                }\n"
            + "            });\n"
            + "        });\n"
            + "    } while (cursor != '0');\n";

    private void hashes() {
        c.call("HSET", "h1", "name", "foo");
        c.call("HSET", "h2", "name", "foo");
        c.call("HSET", "h3", "name", "bar");
    }

    @Test
    void coroutineReturningAString() {
        assertThat(load("sa", "redis.registerAsyncFunction('test', async function() {\n    return 'test';\n});")).isEqualTo(OK);
        assertThat(c.call("TFCALLASYNC", "sa.test", "0")).isEqualTo(bulk("test"));
        assertThat(c.call("TFCALL", "sa.test", "0")).isEqualTo(err(E_ASYNC));
        c.call("MULTI");
        assertThat(c.call("TFCALLASYNC", "sa.test", "0")).isEqualTo("+QUEUED\r\n");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n" + err(E_BLOCK));
        assertThat(c.call("TFCALLASYNC", "sa.test", "0", "extra1", "extra2")).isEqualTo(bulk("test"));
        assertThat(c.call("TFCALLASYNC", "sa.test", "1"))
                .isEqualTo(err("Not enough arguments was given, expected at least 1 arguments, got 0 arguments."));
        c.call("TFUNCTION", "DELETE", "sa");
    }

    @Test
    void blockAndPing() {
        assertThat(load("sb", "redis.registerAsyncFunction('test', async function(client) {\n"
                + "    return client.block(function(redis_client) {\n"
                + "        return redis_client.call('ping');\n"
                + "    });\n"
                + "});\n"
                + "redis.registerAsyncFunction('direct', async function(client) { return client.call('ping'); });")).isEqualTo(OK);
        assertThat(c.call("TFCALLASYNC", "sb.test", "0")).isEqualTo(bulk("PONG"));
        assertThat(c.call("TFCALLASYNC", "sb.direct", "0")).startsWith("-TypeError");
        c.call("TFUNCTION", "DELETE", "sb");
    }

    @Test
    void hashCountingInBatches() {
        hashes();
        String seed = "redis.registerAsyncFunction('test', async function(async_client, expected_name) {\n"
                + "    var cached_value = async_client.block((client) => {\n"
                + "        return client.call('get', expected_name + '_count');\n"
                + "    });\n"
                + "    if (cached_value != null) {\n"
                + "        return cached_value;\n"
                + "    }\n"
                + COUNT_BODY
                + "    async_client.block((client) => {\n"
                + "        client.call('set', expected_name + '_count', COUNT);\n"
                + "        client.call('expire', expected_name + '_count', FIVE);\n"
                + "    });\n"
                + "    return count;\n"
                + "});";
        // S-c1: the seed as written passes numbers to client.call
        assertThat(load("sc", seed.replace("COUNT", "count").replace("FIVE", "5"))).isEqualTo(OK);
        assertThat(c.call("TFCALLASYNC", "sc.test", "0", "foo"))
                .isEqualTo(err("Failed consuming arguments. Can not convert value into bytes buffer."));
        assertThat(c.call("GET", "foo_count")).isEqualTo("$-1\r\n");
        // S-c2: with strings
        redis.clock().freeze();
        assertThat(load("sc", seed.replace("COUNT", "String(count)").replace("FIVE", "'5'"))).isEqualTo(OK);
        assertThat(c.call("TFCALLASYNC", "sc.test", "0", "foo")).isEqualTo(integer(2));
        assertThat(c.call("GET", "foo_count")).isEqualTo(bulk("2"));
        assertThat(c.call("TTL", "foo_count")).isEqualTo(integer(5));
        assertThat(c.call("TFCALLASYNC", "sc.test", "0", "foo")).isEqualTo(bulk("2"));
        c.call("HSET", "h4", "name", "foo");
        assertThat(c.call("TFCALLASYNC", "sc.test", "0", "foo")).isEqualTo(bulk("2"));
        // S-c4: the scan reaches foo_count, a string
        assertThat(c.call("TFCALLASYNC", "sc.test", "0", "bar"))
                .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
        redis.clock().advance(Duration.ofSeconds(6));
        assertThat(c.call("TFCALLASYNC", "sc.test", "0", "foo")).isEqualTo(integer(3));
        assertThat(c.call("TFCALL", "sc.test", "0", "foo")).isEqualTo(err(E_ASYNC));
        c.call("TFUNCTION", "DELETE", "sc");
    }

    @Test
    void syncFirstThenExecuteAsync() throws Exception {
        hashes();
        String code = "REG('test', function(client, expected_name) {\n"
                + "    var cached_value = client.call('get', expected_name + '_count');\n"
                + "    if (cached_value != null) {\n"
                + "        return cached_value;\n"
                + "    }\n"
                + "    return client.executeAsync(async function(async_client) {\n"
                + COUNT_BODY
                + "        async_client.block((c) => {\n"
                + "            c.call('set', expected_name + '_count', String(count));\n"
                + "            c.call('expire', expected_name + '_count', '5');\n"
                + "        });\n"
                + "        return count;\n"
                + "    });\n"
                + "});";
        assertThat(load("sd", code.replace("REG", "redis.registerAsyncFunction"))).isEqualTo(OK);
        assertThat(c.call("TFCALLASYNC", "sd.test", "0", "foo")).isEqualTo(integer(2));
        assertThat(c.call("TFCALLASYNC", "sd.test", "0", "foo")).isEqualTo(bulk("2"));
        assertThat(c.call("TFCALL", "sd.test", "0", "foo")).isEqualTo(err(E_ASYNC));
        c.call("MULTI");
        c.call("TFCALLASYNC", "sd.test", "0", "foo");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n" + bulk("2"));
        assertThat(c.call("DEL", "foo_count")).isEqualTo(integer(1));
        c.call("MULTI");
        c.call("TFCALLASYNC", "sd.test", "0", "foo");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n" + err(E_BLOCK));
        awaitValue("foo_count", bulk("2"));
        // S-d2: registerFunction
        assertThat(load("sd", code.replace("REG", "redis.registerFunction"))).isEqualTo(OK);
        c.call("DEL", "foo_count");
        assertThat(c.call("TFCALL", "sd.test", "0", "foo")).isEqualTo(err(E_BLOCK));
        awaitValue("foo_count", bulk("2"));
        assertThat(c.call("TFCALL", "sd.test", "0", "foo")).isEqualTo(bulk("2"));
        c.call("DEL", "foo_count");
        assertThat(c.call("TFCALLASYNC", "sd.test", "0", "foo")).isEqualTo(integer(2));
        c.call("TFUNCTION", "DELETE", "sd");
    }

    private void awaitValue(String key, String expected) throws InterruptedException {
        for (int i = 0; i < 200 && !c.call("GET", key).equals(expected); i++) Thread.sleep(10);
        assertThat(c.call("GET", key)).isEqualTo(expected);
    }

    @Test
    void callAsyncBlpopInsideBlock() throws Exception {
        assertThat(load("se", "redis.registerAsyncFunction('my_blpop', async function(client, key, expected_val) {\n"
                + "    var res = null;\n"
                + "    do {\n"
                + "        res = await client.block((c) => {\n"
                + "            return c.callAsync('blpop', key, '0');\n"
                + "        });\n"
                + "    } while (res[1] != expected_val);\n"
                + "    return res;\n"
                + "});")).isEqualTo(OK);
        c.call("RPUSH", "l", "a", "b", "c");
        assertThat(c.call("TFCALLASYNC", "se.my_blpop", "1", "l", "b")).isEqualTo("*2\r\n" + bulk("l") + bulk("b"));
        assertThat(c.call("LRANGE", "l", "0", "-1")).isEqualTo("*1\r\n" + bulk("c"));
        assertThat(c.call("DEL", "l")).isEqualTo(integer(1));
        try (RespClient a = connect()) {
            a.setTimeout(30_000);
            a.send("TFCALLASYNC", "se.my_blpop", "1", "l", "x");
            for (int i = 0; i < 200 && !c.call("TFUNCTION", "LIST", "LIBRARY", "se", "vv").contains(bulk("blpop l 0")); i++) {
                Thread.sleep(10);
            }
            assertThat(c.call("TFUNCTION", "LIST", "LIBRARY", "se", "vv")).contains(bulk("pending_async_calls") + "*1\r\n" + bulk("blpop l 0"));
            assertThat(c.call("RPUSH", "l", "y")).isEqualTo(integer(1));
            for (int i = 0; i < 200 && !c.call("LLEN", "l").equals(integer(0)); i++) Thread.sleep(10);
            assertThat(c.call("LLEN", "l")).isEqualTo(integer(0));
            for (int i = 0; i < 200 && !c.call("TFUNCTION", "LIST", "LIBRARY", "se", "vv").contains(bulk("blpop l 0")); i++) {
                Thread.sleep(10);
            }
            assertThat(c.call("RPUSH", "l", "x")).isEqualTo(integer(1));
            assertThat(a.read()).isEqualTo("*2\r\n" + bulk("l") + bulk("x"));
        }
        assertThat(c.call("TFUNCTION", "LIST", "LIBRARY", "se", "vv")).contains(bulk("pending_async_calls") + "*0\r\n");
        assertThat(c.call("TFCALL", "se.my_blpop", "1", "l", "x")).isEqualTo(err(E_ASYNC));
        c.call("TFUNCTION", "DELETE", "se");
    }

    @Test
    void blockAndClientRules() {
        assertThat(load("rules", "var saved = null;\n"
                + "redis.registerAsyncFunction('nested', async (client) => client.block(() => client.block(() => 1)));\n"
                + "redis.registerAsyncFunction('notfn', async (client) => client.block(5));\n"
                + "redis.registerFunction('save', (c) => { saved = c; return 'saved'; });\n"
                + "redis.registerFunction('stale', () => saved.call('ping'));\n"
                + "redis.registerAsyncFunction('unlocked', async (client) => { return client.block((c) => c.executeAsync(async () => saved.call('ping'))); });\n"
                + "redis.registerFunction('staleib', () => saved.isBlockAllowed());\n"
                + "redis.registerFunction('stalexa', () => saved.executeAsync(async () => 1));\n"
                + "redis.registerFunction('notasync', (c) => c.executeAsync(() => 1));\n"
                + "redis.registerAsyncFunction('ibblock', async (client) => client.block((c) => c.isBlockAllowed()));\n"
                + "redis.registerAsyncFunction('caught', async (client) => { try { await client.block(() => { throw 'inner'; }); } catch (e) { return 'caught ' + e; } });\n"
                + "redis.registerFunction('register', () => redis.registerFunction('late', () => 1));\n"
                + "redis.registerFunction('newpromise', () => new Promise(async () => 1));\n"
                + "redis.registerFunction('statics', () => typeof Promise.resolve + ' ' + typeof Promise.all);\n"
                + "redis.registerAsyncFunction('db0', async (client) => client.block((c) => c.call('get', 'dbkey')));\n"
                + "redis.registerFunction('dbcaller', (c) => c.call('get', 'dbkey'));\n")).isEqualTo(OK);
        assertThat(c.call("TFCALLASYNC", "rules.nested", "0")).isEqualTo(err("Main thread is already blocked"));
        assertThat(c.call("TFCALLASYNC", "rules.notfn", "0")).isEqualTo(err("Argument to 'block' must be a function"));
        assertThat(c.call("TFCALL", "rules.save", "0")).isEqualTo(bulk("saved"));
        assertThat(c.call("TFCALL", "rules.stale", "0")).isEqualTo(err("Used on invalid client"));
        assertThat(c.call("TFCALLASYNC", "rules.unlocked", "0")).isEqualTo(err("Main thread is not locked"));
        assertThat(c.call("TFCALL", "rules.staleib", "0")).isEqualTo(err("Used on invalid client"));
        assertThat(c.call("TFCALL", "rules.stalexa", "0")).isEqualTo(err("Called 'executeAsync' out of context"));
        assertThat(c.call("TFCALL", "rules.notasync", "0")).isEqualTo(err("First argument to 'executeAsync' must be an async function"));
        assertThat(c.call("TFCALLASYNC", "rules.ibblock", "0")).isEqualTo(integer(1));
        assertThat(c.call("TFCALLASYNC", "rules.caught", "0")).isEqualTo(bulk("caught inner"));
        assertThat(c.call("TFCALL", "rules.register", "0")).isEqualTo(err("Called 'register_function' out of context"));
        assertThat(c.call("TFCALL", "rules.newpromise", "0")).isEqualTo(err("Bad argument to 'Promise' function"));
        assertThat(c.call("TFCALL", "rules.statics", "0")).isEqualTo(bulk("undefined undefined"));
        // background block() sections use DB 0, synchronous bodies the caller's DB
        c.call("SELECT", "1");
        c.call("SET", "dbkey", "one");
        assertThat(c.call("TFCALL", "rules.dbcaller", "0")).isEqualTo(bulk("one"));
        assertThat(c.call("TFCALLASYNC", "rules.db0", "0")).isEqualTo("$-1\r\n");
        c.call("SELECT", "0");
        c.call("TFUNCTION", "DELETE", "rules");
    }

    @Test
    void closeReleasesEveryThread() throws Exception {
        java.util.Set<Thread> before = jsThreadSet();
        try (RedisEmulator r = RedisEmulator.builder().build().start(); RespClient rc = new RespClient(r)) {
            rc.setTimeout(30_000);
            assertThat(load(rc, "th", "redis.registerAsyncFunction('a', async (c) => c.block((s) => s.call('ping')));\n"
                    + "redis.registerAsyncFunction('forever', async (c) => new Promise((resolve) => {}));")).isEqualTo(OK);
            assertThat(rc.call("TFCALLASYNC", "th.a", "0")).isEqualTo(bulk("PONG"));
            rc.send("TFCALLASYNC", "th.forever", "0");
            assertThat(newThreads(before)).isNotEmpty();
        }
        for (int i = 0; i < 300 && !newThreads(before).isEmpty(); i++) Thread.sleep(10);
        assertThat(newThreads(before)).isEmpty();
    }

    private static java.util.Set<Thread> jsThreadSet() {
        java.util.Set<Thread> s = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("emredis-js-") && !t.getName().equals("emredis-js-warmup") && t.isAlive()) s.add(t);
        }
        return s;
    }

    private static java.util.Set<Thread> newThreads(java.util.Set<Thread> before) {
        java.util.Set<Thread> now = jsThreadSet();
        now.removeAll(before);
        return now;
    }
}
