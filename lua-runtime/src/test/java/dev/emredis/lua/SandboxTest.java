package dev.emredis.lua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.EmulatorTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sandbox of spec §7 (globals, read-only tables, code loading): each script tries one escape
 * or touches one protected table; the expected replies were recorded from redis-server 7.0.15
 * (EVAL script 0, RESP2), error texts and "script: sha, on @user_script:line." suffix included.
 */
class SandboxTest extends EmulatorTest {
    static Stream<Arguments> cases() {
        String[][] c = {
            {"return print", "-ERR user_script:1: Script attempted to access nonexistent global variable 'print' script: df4c752a7558004676bbee87e38b92e0b9056d68, on @user_script:1.\r\n"},
            {"return loadfile", "-ERR user_script:1: Script attempted to access nonexistent global variable 'loadfile' script: a08fbe72c95f67027cc9b6349f5d335b598397b7, on @user_script:1.\r\n"},
            {"return dofile", "-ERR user_script:1: Script attempted to access nonexistent global variable 'dofile' script: 0c5f629ecf4a281cada464398cd571c2f6828b27, on @user_script:1.\r\n"},
            {"return require", "-ERR user_script:1: Script attempted to access nonexistent global variable 'require' script: 68c9d8918a98cebaec1948aff703e96c57af9fdd, on @user_script:1.\r\n"},
            {"return module", "-ERR user_script:1: Script attempted to access nonexistent global variable 'module' script: 2803774b6b78613fcfa3f4ce44070f589e937542, on @user_script:1.\r\n"},
            {"return package", "-ERR user_script:1: Script attempted to access nonexistent global variable 'package' script: bfab18646c3a65e87365badef4807726c27a0041, on @user_script:1.\r\n"},
            {"return io", "-ERR user_script:1: Script attempted to access nonexistent global variable 'io' script: badfe324d30f60abd2dbecf4d4b0f915038384e2, on @user_script:1.\r\n"},
            {"return os", "-ERR user_script:1: Script attempted to access nonexistent global variable 'os' script: f03b5ad6e7d58786b6a5e879efbea4a4408f5c2f, on @user_script:1.\r\n"},
            {"return debug", "-ERR user_script:1: Script attempted to access nonexistent global variable 'debug' script: 7f0eed9eaa523ec9e1ff69159f45a399473d9771, on @user_script:1.\r\n"},
            {"return luajava", "-ERR user_script:1: Script attempted to access nonexistent global variable 'luajava' script: 916b724f83234a7b614ff1489ac384e8b31a78f0, on @user_script:1.\r\n"},
            {"return rawlen", "-ERR user_script:1: Script attempted to access nonexistent global variable 'rawlen' script: ed47cb414b36a1a6d28657111c90e9969a0496fe, on @user_script:1.\r\n"},
            {"return bit32", "-ERR user_script:1: Script attempted to access nonexistent global variable 'bit32' script: bd18884cb7d54204d201b18bdc322eb5dd207013, on @user_script:1.\r\n"},
            {"return getfenv", "-ERR user_script:1: Script attempted to access nonexistent global variable 'getfenv' script: 16cfebc0feae9751eb6419326840e1512625eb36, on @user_script:1.\r\n"},
            {"return setfenv", "-ERR user_script:1: Script attempted to access nonexistent global variable 'setfenv' script: 3ffeb955c6323bb75eb872e0e1bc7214ea8780d9, on @user_script:1.\r\n"},
            {"return newproxy", "-ERR user_script:1: Script attempted to access nonexistent global variable 'newproxy' script: f77b925834a6a5cd4c3f954d604c77e44181c40f, on @user_script:1.\r\n"},
            {"return _ENV", "-ERR user_script:1: Script attempted to access nonexistent global variable '_ENV' script: a7645a0005288196cd111b706ea105523e19061d, on @user_script:1.\r\n"},
            {"return gcinfo ~= nil", ":1\r\n"},
            {"return nosuchname", "-ERR user_script:1: Script attempted to access nonexistent global variable 'nosuchname' script: ef5e1c6d4f0ef9e56ecf8af52c919a496c271a19, on @user_script:1.\r\n"},
            {"x = 5", "-ERR user_script:1: Attempt to modify a readonly table script: 818a330663e3c3e78469660421595218e5ab5c48, on @user_script:1.\r\n"},
            {"function foo() end", "-ERR user_script:1: Attempt to modify a readonly table script: bd1a756f2a366ca5ab2b4d19a66ce4fda5626f15, on @user_script:1.\r\n"},
            {"_G = {}", "-ERR user_script:1: Attempt to modify a readonly table script: 89dde19b7531a8ce7251955df304bbd72a1c003e, on @user_script:1.\r\n"},
            {"redis = 1", "-ERR user_script:1: Attempt to modify a readonly table script: 00cca49a9d18094f532f6d5cd3ecec29fc0fafd9, on @user_script:1.\r\n"},
            {"redis.call = 1", "-ERR user_script:1: Attempt to modify a readonly table script: 69f883616b1814e2dc95cf801f324e38c5cc5ed2, on @user_script:1.\r\n"},
            {"cjson.encode = 1", "-ERR user_script:1: Attempt to modify a readonly table script: 8217b76c7a501906264bfd0d432550aa1280439c, on @user_script:1.\r\n"},
            {"bit.band = 1", "-ERR user_script:1: Attempt to modify a readonly table script: c03887dd7cac7b521b5a4356f63c8d0986b99d36, on @user_script:1.\r\n"},
            {"struct.pack = 1", "-ERR user_script:1: Attempt to modify a readonly table script: 9a4eec6d051361e699c5392e7dc83af809e8d1f8, on @user_script:1.\r\n"},
            {"cmsgpack.pack = 1", "-ERR user_script:1: Attempt to modify a readonly table script: d6abb2226d9ca9ea3d8ca223aa3aebc3539d11ef, on @user_script:1.\r\n"},
            {"string.foo = 1", "-ERR user_script:1: Attempt to modify a readonly table script: 46f9bf166bc7e1ab2ed3b9de7b99c4e1e7dc1f7d, on @user_script:1.\r\n"},
            {"math.pi = 1", "-ERR user_script:1: Attempt to modify a readonly table script: 3964768616c12d8fc4a3dfa02d26b2827af1ccc5, on @user_script:1.\r\n"},
            {"table.insert = 1", "-ERR user_script:1: Attempt to modify a readonly table script: 784e5a8b0e930ecdeccd2542013f7413aad7bb23, on @user_script:1.\r\n"},
            {"coroutine.create = 1", "-ERR user_script:1: Attempt to modify a readonly table script: cb6cd0fcbc8bcf44ac59b37991c3ac4ef6f4342d, on @user_script:1.\r\n"},
            {"getmetatable('').__index = {}", "-ERR user_script:1: Attempt to modify a readonly table script: 600bbd8170b33df355d1857b51be5ad60f77ab7b, on @user_script:1.\r\n"},
            {"getmetatable(_G).__index = nil", "-ERR user_script:1: Attempt to modify a readonly table script: 1ec4f48ee3d02bfee5da8ba9aeab8a503d3032f1, on @user_script:1.\r\n"},
            {"setmetatable(_G, {})", "-ERR Attempt to modify a readonly table script: 0bf0a51fbb051c942113de0105d3f8e18cdcddb5, on @user_script:1.\r\n"},
            {"rawset(_G,'zzz',1)", "-ERR Attempt to modify a readonly table script: 8fadd8bcf3ae5bec8284932ae191968abcb933de, on @user_script:1.\r\n"},
            {"rawset(string,'x',1)", "-ERR Attempt to modify a readonly table script: d40e631b35efb3f7af3a86299524d322d9e868c7, on @user_script:1.\r\n"},
            {"rawset(redis,'call',1)", "-ERR Attempt to modify a readonly table script: 30e0507a07cf5c1ec0b6f95003ffce8872477c0d, on @user_script:1.\r\n"},
            {"table.insert(string, 1)", "-ERR Attempt to modify a readonly table script: 665a27be1dfc4d5eda6068dc8d831bb5fb63fa89, on @user_script:1.\r\n"},
            {"table.remove(redis)", "$-1\r\n"},
            {"table.sort(math)", "$-1\r\n"},
            {"setmetatable(string, {})", "-ERR Attempt to modify a readonly table script: f77b14463e19b108fd21de6f1ba202c4266299ca, on @user_script:1.\r\n"},
            {"return rawget(_G,'x')", "$-1\r\n"},
            {"return _G.x", "-ERR user_script:1: Script attempted to access nonexistent global variable 'x' script: a77ae67de163f975b1ed8463acc72469cf24a035, on @user_script:1.\r\n"},
            {"return _G.KEYS ~= nil", ":1\r\n"},
            {"local x = 5 return x", ":5\r\n"},
            {"local t = {} t.a = 1 return t.a", ":1\r\n"},
            {"local function f() return 7 end return f()", ":7\r\n"},
            {"local t = setmetatable({}, {__index=function() return 3 end}) return t.z", ":3\r\n"},
            {"return {loadstring(string.dump(function() return 1 end))}", "*0\r\n"},
            {"return loadstring(string.dump(function() return 1 end))()", "-ERR user_script:1: attempt to call a nil value script: 5dcb142d767eb350dbcc8f0ae66433b0e227f5a2, on @user_script:1.\r\n"},
            {"return loadstring('return 1 + 1')()", ":2\r\n"},
            {"return {loadstring('x=')}", "*0\r\n"},
            {"return _VERSION", "$7\r\nLua 5.1\r\n"},
            {"return type(load)", "$8\r\nfunction\r\n"},
            {"return pcall(function() x = 1 end)", "$-1\r\n"},
            {"return {pcall(function() x = 1 end)}", "*2\r\n$-1\r\n$49\r\nuser_script:1: Attempt to modify a readonly table\r\n"},
            {"return {pcall(rawset, _G, 'x', 1)}", "*2\r\n$-1\r\n$34\r\nAttempt to modify a readonly table\r\n"},
            {"return {pcall(function() return undefinedvar end)}", "*2\r\n$-1\r\n$84\r\nuser_script:1: Script attempted to access nonexistent global variable 'undefinedvar'\r\n"},
            {"local ok, e = pcall(function() local s = string; s.len = nil end) return e", "$49\r\nuser_script:1: Attempt to modify a readonly table\r\n"},
        };
        return Stream.of(c).map(x -> Arguments.of(x[0], x[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void escapeIsRefusedAsRedisRefusesIt(String script, String expected) {
        assertThat(c.call("EVAL", script, "0")).isEqualTo(expected);
    }
}
