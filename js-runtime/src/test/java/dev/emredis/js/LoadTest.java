package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** TFUNCTION LOAD / DELETE: header, compilation and evaluation errors (§2, §3.1, §13 C1, C9, C10). */
class LoadTest extends GearsTestBase {
    private static final String P1 = "Invalid or missing prologue. The rules for the prologue are: a) It starts on the"
            + " first line. b) It is formatted as follows: \"#!<engine name> <key>=<value>\".";

    private String loadRaw(String code) {
        return c.call("TFUNCTION", "LOAD", code);
    }

    @Test
    void headerErrors() {
        assertThat(loadRaw("js api_version=1.0 name=foo")).isEqualTo(err(P1));
        assertThat(loadRaw("#!js name=foo\nredis.registerFunction('f', () => 1)")).isEqualTo(err("The api version is missing from the prologue."));
        assertThat(loadRaw("#!js api_version=1.0\nx")).isEqualTo(err("The library name is missing from the prologue."));
        assertThat(loadRaw("#!js name=foo name=bar")).isEqualTo(err("Duplicated prologue properties found: name."));
        assertThat(loadRaw("#!js api_version=1.0 name=foo foo=bar"))
                .isEqualTo(err("Unknown prologue properties provided: \"foo\". Known properties: api_version, name."));
        assertThat(loadRaw("#!js api_version=2.0 name=foo\nredis.registerFunction('f',()=>1)"))
                .isEqualTo(err("Failed library compilation: An unsupported API version was requested: 2.0. The supported versions are 1.0, 1.1."));
        assertThat(loadRaw("#!js1 api_version=1.0 name=foo\nx")).isEqualTo(err("Unknown backend js1"));
        assertThat(loadRaw("#!js api_version=1.0 name=foo.bar\nx"))
                .isEqualTo(err("Unallowed library name 'foo.bar', Unallowed char was given '.'."));
        assertThat(loadRaw("#!js api_version=1.0 name=foo\n")).isEqualTo(err("Neither function nor other registrations were found."));
        assertThat(loadRaw("#!js api_version=1.2-3x name=foo\n"))
                .isEqualTo(err("The API version has been incorrectly specified: \"1.2-3x\". The expected format is \"<major>.<minor>\". An example: \"1.1\"."));
        assertThat(loadRaw("#!js  api_version=1.0 name=foo\n")).isEqualTo(err(P1));
        assertThat(loadRaw("#!js name\n")).isEqualTo(err(P1));
        assertThat(loadRaw("#!js name=a=b api_version=1.0\n")).isEqualTo(err(P1));
        // key order is free and a trailing space is fine
        assertThat(loadRaw("#!js name=order api_version=1.0 \nredis.registerFunction('f', () => 1)")).isEqualTo(OK);
        c.call("TFUNCTION", "DELETE", "order");
    }

    @Test
    void registrationErrors() {
        assertThat(load("c1", "redis.registerFunction('test', () => 1);\nredis.registerFunction('test', () => 2);"))
                .isEqualTo(err("Failed loading library: Function test already exists."));
        assertThat(load("c1", "redis.registerFunction('test', 'bar');"))
                .isEqualTo(err("Failed loading library: Second argument to 'registerFunction' must be a function."));
        assertThat(load("c1", "redis.registerFunction('test', () => 1, {flags: ['unknown']});"))
                .isEqualTo(err("Failed loading library: Failed parsing function flags, Unknow flag 'unknown' was given."));
        assertThat(load("c1", "redis.registerFunction('test.test', () => 1);"))
                .isEqualTo(err("Failed loading library: Unallowed function name 'test.test', Unallowed char was given '.'.."));
        assertThat(load("c1", "redis.registerFunction('test', async () => 1);"))
                .isEqualTo(err("Failed loading library: 'registerFunction' can not be used with async function, use 'registerAsyncFunction' instead.."));
        assertThat(load("c1", "redis.registerFunction('test', () => 1, {foo: 1, bar: 2});"))
                .isEqualTo(err("Failed loading library: Unknown properties given: foo,bar."));
        assertThat(load("c1", "redis.registerFunction('test', () => 1, null);"))
                .isEqualTo(err("Failed loading library: Given argument must be an object."));
        assertThat(load("c1", "redis.registerFunction(1, () => 1);"))
                .isEqualTo(err("Failed loading library: Can not convert value at position 0 into V8LocalUtf8. Value is not string.."));
        assertThat(load("c1", "redis.registerFunction('x');"))
                .isEqualTo(err("Failed loading library: Can not convert value at position 1 into V8LocalValue. Wrong number of arguments given.."));
        assertThat(load("c1", "throw 'boom';")).isEqualTo(err("Failed loading library: boom."));
        assertThat(load("c1", "throw new Error('boom');")).isEqualTo(err("Failed loading library: Error: boom."));
        assertThat(load("c1", "var x = ;")).startsWith("-Failed library compilation: SyntaxError: ");
        assertThat(c.call("TFCALL", "c1.test", "0")).isEqualTo(err("Unknown library c1"));
    }

    @Test
    void existsReplaceAndDelete() {
        String code = "#!js api_version=1.0 name=foo\nredis.registerFunction('test', () => 1);";
        assertThat(c.call("TFUNCTION", "LOAD", code)).isEqualTo(OK);
        assertThat(c.call("TFUNCTION", "LOAD", code)).isEqualTo(err("Library foo already exists."));
        assertThat(c.call("TFUNCTION", "DELETE", "foo")).isEqualTo(OK);
        assertThat(c.call("TFUNCTION", "DELETE", "foo")).isEqualTo(err("library does not exists"));
        assertThat(c.call("TFUNCTION", "DELETE")).isEqualTo(err("function name was not given"));
        // libraries are not keys: FLUSHALL keeps them
        assertThat(c.call("TFUNCTION", "LOAD", code)).isEqualTo(OK);
        c.call("FLUSHALL");
        assertThat(c.call("TFCALL", "foo.test", "0")).isEqualTo(integer(1));
        assertThat(c.call("DBSIZE")).isEqualTo(integer(0));
        c.call("TFUNCTION", "DELETE", "foo");
    }

    @Test
    void loadArguments() {
        String code = "#!js api_version=1.0 name=args\nredis.registerFunction('c', () => redis.config.foo);";
        assertThat(c.call("TFUNCTION", "LOAD")).isEqualTo(err("Could not find library payload"));
        assertThat(c.call("TFUNCTION", "LOAD", "REPLACE")).isEqualTo(err("Could not find library payload"));
        assertThat(c.call("TFUNCTION", "LOAD", "CONFIG")).isEqualTo(err("configuration value was not given"));
        assertThat(c.call("TFUNCTION", "LOAD", "CONFIG", "5", code)).isEqualTo(err("configuration must be a valid json object"));
        assertThat(c.call("TFUNCTION", "LOAD", "CONFIG", "[1]", code)).isEqualTo(err("configuration must be a valid json object"));
        assertThat(c.call("TFUNCTION", "LOAD", "CONFIG", "{x", code)).startsWith("-configuration must be a valid json, '{x', ");
        assertThat(c.call("TFUNCTION", "LOAD", "USER", "foo", code)).isEqualTo(err("Unknown argument user"));
        assertThat(c.call("TFUNCTION", "FOO")).isEqualTo(err("Unknown subcommand foo"));
        // C9: configuration, then REPLACE without CONFIG drops it
        assertThat(c.call("TFUNCTION", "LOAD", "CONFIG", "{\"foo\":\"bar\"}", code)).isEqualTo(OK);
        assertThat(c.call("TFCALL", "args.c", "0")).isEqualTo(bulk("bar"));
        assertThat(c.call("TFUNCTION", "LOAD", "REPLACE", code)).isEqualTo(OK);
        assertThat(c.call("TFCALL", "args.c", "0")).isEqualTo(bulk("undefined"));
        c.call("TFUNCTION", "DELETE", "args");
    }

    @Test
    void upgradeKeepsOldVersionOnFailure() {
        assertThat(load("up", "redis.registerFunction('test', () => 1);")).isEqualTo(OK);
        assertThat(load("up", "redis.registerFunction('test', () => 2);\nredis.registerFunction('test2', 'bar');"))
                .isEqualTo(err("Failed loading library: Second argument to 'registerFunction' must be a function."));
        assertThat(c.call("TFCALL", "up.test", "0")).isEqualTo(integer(1));
        assertThat(load("up", "redis.registerFunction('test', () => 2);")).isEqualTo(OK);
        assertThat(c.call("TFCALL", "up.test", "0")).isEqualTo(integer(2));
        c.call("TFUNCTION", "DELETE", "up");
    }

    @Test
    void listShapes() {
        assertThat(load("ls", "redis.registerFunction('test', () => 1, {flags: [redis.functionFlags.NO_WRITES], description: 'd'});"))
                .isEqualTo(OK);
        assertThat(c.call("TFUNCTION", "LIST", "LIBRARY", "ls")).isEqualTo("*1\r\n*22\r\n"
                + bulk("api_version") + bulk("1.0") + bulk("cluster_functions") + "*0\r\n"
                + bulk("configuration") + "$-1\r\n" + bulk("engine") + bulk("js")
                + bulk("functions") + "*1\r\n" + bulk("test")
                + bulk("keyspace_triggers") + "*0\r\n" + bulk("name") + bulk("ls")
                + bulk("pending_async_calls") + "*0\r\n" + bulk("pending_jobs") + integer(0)
                + bulk("stream_triggers") + "*0\r\n" + bulk("user") + bulk("default"));
        assertThat(c.call("TFUNCTION", "LIST", "LIBRARY", "ls", "v")).contains(bulk("functions") + "*1\r\n*8\r\n"
                + bulk("description") + bulk("d") + bulk("flags") + "*1\r\n" + bulk("no-writes")
                + bulk("is_async") + integer(0) + bulk("name") + bulk("test"));
        assertThat(c.call("TFUNCTION", "LIST", "WITHCODE", "LIBRARY", "ls")).contains(bulk("code"));
        assertThat(c.call("TFUNCTION", "LIST", "LIBRARY", "nosuch")).isEqualTo("*0\r\n");
        assertThat(c.call("TFUNCTION", "LIST", "LIBRARY")).isEqualTo(err("Library name was not given"));
        assertThat(c.call("TFUNCTION", "LIST", "FOO")).isEqualTo(err("Unknown option 'foo'"));
        c.call("HELLO", "3");
        assertThat(c.call("TFUNCTION", "LIST", "LIBRARY", "ls")).startsWith("*1\r\n%11\r\n");
        c.call("TFUNCTION", "DELETE", "ls");
    }

    @Test
    void loadAndDeleteInsideMultiAreRefused() {
        String code = "#!js api_version=1.0 name=tx\nredis.registerFunction('f', () => 1);";
        c.call("MULTI");
        c.call("TFUNCTION", "LOAD", code);
        c.call("TFUNCTION", "LIST", "LIBRARY", "tx");
        assertThat(c.call("EXEC")).isEqualTo("*2\r\n" + err("ERR Blocking module command called from transaction") + "*0\r\n");
        assertThat(c.call("TFCALL", "tx.f", "0")).isEqualTo(err("Unknown library tx"));
    }
}
