package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keyspace triggers (§8) and stream triggers (§9): §13 C11–C13 and registration errors. */
class TriggersTest extends GearsTestBase {
    private String listVv(String lib) {
        return c.call("TFUNCTION", "LIST", "LIBRARY", lib, "vv");
    }


    @Test
    void keyspaceTrigger() {
        assertThat(load("kt", "var n = 0;\n"
                + "redis.registerKeySpaceTrigger('consumer', 'user:', function(client, data) {\n"
                + "    n += 1;\n"
                + "    if (data.event == 'hset') {\n"
                + "        client.call('hset', data.key, 'touched', '1');\n"
                + "    }\n"
                + "});\n"
                + "redis.registerFunction('count', function() { return n; });")).isEqualTo(OK);
        assertThat(c.call("HSET", "user:1", "name", "a")).isEqualTo(integer(1));
        assertThat(c.call("HGETALL", "user:1")).isEqualTo("*4\r\n" + bulk("name") + bulk("a") + bulk("touched") + bulk("1"));
        assertThat(c.call("TFCALL", "kt.count", "0")).isEqualTo(integer(1));
        assertThat(c.call("SET", "other:1", "x")).isEqualTo(OK);
        assertThat(c.call("TFCALL", "kt.count", "0")).isEqualTo(integer(1));
        assertThat(c.call("GET", "user:2")).isEqualTo("$-1\r\n");
        assertThat(c.call("TFCALL", "kt.count", "0")).isEqualTo(integer(2));
        String list = listVv("kt");
        assertThat(list).contains(bulk("last_error") + "$-1\r\n");
        assertThat(list).contains(bulk("num_failed") + integer(0) + bulk("num_finished") + integer(2)
                + bulk("num_success") + integer(2) + bulk("num_trigger") + integer(2));
        // inside MULTI the trigger runs after EXEC, once per event
        c.call("MULTI");
        c.call("HSET", "user:3", "a", "1");
        c.call("HSET", "user:4", "a", "1");
        c.call("EXEC");
        assertThat(c.call("TFCALL", "kt.count", "0")).isEqualTo(integer(4));
        assertThat(c.call("HGET", "user:4", "touched")).isEqualTo(bulk("1"));
        c.call("TFUNCTION", "DELETE", "kt");
        c.call("HSET", "user:5", "a", "1");
        assertThat(c.call("HGET", "user:5", "touched")).isEqualTo("$-1\r\n");
    }

    @Test
    void onTriggerFiredIsReadOnly() {
        assertThat(load("otf", "redis.registerKeySpaceTrigger('consumer', '', function(client, data) {\n"
                + "    client.call('set', 'x', data.test);\n"
                + "}, { onTriggerFired: (c, d) => { c.call('set', 'x', 'test'); d.test = 'test'; } });")).isEqualTo(OK);
        assertThat(c.call("SET", "x", "1")).isEqualTo(OK);
        assertThat(c.call("GET", "x")).isEqualTo(bulk("1"));
        assertThat(listVv("otf")).contains("Write command 'set' was called while write is not allowed");
        assertThat(load("otf", "redis.registerKeySpaceTrigger('consumer', '', function(client, data) {\n"
                + "    client.call('set', 'x', data.test);\n"
                + "}, { onTriggerFired: (c, d) => { d.test = 'test'; } });")).isEqualTo(OK);
        assertThat(c.call("SET", "x", "1")).isEqualTo(OK);
        assertThat(c.call("GET", "x")).isEqualTo(bulk("test"));
        c.call("TFUNCTION", "DELETE", "otf");
    }

    @Test
    void failingAndAsyncKeyspaceTriggers() throws Exception {
        assertThat(load("fk", "redis.registerKeySpaceTrigger('bad', 'bad:', () => { throw 'nope'; }, {description: 'fails'});\n"
                + "redis.registerKeySpaceTrigger('later', 'async:', async (client, data) => {\n"
                + "    await client.block((c) => c.call('set', 'seen:' + data.key, data.event));\n"
                + "});")).isEqualTo(OK);
        assertThat(c.call("SET", "bad:1", "v")).isEqualTo(OK);
        assertThat(listVv("fk")).contains(bulk("description") + bulk("fails") + bulk("last_error") + bulk("nope"));
        assertThat(c.call("LPUSH", "async:l", "v")).isEqualTo(integer(1));
        for (int i = 0; i < 200 && !c.call("GET", "seen:async:l").equals(bulk("lpush")); i++) Thread.sleep(10);
        assertThat(c.call("GET", "seen:async:l")).isEqualTo(bulk("lpush"));
        c.call("TFUNCTION", "DELETE", "fk");
    }

    @Test
    void registrationErrors() {
        assertThat(load("re", "redis.registerKeySpaceTrigger('a', 'p', 'x');"))
                .isEqualTo(err("Failed loading library: Third argument to 'registerKeySpaceTrigger' must be a function."));
        assertThat(load("re", "redis.registerKeySpaceTrigger('a', 5, () => 1);"))
                .isEqualTo(err("Failed loading library: Second argument to 'registerKeySpaceTrigger' must be a string or ArrayBuffer representing the prefix."));
        assertThat(load("re", "redis.registerKeySpaceTrigger('a', 'p', () => 1, {onTriggerFired: async () => 1});"))
                .isEqualTo(err("Failed loading library: 'onTriggerFired' argument to 'registerKeySpaceTrigger' must be a function."));
        assertThat(load("re", "redis.registerKeySpaceTrigger('a', 'p', () => 1); redis.registerKeySpaceTrigger('a', 'q', () => 1);"))
                .isEqualTo(err("Failed loading library: Notification consumer already exists."));
        assertThat(load("re", "redis.registerKeySpaceTrigger('a-b', 'p', () => 1);"))
                .isEqualTo(err("Failed loading library: Unallowed key space trigger name 'a-b', Unallowed char was given '-'.."));
        assertThat(load("re", "redis.registerStreamTrigger('a', 'p', 'x');"))
                .isEqualTo(err("Failed loading library: The fifth argument to 'registerStreamTrigger' must be a function."));
        assertThat(load("re", "redis.registerStreamTrigger('a', null, () => 1);"))
                .isEqualTo(err("Failed loading library: Second argument to 'registerStreamTrigger' must be a String or ArrayBuffer representing the prefix."));
        assertThat(load("re", "redis.registerStreamTrigger('a', 'p', () => 1, {window: 0});"))
                .isEqualTo(err("Failed loading library: window argument must be a positive number."));
        assertThat(load("re", "redis.registerStreamTrigger('a', 'p', () => 1, {window: 1.5});")).contains("Failed getting field window");
        assertThat(load("re", "redis.registerStreamTrigger('a', 'p', () => 1); redis.registerStreamTrigger('a', 'q', () => 1);"))
                .isEqualTo(err("Failed loading library: Stream registration already exists."));
        assertThat(load("re", "redis.registerStreamTrigger('a', 'p', () => 1, {foo: 1});")).contains("Unknown properties given: foo");
        assertThat(load("re", "redis.registerClusterFunction('cf', async () => 1);"))
                .isEqualTo(err("Neither function nor other registrations were found."));
        assertThat(load("re", "redis.registerClusterFunction('cf', () => 1); redis.registerFunction('f', () => 1);"))
                .isEqualTo(err("Failed loading library: Remote function must be async."));
    }

    @Test
    void streamTriggerWithTrimming() {
        String code = "var last = null;\n"
                + "redis.registerStreamTrigger('consumer', 'stream:', function(c, data) {\n"
                + "    last = data.stream_name + ' ' + data.id[0] + '-' + data.id[1] + ' ' +\n"
                + "           data.record[0][0] + '=' + data.record[0][1];\n"
                + "}, { isStreamTrimmed: true });\n"
                + "redis.registerFunction('last', function() { return last; });";
        assertThat(load("st", code)).isEqualTo(OK);
        assertThat(c.call("XADD", "stream:1", "1-1", "foo", "bar")).isEqualTo(bulk("1-1"));
        assertThat(c.call("XLEN", "stream:1")).isEqualTo(integer(0));
        assertThat(c.call("TFCALL", "st.last", "0")).isEqualTo(bulk("stream:1 1-1 foo=bar"));
        assertThat(c.call("EXISTS", "stream:1")).isEqualTo(integer(1));
        assertThat(listVv("st")).contains(bulk("id_to_read_from") + bulk("1-1"));
        // existing streams are consumed from their first entry when a library is loaded
        c.call("XADD", "old:s", "5-1", "a", "1");
        c.call("XADD", "old:s", "5-2", "b", "2");
        assertThat(load("st2", "var seen = [];\n"
                + "redis.registerStreamTrigger('c2', 'old:s', function(c, data) { seen.push(data.id.join('-')); });\n"
                + "redis.registerFunction('seen', () => seen.join(','));")).isEqualTo(OK);
        assertThat(c.call("TFCALL", "st2.seen", "0")).isEqualTo(bulk("5-1,5-2"));
        c.call("TFUNCTION", "DELETE", "st2");
        c.call("TFUNCTION", "DELETE", "st");
    }

    @Test
    void streamTriggerFailuresAndUpgrade() {
        assertThat(load("sf", "redis.registerStreamTrigger('consumer', 's:', function(c, data) {\n"
                + "    if (data.record[0][1] == 'bad') throw 'Error';\n"
                + "    c.call('incr', 'processed');\n"
                + "});")).isEqualTo(OK);
        c.call("XADD", "s:1", "1-1", "f", "bad");
        c.call("XADD", "s:1", "1-2", "f", "good");
        assertThat(c.call("GET", "processed")).isEqualTo(bulk("1"));
        assertThat(listVv("sf")).contains(bulk("last_error") + bulk("Error")).contains(bulk("total_record_processed") + integer(2));
        // a replacement keeps the progress of the same-named trigger
        assertThat(load("sf", "redis.registerStreamTrigger('consumer', 's:', function(c, data) { c.call('incr', 'v2'); });")).isEqualTo(OK);
        c.call("XADD", "s:1", "1-3", "f", "x");
        assertThat(c.call("GET", "v2")).isEqualTo(bulk("1"));
        assertThat(load("sf", "redis.registerStreamTrigger('consumer', 'other:', function(c, data) {});")).isEqualTo(err(
                "Failed loading library: Can not upgrade an existing consumer with different prefix, consumer: 'consumer', old_prefix: s:, new_prefix: other:.."));
        c.call("TFUNCTION", "DELETE", "sf");
    }

    @Test
    void expiredEventsFireOnTheVirtualClock() {
        assertThat(load("ex", "var events = [];\n"
                + "redis.registerKeySpaceTrigger('exp', 'exp:', (c, data) => { events.push(data.event + ':' + data.key); });\n"
                + "redis.registerFunction('events', () => events.join(','));")).isEqualTo(OK);
        redis.clock().freeze();
        assertThat(c.call("SET", "exp:1", "v", "PX", "100")).isEqualTo(OK);
        redis.clock().advance(java.time.Duration.ofSeconds(1));
        assertThat(c.call("TFCALL", "ex.events", "0")).isEqualTo(bulk("set:exp:1,expire:exp:1,expired:exp:1"));
        c.call("TFUNCTION", "DELETE", "ex");
    }

    @Test
    void triggersCheckTheLibraryUsersKeyPermissionsFirst() {
        // §8/§9: before a trigger runs on a key, the library's user needs every key permission on it
        assertThat(c.call("ACL", "SETUSER", "alice", "on", "nopass", "~cached:*", "%R~ro:*", "+@all")).isEqualTo(OK);
        try {
            assertThat(c.call("AUTH", "alice", "x")).isEqualTo(OK);
            assertThat(load("perm", "var fired = 0;\n"
                    + "redis.registerKeySpaceTrigger('test', '', function(client, data) {\n"
                    + "    return client.call('get', 'x');\n"
                    + "}, {onTriggerFired: () => { fired++; }});\n"
                    + "redis.registerStreamTrigger('st', '', function(c, data) {});\n"
                    + "redis.registerFunction('fired', () => fired, {flags: ['no-writes']});")).isEqualTo(OK);
            c.call("AUTH", "default", "x");
            assertThat(c.call("SET", "x", "1")).isEqualTo(OK);
            assertThat(listVv("perm")).contains(bulk("last_error")
                    + bulk("User 'alice' has no permissions on key 'x', User does not have permissions on key."));
            // onTriggerFired is not reached either
            assertThat(c.call("TFCALL", "perm.fired", "0")).isEqualTo(integer(0));
            // read-only access is not enough
            assertThat(c.call("SET", "ro:1", "1")).isEqualTo(OK);
            assertThat(listVv("perm")).contains(bulk("User 'alice' has no permissions on key 'ro:1', User does not have permissions on key."));
            // an allowed key passes the check; the callback's own GET x is then refused by ACL
            assertThat(c.call("SET", "cached:x", "1")).isEqualTo(OK);
            assertThat(c.call("TFCALL", "perm.fired", "0")).isEqualTo(integer(1));
            assertThat(listVv("perm")).contains(bulk("last_error") + bulk("NOPERM No permissions to access a key"))
                    .contains(bulk("num_failed") + integer(3) + bulk("num_finished") + integer(3) + bulk("num_success") + integer(0)
                            + bulk("num_trigger") + integer(3));
            // stream triggers: the entry is acknowledged with the same failure text
            c.call("XADD", "s", "1-1", "f", "v");
            assertThat(listVv("perm")).contains(bulk("last_error")
                    + bulk("User 'alice' has no permissions on key 's', User does not have permissions on key."));
            // a non-UTF-8 key is printed as [binary data]
            c.callBytes("SET".getBytes(), new byte[] {(byte) 0xaa}, "1".getBytes());
            assertThat(listVv("perm")).contains("User 'alice' has no permissions on key '[binary data]', User does not have permissions on key.");
            // the user deleted: ACL's own reason
            assertThat(c.call("ACL", "DELUSER", "alice")).isEqualTo(integer(1));
            assertThat(c.call("SET", "cached:y", "1")).isEqualTo(OK);
            assertThat(listVv("perm")).contains(bulk("User 'alice' has no permissions on key 'cached:y', User does not exists or disabled."));
        } finally {
            c.call("AUTH", "default", "x");
            c.call("TFUNCTION", "DELETE", "perm");
            c.call("ACL", "DELUSER", "alice");
        }
    }
}
