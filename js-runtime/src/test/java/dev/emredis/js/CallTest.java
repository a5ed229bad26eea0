package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** TFCALL of synchronous functions: argument checks, client.call, conversions (§3.4, §6, §13 C2–C8). */
class CallTest extends GearsTestBase {
    private static final String E_ASYNC = "The function is declared as async and was called while blocking was not allowed;"
            + " note that you cannot invoke async functions from within Lua or MULTI, and you must use TFCALLASYNC instead.";
    private static final String E_BLOCK = "Can not block client for background execution, Blocking is not allow inside"
            + " multi/exec, Lua, or within another module (RM_Call).";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void argumentChecks() {
        assertThat(load("foo", "redis.registerFunction('test', () => 'test');")).isEqualTo(OK);
        assertThat(c.call("TFCALL", "foo.test", "0")).isEqualTo(bulk("test"));
        assertThat(c.call("TFCALL", "foo.test", "10", "bar"))
                .isEqualTo(err("Not enough arguments was given, expected at least 10 arguments, got 1 arguments."));
        assertThat(c.call("TFCALL", "foo.test")).isEqualTo(err("ERR wrong number of arguments for 'tfcall' command"));
        assertThat(c.call("TFCALLASYNC", "foo.test")).isEqualTo(err("ERR wrong number of arguments for 'tfcallasync' command"));
        assertThat(c.call("TFCALL", "foo.test", "x")).isEqualTo(err("ERR invalid digit found in string"));
        assertThat(c.call("TFCALL", "foo.test", "-1")).isEqualTo(err("ERR invalid digit found in string"));
        assertThat(c.call("TFCALL", "foo.test", "")).isEqualTo(err("ERR cannot parse integer from empty string"));
        assertThat(c.call("TFCALL", "foo.test", "99999999999999999999999")).isEqualTo(err("ERR number too large to fit in target type"));
        assertThat(c.call("TFCALL", "foo", "0")).isEqualTo(err("Failed extracting function name"));
        assertThat(c.call("TFCALL", "nosuch.test", "0")).isEqualTo(err("Unknown library nosuch"));
        assertThat(c.call("TFCALL", "foo.nosuch", "0")).isEqualTo(err("Unknown function nosuch"));
        assertThat(c.call("TFCALL", "foo.test.x", "0")).isEqualTo(bulk("test"));
        assertThat(c.call("TFCALL", "foo.", "0")).isEqualTo(err("Unknown function "));
        assertThat(c.call("TFUNCTION", "DELETE", "foo")).isEqualTo(OK);
        assertThat(c.call("TFCALL", "foo.test", "0")).isEqualTo(err("Unknown library foo"));
    }

    @Test
    void returnValueConversionResp2AndResp3() {
        assertThat(load("conv", "var VALUES = {\n"
                + " int: 1, frac: 1.5, big: 2147483648, bigint: 10n, t: true, nul: null, undef: undefined, str: 'OK',\n"
                + " status: (() => { var s = new String('OK'); s.__reply_type = 'status'; return s; })(),\n"
                + " arr: [1, 'a', [2]], obj: {a: 'b'}, buf: new Uint8Array([255, 255]).buffer,\n"
                + " cyc: (() => { var a = []; a[0] = a; return a; })(), negzero: -0, set: new Set(['x', 1]),\n"
                + " badset: new Set([{}]), verb: (() => { var s = new String('hi'); s.__reply_type = 'verbatim'; return s; })()\n"
                + "};\n"
                + "redis.registerFunction('r', (c, what) => what === 'cfg' ? redis.config : VALUES[what]);\n"
                + "redis.registerFunction('t', (c) => typeof c.call('incr', 'n'));\n"
                + "redis.registerFunction('h', (c) => c.call('hgetall', 'k'));")).isEqualTo(OK);
        String[][] resp2 = {
            {"int", ":1\r\n"}, {"frac", bulk("1.5")}, {"big", bulk("2147483648")}, {"bigint", ":10\r\n"},
            {"t", ":1\r\n"}, {"nul", "$-1\r\n"}, {"undef", bulk("undefined")}, {"str", bulk("OK")}, {"status", "+OK\r\n"},
            {"arr", "*3\r\n:1\r\n$1\r\na\r\n*1\r\n:2\r\n"}, {"obj", "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
            {"buf", "$2\r\n\u00ff\u00ff\r\n"}, {"cyc", err("nesting level reached")}, {"negzero", bulk("-0")},
            {"set", "*2\r\n$1\r\nx\r\n:1\r\n"}, {"badset", err("Give value is not a key")}, {"verb", bulk("hi")},
        };
        for (String[] t : resp2) assertThat(c.call("TFCALL", "conv.r", "0", t[0])).as(t[0]).isEqualTo(t[1]);
        assertThat(c.call("TFCALL", "conv.t", "0")).isEqualTo(bulk("bigint"));
        c.call("HSET", "k", "f", "v");
        assertThat(c.call("TFCALL", "conv.h", "0")).isEqualTo("*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
        c.call("HELLO", "3");
        String[][] resp3 = {
            {"frac", ",1.5\r\n"}, {"big", ",2147483648\r\n"}, {"t", "#t\r\n"}, {"nul", "_\r\n"},
            {"obj", "%1\r\n$1\r\na\r\n$1\r\nb\r\n"}, {"set", "~2\r\n$1\r\nx\r\n:1\r\n"}, {"verb", "=6\r\ntxt:hi\r\n"},
        };
        for (String[] t : resp3) assertThat(c.call("TFCALL", "conv.r", "0", t[0])).as(t[0]).isEqualTo(t[1]);
        assertThat(c.call("TFCALL", "conv.h", "0")).isEqualTo("%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
        c.call("TFUNCTION", "DELETE", "conv");
    }

    @Test
    void callRepliesAreRESP3Values() {
        assertThat(load("vals", "redis.registerFunction('j', function (c) {\n"
                + "  var v = c.call.apply(c, Array.prototype.slice.call(arguments, 1));\n"
                + "  if (v instanceof Set) return 'set:' + Array.from(v).sort().join(',');\n"
                + "  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return 'object:' + JSON.stringify(v);\n"
                + "  return typeof v + ':' + String(v);\n"
                + "});")).isEqualTo(OK);
        c.call("SADD", "s", "b", "a");
        c.call("ZADD", "z", "1.5", "m");
        c.call("HSET", "hh", "f", "v");
        assertThat(c.call("TFCALL", "vals.j", "0", "smembers", "s")).isEqualTo(bulk("set:a,b"));
        assertThat(c.call("TFCALL", "vals.j", "0", "zscore", "z", "m")).isEqualTo(bulk("number:1.5"));
        assertThat(c.call("TFCALL", "vals.j", "0", "hgetall", "hh")).isEqualTo(bulk("object:{\"f\":\"v\"}"));
        assertThat(c.call("TFCALL", "vals.j", "0", "set", "x", "1")).isEqualTo(bulk("string:OK"));
        assertThat(c.call("TFCALL", "vals.j", "0", "get", "nosuch")).isEqualTo(bulk("object:null"));
        assertThat(c.call("TFCALL", "vals.j", "0", "exists", "x")).isEqualTo(bulk("bigint:1"));
        assertThat(c.call("TFCALL", "vals.j", "0", "blpop", "nolist", "0")).isEqualTo(bulk("object:null"));
        c.call("TFUNCTION", "DELETE", "vals");
    }

    @Test
    void exceptions() {
        assertThat(load("ex", "redis.registerFunction('e1', () => { throw 'Some Error'; });\n"
                + "redis.registerFunction('e2', () => { throw new Error('boom'); });\n"
                + "redis.registerFunction('e3', (c) => c.call('set', 'x'));\n"
                + "redis.registerFunction('e4', (c) => c.call('set', 'x', 1));\n"
                + "redis.registerFunction('e5', (c) => c.executeAsync(async () => { throw 'Some Error'; }));\n"
                + "redis.registerFunction('e6', (c) => c.call('multi'));\n"
                + "redis.registerFunction('e7', () => 1);\n"
                + "redis.registerFunction('e8', (c) => c.call('nosuchcmd', 'a'));\n"
                + "redis.registerFunction('e9', (c) => { c.call('set', 'str', 'v'); return c.call('lpush', 'str', 'x'); });\n"
                + "redis.registerFunction('e10', (c) => { try { c.call('set', 'x'); } catch (e) { return typeof e + ':' + e; } });\n"
                + "redis.registerFunction('e11', (c) => c.call(5));\n"
                + "redis.registerFunction('e12', (c) => c.call());\n"
                + "redis.registerFunction('e13', (c) => { throw {a: 1}; });\n"
                + "redis.registerFunction('e14', (c) => c.call('tfcall', 'ex.e7', '0'));\n")).isEqualTo(OK);
        assertThat(c.call("TFCALL", "ex.e1", "0")).isEqualTo(err("Some Error"));
        assertThat(c.call("TFCALL", "ex.e2", "0")).isEqualTo(err("Error: boom"));
        assertThat(c.call("TFCALL", "ex.e3", "0")).isEqualTo(err("ERR wrong number of arguments for 'set' command"));
        assertThat(c.call("TFCALL", "ex.e4", "0")).isEqualTo(err("Failed consuming arguments. Can not convert value into bytes buffer."));
        assertThat(c.call("TFCALLASYNC", "ex.e5", "0")).isEqualTo(err("Some Error"));
        assertThat(c.call("TFCALL", "ex.e5", "0")).isEqualTo(err(E_BLOCK));
        assertThat(c.call("TFCALL", "ex.e6", "0")).isEqualTo(err("ERR command 'multi' is not allowed on script mode"));
        assertThat(c.callBytes(b("TFCALL"), b("ex.e7"), b("0"), new byte[] {(byte) 0xaa}))
                .isEqualTo(err("Can not convert argument to string"));
        assertThat(c.call("TFCALL", "ex.e8", "0")).isEqualTo(err("ERR unknown command 'nosuchcmd', with args beginning with: 'a' "));
        assertThat(c.call("TFCALL", "ex.e9", "0")).isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
        assertThat(c.call("TFCALL", "ex.e10", "0")).isEqualTo(bulk("string:ERR wrong number of arguments for 'set' command"));
        assertThat(c.call("TFCALL", "ex.e11", "0")).isEqualTo(err("Can not convert value at position 0 into V8LocalUtf8. Value is not string."));
        assertThat(c.call("TFCALL", "ex.e12", "0")).isEqualTo(err("Can not convert value at position 0 into V8LocalUtf8. Wrong number of arguments given."));
        assertThat(c.call("TFCALL", "ex.e13", "0")).isEqualTo(err("[object Object]"));
        assertThat(c.call("TFCALL", "ex.e14", "0")).isEqualTo(err("ERR command 'tfcall' is not allowed on script mode"));
        c.call("TFUNCTION", "DELETE", "ex");
    }

    @Test
    void blockAllowedPendingPromisesAndMulti() {
        assertThat(load("blk", "redis.registerFunction('ib', (c) => c.isBlockAllowed());\n"
                + "redis.registerFunction('p', () => new Promise((resolve) => resolve('done')));\n"
                + "redis.registerFunction('settled', () => (async () => 'now')());\n"
                + "redis.registerAsyncFunction('co', async () => 'co');\n")).isEqualTo(OK);
        assertThat(c.call("TFCALL", "blk.ib", "0")).isEqualTo(integer(0));
        assertThat(c.call("TFCALLASYNC", "blk.ib", "0")).isEqualTo(integer(1));
        c.call("MULTI");
        c.call("TFCALL", "blk.ib", "0");
        c.call("TFCALLASYNC", "blk.ib", "0");
        assertThat(c.call("EXEC")).isEqualTo("*2\r\n:0\r\n:0\r\n");
        assertThat(c.call("TFCALLASYNC", "blk.p", "0")).isEqualTo(bulk("done"));
        assertThat(c.call("TFCALL", "blk.p", "0")).isEqualTo(err(E_BLOCK));
        assertThat(c.call("TFCALL", "blk.settled", "0")).isEqualTo(bulk("now"));
        assertThat(c.call("TFCALL", "blk.co", "0")).isEqualTo(err(E_ASYNC));
        c.call("MULTI");
        c.call("TFCALLASYNC", "blk.co", "0");
        assertThat(c.call("EXEC")).isEqualTo("*1\r\n" + err(E_BLOCK));
        assertThat(c.call("TFCALLASYNC", "blk.co", "0", "extra1", "extra2")).isEqualTo(bulk("co"));
        assertThat(c.call("TFCALLASYNC", "blk.co", "1"))
                .isEqualTo(err("Not enough arguments was given, expected at least 1 arguments, got 0 arguments."));
        c.call("TFUNCTION", "DELETE", "blk");
    }

    @Test
    void flags() {
        assertThat(load("fl", "redis.registerFunction('my_set', (c, k, v) => c.call('set', k, v), {flags: [redis.functionFlags.NO_WRITES]});\n"
                + "redis.registerFunction('g', (c, k) => c.callRaw('get', k), {flags: [redis.functionFlags.RAW_ARGUMENTS]});\n"
                + "redis.registerFunction('g2', (c, k) => c.callRaw('get', k));\n"
                + "redis.registerFunction('rd', (c, k) => c.call('get', k), {flags: ['no-writes']});\n")).isEqualTo(OK);
        assertThat(c.call("TFCALL", "fl.my_set", "1", "foo", "bar"))
                .isEqualTo(err("ERR Write command 'set' was called while write is not allowed."));
        c.call("SET", "foo", "v");
        assertThat(c.call("TFCALL", "fl.rd", "1", "foo")).isEqualTo(bulk("v"));
        byte[] xa = {(byte) 0xaa};
        c.callBytes(b("SET"), xa, xa);
        assertThat(c.callBytes(b("TFCALL"), b("fl.g"), b("1"), xa)).isEqualTo("$1\r\n\u00aa\r\n");
        assertThat(c.callBytes(b("TFCALL"), b("fl.g2"), b("1"), xa)).isEqualTo(err("Can not convert argument to string"));
        c.call("TFUNCTION", "DELETE", "fl");
    }

    @Test
    void syncCountingOverScan() {
        c.call("HSET", "h1", "name", "foo");
        c.call("HSET", "h2", "name", "foo");
        c.call("HSET", "h3", "name", "bar");
        assertThat(load("cnt", "redis.registerFunction('test', function(client, expected_name) {\n"
                + "  var count = 0; var cursor = '0';\n"
                + "  do {\n"
                + "    var res = client.call('scan', cursor);\n"
                + "    cursor = res[0];\n"
                + "    res[1].forEach((key) => { if (client.call('hget', key, 'name') == expected_name) count += 1; });\n"
                + "  } while (cursor != '0');\n"
                + "  return count;\n"
                + "});")).isEqualTo(OK);
        assertThat(c.call("TFCALL", "cnt.test", "0", "foo")).isEqualTo(integer(2));
        c.call("TFUNCTION", "DELETE", "cnt");
    }

    @Test
    void errorVerbosityTwoAddsTheStack() {
        assertThat(load("verb", "redis.registerFunction('e', () => {\n  throw new Error('boom');\n});\n"
                + "redis.registerFunction('s', () => { throw 'plain'; });")).isEqualTo(OK);
        try {
            assertThat(c.call("CONFIG", "SET", "redisgears_2.error-verbosity", "2")).isEqualTo(OK);
            assertThat(c.call("TFCALL", "verb.e", "0")).startsWith("-Error: boom|").contains("verb:3").doesNotContain("\n-");
            assertThat(c.call("TFCALL", "verb.s", "0")).isEqualTo(err("plain"));
        } finally {
            c.call("CONFIG", "SET", "redisgears_2.error-verbosity", "1");
        }
        assertThat(c.call("TFCALL", "verb.e", "0")).isEqualTo(err("Error: boom"));
        c.call("TFUNCTION", "DELETE", "verb");
    }
}
