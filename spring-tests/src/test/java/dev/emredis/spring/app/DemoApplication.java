package dev.emredis.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Boot application as a user would have one: auto-configured Redis
 * ({@code StringRedisTemplate} on Lettuce) and a {@link CartService}. Its tests point
 * {@code spring.data.redis.*} at the emulator.
 */
@SpringBootApplication
public class DemoApplication {
}
