package dev.emredis.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.emredis.Journal;
import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Spring Data Redis's {@link DefaultRedisScript} through {@code RedisTemplate.execute(script,
 * keys, args)}, with the Lettuce and the Jedis connection factory, on the emulator and on a real
 * redis-server. Spring sends EVALSHA first and, on NOSCRIPT, the same script with EVAL; the
 * emulator's journal shows that sequence (and again after SCRIPT FLUSH), and INFO commandstats
 * counts the same calls and failures on both servers.
 */
class DefaultRedisScriptTest {
    static final RedisScript<Long> INCR_BY = RedisScript.of("return redis.call('incrby', KEYS[1], ARGV[1])", Long.class);
    static final RedisScript<List> KEY_AND_VALUE = RedisScript.of("return {KEYS[1], redis.call('get', KEYS[1])}", List.class);
    static final DefaultRedisScript<Boolean> RATE_LIMIT = new DefaultRedisScript<>();
    static {
        RATE_LIMIT.setLocation(new ClassPathResource("scripts/rate_limit.lua"));
        RATE_LIMIT.setResultType(Boolean.class);
    }

    enum Client { LETTUCE, JEDIS }

    private RedisEmulator emulator;
    private RealRedis real;

    @BeforeEach
    void servers() {
        real = RealRedis.get();
        try (RespClient c = real.connect()) {
            c.call("FLUSHALL");
            c.call("SCRIPT", "FLUSH");
            c.call("CONFIG", "RESETSTAT");
        }
        emulator = RedisEmulator.builder().build().start(); // a fresh server: empty script cache
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    static RedisConnectionFactory factory(Client client, String host, int port) {
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(host, port);
        if (client == Client.LETTUCE) {
            LettuceConnectionFactory f = new LettuceConnectionFactory(config);
            f.afterPropertiesSet();
            f.start();
            return f;
        }
        JedisConnectionFactory f = new JedisConnectionFactory(config);
        f.afterPropertiesSet();
        f.start();
        return f;
    }

    static void destroy(RedisConnectionFactory f) {
        if (f instanceof LettuceConnectionFactory l) l.destroy();
        if (f instanceof JedisConnectionFactory j) j.destroy();
    }

    /** What an application sees: script results, with a SCRIPT FLUSH in the middle. */
    private static List<Object> scripts(Client client, String host, int port) {
        RedisConnectionFactory factory = factory(client, host, port);
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            List<Object> seen = new ArrayList<>();
            seen.add(template.execute(INCR_BY, List.of("counter"), "5"));  // EVALSHA -> NOSCRIPT, EVAL
            seen.add(template.execute(INCR_BY, List.of("counter"), "2"));  // EVALSHA
            template.opsForValue().set("greeting", "hello");
            seen.add(template.execute(KEY_AND_VALUE, List.of("greeting"))); // EVALSHA -> NOSCRIPT, EVAL
            for (int i = 0; i < 3; i++) {
                seen.add(template.execute(RATE_LIMIT, List.of("rate:alice"), "2", "60")); // NOSCRIPT + EVAL once, then EVALSHA
            }
            seen.add(template.getExpire("rate:alice") > 0);
            template.execute((RedisCallback<Void>) c -> {
                c.scriptingCommands().scriptFlush();
                return null;
            });
            seen.add(template.execute(INCR_BY, List.of("counter"), "1"));  // EVALSHA -> NOSCRIPT, EVAL
            seen.add(template.execute(INCR_BY, List.of("counter"), "1"));  // EVALSHA
            // an error inside the script: Spring's exception, with Redis's text (script sha and line)
            Throwable t = catchThrowable(() -> template.execute(INCR_BY, List.of("greeting"), "1"));
            seen.add(describe(t));
            return seen;
        } finally {
            destroy(factory);
        }
    }

    /** The exception and its causes: class and message of each. */
    static String describe(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (b.length() > 0) b.append(" <- ");
            b.append(c.getClass().getName()).append(": ").append(c.getMessage());
        }
        return b.toString();
    }

    /** calls and failed_calls of EVAL and EVALSHA from INFO commandstats. */
    private static List<String> evalStats(String info) {
        List<String> stats = new ArrayList<>();
        for (String cmd : List.of("eval", "evalsha")) {
            Matcher m = Pattern.compile("cmdstat_" + cmd + ":calls=(\\d+),.*failed_calls=(\\d+)").matcher(info);
            stats.add(cmd + " " + (m.find() ? m.group(1) + " calls, " + m.group(2) + " failed" : "none"));
        }
        return stats;
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void evalshaThenEvalOnNoscript(Client client) {
        List<Object> onEmulator = scripts(client, emulator.host(), emulator.port());
        List<Object> onReal = scripts(client, real.host, real.port);
        assertThat(onEmulator).isEqualTo(onReal);
        assertThat(onEmulator.subList(0, 8)).containsExactly(5L, 7L, List.of("greeting", "hello"), true, true, false, true, 8L);
        assertThat(onEmulator.get(8)).isEqualTo(9L);
        assertThat((String) onEmulator.get(9)).contains("ERR value is not an integer or out of range script: ");

        // the commands Spring sent, as the emulator's journal recorded them
        List<String> scriptCommands = emulator.journal().commands().stream()
                .filter(e -> e.is("EVAL") || e.is("EVALSHA") || e.is("SCRIPT"))
                .map(e -> (e.subcommand() == null ? e.command() : e.command() + " " + e.subcommand())
                        + (e.replyKind() == Journal.ReplyKind.OK ? "" : " -> " + e.errorCode()))
                .toList();
        assertThat(scriptCommands).containsExactly(
                "EVALSHA -> NOSCRIPT", "EVAL", "EVALSHA",  // INCR_BY: the first call loads it by EVAL
                "EVALSHA -> NOSCRIPT", "EVAL",             // KEY_AND_VALUE
                "EVALSHA -> NOSCRIPT", "EVAL", "EVALSHA", "EVALSHA", // RATE_LIMIT, three calls
                "SCRIPT FLUSH",
                "EVALSHA -> NOSCRIPT", "EVAL", "EVALSHA",  // after the flush: loaded again
                "EVALSHA -> ERR");                         // the script's own error
        assertThat(emulator.journal().count("EVALSHA")).isEqualTo(9);
        assertThat(emulator.journal().count("EVAL")).isEqualTo(4);

        // real Redis counted the same calls and failures
        List<String> emulatorStats = evalStats(new RespClient(emulator).call("INFO", "commandstats"));
        List<String> realStats = evalStats(real.call("INFO", "commandstats"));
        assertThat(emulatorStats).isEqualTo(realStats).containsExactly("eval 4 calls, 0 failed", "evalsha 9 calls, 5 failed");
    }
}
