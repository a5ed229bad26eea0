package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Random picks (SPOP, SRANDMEMBER, HRANDFIELD, ZRANDMEMBER, RANDOMKEY) follow Redis's count
 * contract, and the builder's seed makes a whole run repeatable.
 */
class RandomnessTest {
    private static List<String> run(long seed) {
        List<String> replies = new ArrayList<>();
        try (RedisEmulator redis = RedisEmulator.builder().seed(seed).build().start();
             RespClient c = new RespClient(redis)) {
            List<String> members = new ArrayList<>(List.of("SADD", "s"));
            List<String> fields = new ArrayList<>(List.of("HSET", "h"));
            List<String> scores = new ArrayList<>(List.of("ZADD", "z"));
            for (int i = 0; i < 300; i++) {
                members.add("m" + i);
                fields.add("f" + i);
                fields.add("v" + i);
                scores.add(String.valueOf(i));
                scores.add("e" + i);
                c.call("SET", "k" + i, "x");
            }
            c.call(members.toArray(new String[0]));
            c.call(fields.toArray(new String[0]));
            c.call(scores.toArray(new String[0]));
            for (int i = 0; i < 20; i++) {
                replies.add(c.call("SPOP", "s"));
                replies.add(c.call("SPOP", "s", "3"));
                replies.add(c.call("SRANDMEMBER", "s", "-5"));
                replies.add(c.call("SRANDMEMBER", "s", "5"));
                replies.add(c.call("HRANDFIELD", "h", "4", "WITHVALUES"));
                replies.add(c.call("HRANDFIELD", "h", "-4"));
                replies.add(c.call("ZRANDMEMBER", "z", "3", "WITHSCORES"));
                replies.add(c.call("ZRANDMEMBER", "z", "-3"));
                replies.add(c.call("RANDOMKEY"));
            }
        }
        return replies;
    }

    @Test
    void theSameSeedRepeatsARun() {
        List<String> a = run(1234);
        assertThat(run(1234)).isEqualTo(a);
        assertThat(run(99)).isNotEqualTo(a);
    }

    @Test
    void countsFollowRedissContract() {
        try (RedisEmulator redis = RedisEmulator.builder().seed(5).build().start();
             RespClient c = new RespClient(redis)) {
            c.call("SADD", "s", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
            for (int i = 0; i < 50; i++) {
                // a positive count gives distinct members, a negative one exactly that many
                List<String> distinct = bulks(c.call("SRANDMEMBER", "s", "7"));
                assertThat(distinct).hasSize(7).doesNotHaveDuplicates();
                assertThat(bulks(c.call("SRANDMEMBER", "s", "-30"))).hasSize(30);
            }
            // repeats do happen with a negative count
            assertThat(new HashSet<>(bulks(c.call("SRANDMEMBER", "s", "-30"))).size()).isLessThanOrEqualTo(10);
            assertThat(c.call("SCARD", "s")).isEqualTo(":10\r\n");
            List<String> popped = bulks(c.call("SPOP", "s", "4"));
            assertThat(popped).hasSize(4).doesNotHaveDuplicates();
            assertThat(c.call("SCARD", "s")).isEqualTo(":6\r\n");
        }
    }

    private static List<String> bulks(String reply) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\$\\d+\r\n([^\r]*)\r\n").matcher(reply);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
