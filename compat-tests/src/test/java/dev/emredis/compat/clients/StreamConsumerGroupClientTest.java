package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.redisson.api.AutoClaimResult;
import org.redisson.api.PendingResult;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.StringCodec;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingSummary;

/**
 * A work queue on a stream consumer group, through Jedis, Lettuce (RESP3) and Redisson: two
 * workers read, one acknowledges, the other "crashes"; a third takes its pending entries over
 * with XAUTOCLAIM, and entries deleted meanwhile leave the pending list. IDs are explicit so both
 * servers give the same ones.
 */
class StreamConsumerGroupClientTest extends ClientServers {
    private static final List<String> EXPECTED = List.of(
            "c1 read [1-0, 2-0, 3-0]", "c2 read [4-0, 5-0]", "acked 3", "pending 2 2-0..3-0 {c1=2}",
            "c3 claimed [2-0 {item=2}, 3-0 {item=3}] next 0-0", "pending 2 2-0..3-0 {c3=2}",
            "c4 claimed [2-0 {item=2}] next 0-0", "pending 1 2-0..2-0 {c4=1}", "nothing new []");
    /**
     * Redisson 3.27 cannot decode XAUTOCLAIM's third element (7.0's deleted IDs) when it is not
     * empty, against real Redis as well: its worker takes the entries over with XCLAIM instead.
     */
    private static final List<String> EXPECTED_REDISSON = EXPECTED.stream()
            .map(l -> l.startsWith("c4 claimed") ? "c4 claimed [2-0 {item=2}] by XCLAIM" : l).toList();

    private static String pending(long count, Object low, Object high, Map<String, Long> consumers) {
        return "pending " + count + " " + low + ".." + high + " " + new TreeMap<>(consumers);
    }

    static List<String> jedis(String host, int port) {
        try (Jedis j = new Jedis(host, port)) {
            for (int i = 1; i <= 5; i++) j.xadd("orders", new StreamEntryID(i, 0), Map.of("item", String.valueOf(i)));
            j.xgroupCreate("orders", "workers", new StreamEntryID(0, 0), false);
            List<String> out = new ArrayList<>();
            out.add("c1 read " + ids(j.xreadGroup("workers", "c1", XReadGroupParams.xReadGroupParams().count(3),
                    Map.of("orders", StreamEntryID.UNRECEIVED_ENTRY)).get(0).getValue()));
            out.add("c2 read " + ids(j.xreadGroup("workers", "c2", XReadGroupParams.xReadGroupParams(),
                    Map.of("orders", StreamEntryID.UNRECEIVED_ENTRY)).get(0).getValue()));
            out.add("acked " + j.xack("orders", "workers", new StreamEntryID(1, 0), new StreamEntryID(4, 0), new StreamEntryID(5, 0)));
            StreamPendingSummary p = j.xpending("orders", "workers");
            out.add(pending(p.getTotal(), p.getMinId(), p.getMaxId(), p.getConsumerMessageCount()));
            Map.Entry<StreamEntryID, List<StreamEntry>> claimed = j.xautoclaim("orders", "workers", "c3", 0,
                    new StreamEntryID(0, 0), XAutoClaimParams.xAutoClaimParams().count(10));
            out.add("c3 claimed " + entries(claimed.getValue()) + " next " + claimed.getKey());
            p = j.xpending("orders", "workers");
            out.add(pending(p.getTotal(), p.getMinId(), p.getMaxId(), p.getConsumerMessageCount()));
            j.xdel("orders", new StreamEntryID(3, 0));
            claimed = j.xautoclaim("orders", "workers", "c4", 0, new StreamEntryID(0, 0), XAutoClaimParams.xAutoClaimParams());
            out.add("c4 claimed " + entries(claimed.getValue()) + " next " + claimed.getKey());
            p = j.xpending("orders", "workers");
            out.add(pending(p.getTotal(), p.getMinId(), p.getMaxId(), p.getConsumerMessageCount()));
            List<Map.Entry<String, List<StreamEntry>>> none = j.xreadGroup("workers", "c4", XReadGroupParams.xReadGroupParams(),
                    Map.of("orders", StreamEntryID.UNRECEIVED_ENTRY));
            out.add("nothing new " + (none == null ? List.of() : none));
            return out;
        }
    }

    private static List<String> ids(List<StreamEntry> entries) {
        List<String> l = new ArrayList<>();
        for (StreamEntry e : entries) l.add(e.getID().toString());
        return l;
    }

    private static List<String> entries(List<StreamEntry> entries) {
        List<String> l = new ArrayList<>();
        for (StreamEntry e : entries) l.add(e.getID() + " " + e.getFields());
        return l;
    }

    static List<String> lettuce(String host, int port) {
        RedisClient client = RedisClient.create(RedisURI.create(host, port));
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            for (int i = 1; i <= 5; i++) r.xadd("orders", new XAddArgs().id(i + "-0"), Map.of("item", String.valueOf(i)));
            r.xgroupCreate(XReadArgs.StreamOffset.from("orders", "0-0"), "workers");
            List<String> out = new ArrayList<>();
            out.add("c1 read " + lettuceIds(r.xreadgroup(Consumer.from("workers", "c1"), XReadArgs.Builder.count(3),
                    XReadArgs.StreamOffset.lastConsumed("orders"))));
            out.add("c2 read " + lettuceIds(r.xreadgroup(Consumer.from("workers", "c2"), XReadArgs.StreamOffset.lastConsumed("orders"))));
            out.add("acked " + r.xack("orders", "workers", "1-0", "4-0", "5-0"));
            PendingMessages p = r.xpending("orders", "workers");
            out.add(pending(p.getCount(), p.getMessageIds().getLower().getValue(), p.getMessageIds().getUpper().getValue(),
                    p.getConsumerMessageCount()));
            ClaimedMessages<String, String> claimed = r.xautoclaim("orders",
                    XAutoClaimArgs.Builder.xautoclaim(Consumer.from("workers", "c3"), Duration.ZERO, "0-0").count(10));
            out.add("c3 claimed " + lettuceEntries(claimed.getMessages()) + " next " + claimed.getId());
            p = r.xpending("orders", "workers");
            out.add(pending(p.getCount(), p.getMessageIds().getLower().getValue(), p.getMessageIds().getUpper().getValue(),
                    p.getConsumerMessageCount()));
            r.xdel("orders", "3-0");
            claimed = r.xautoclaim("orders", XAutoClaimArgs.Builder.xautoclaim(Consumer.from("workers", "c4"), Duration.ZERO, "0-0"));
            out.add("c4 claimed " + lettuceEntries(claimed.getMessages()) + " next " + claimed.getId());
            p = r.xpending("orders", "workers");
            out.add(pending(p.getCount(), p.getMessageIds().getLower().getValue(), p.getMessageIds().getUpper().getValue(),
                    p.getConsumerMessageCount()));
            out.add("nothing new " + lettuceIds(r.xreadgroup(Consumer.from("workers", "c4"), XReadArgs.StreamOffset.lastConsumed("orders"))));
            return out;
        } finally {
            client.shutdown();
        }
    }

    private static List<String> lettuceIds(List<StreamMessage<String, String>> messages) {
        List<String> l = new ArrayList<>();
        for (StreamMessage<String, String> m : messages) l.add(m.getId());
        return l;
    }

    private static List<String> lettuceEntries(List<StreamMessage<String, String>> messages) {
        List<String> l = new ArrayList<>();
        for (StreamMessage<String, String> m : messages) l.add(m.getId() + " " + m.getBody());
        return l;
    }

    static List<String> redisson(String host, int port) {
        RedissonClient client = redissonClient(host, port);
        try {
            RStream<String, String> s = client.getStream("orders", StringCodec.INSTANCE);
            for (int i = 1; i <= 5; i++) s.add(new StreamMessageId(i, 0), StreamAddArgs.entry("item", String.valueOf(i)));
            s.createGroup(StreamCreateGroupArgs.name("workers").id(new StreamMessageId(0, 0)));
            List<String> out = new ArrayList<>();
            out.add("c1 read " + new ArrayList<>(s.readGroup("workers", "c1", StreamReadGroupArgs.neverDelivered().count(3)).keySet()));
            out.add("c2 read " + new ArrayList<>(s.readGroup("workers", "c2", StreamReadGroupArgs.neverDelivered()).keySet()));
            out.add("acked " + s.ack("workers", new StreamMessageId(1, 0), new StreamMessageId(4, 0), new StreamMessageId(5, 0)));
            PendingResult p = s.getPendingInfo("workers");
            out.add(pending(p.getTotal(), p.getLowestId(), p.getHighestId(), p.getConsumerNames()));
            AutoClaimResult<String, String> claimed = s.autoClaim("workers", "c3", 0, TimeUnit.MILLISECONDS, new StreamMessageId(0, 0), 10);
            out.add("c3 claimed " + redissonEntries(claimed.getMessages()) + " next " + claimed.getNextId());
            p = s.getPendingInfo("workers");
            out.add(pending(p.getTotal(), p.getLowestId(), p.getHighestId(), p.getConsumerNames()));
            s.remove(new StreamMessageId(3, 0));
            out.add("c4 claimed " + redissonEntries(s.claim("workers", "c4", 0, TimeUnit.MILLISECONDS,
                    new StreamMessageId(2, 0), new StreamMessageId(3, 0))) + " by XCLAIM");
            p = s.getPendingInfo("workers");
            out.add(pending(p.getTotal(), p.getLowestId(), p.getHighestId(), p.getConsumerNames()));
            out.add("nothing new " + new ArrayList<>(s.readGroup("workers", "c4", StreamReadGroupArgs.neverDelivered()).keySet()));
            return out;
        } finally {
            client.shutdown();
        }
    }

    private static List<String> redissonEntries(Map<StreamMessageId, Map<String, String>> messages) {
        List<String> l = new ArrayList<>();
        for (Map.Entry<StreamMessageId, Map<String, String>> e : messages.entrySet()) l.add(e.getKey() + " " + e.getValue());
        return l;
    }

    @Test
    void jedisConsumerGroup() {
        assertThat(jedis(emulator.host(), emulator.port())).isEqualTo(EXPECTED).isEqualTo(jedis(real.host, real.port));
    }

    @Test
    void lettuceConsumerGroup() {
        assertThat(lettuce(emulator.host(), emulator.port())).isEqualTo(EXPECTED).isEqualTo(lettuce(real.host, real.port));
    }

    @Test
    void redissonConsumerGroup() {
        assertThat(redisson(emulator.host(), emulator.port())).isEqualTo(EXPECTED_REDISSON)
                .isEqualTo(redisson(real.host, real.port));
    }
}
