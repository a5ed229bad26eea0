package dev.emredis.spring.app;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/** Shopping carts in Redis hashes ({@code cart:<user>}: item to quantity), kept 30 minutes after the last change. */
@Service
public class CartService {
    static final Duration TTL = Duration.ofMinutes(30);

    private final StringRedisTemplate redis;

    public CartService(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Adds {@code quantity} of {@code item}; returns the new quantity. */
    public long add(String user, String item, long quantity) {
        String key = "cart:" + user;
        Long n = redis.opsForHash().increment(key, item, quantity);
        redis.expire(key, TTL);
        return n;
    }

    /** The cart, item to quantity (empty when it expired or never existed). */
    public Map<String, Long> items(String user) {
        Map<String, Long> items = new TreeMap<>();
        redis.<String, String>opsForHash().entries("cart:" + user).forEach((k, v) -> items.put(k, Long.parseLong(v)));
        return items;
    }

    /** Seconds until the cart expires (-2 when there is none). */
    public long secondsLeft(String user) {
        return redis.getExpire("cart:" + user);
    }
}
