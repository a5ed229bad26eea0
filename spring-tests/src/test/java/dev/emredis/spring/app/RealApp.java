package dev.emredis.spring.app;

import dev.emredis.spring.RealRedis;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same {@link DemoApplication}, started outside the test's own context and pointed at a real
 * redis-server, so a test can compare what the application sees on both servers.
 */
final class RealApp implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private RealApp(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static RealApp on(RealRedis real) {
        return new RealApp(new SpringApplicationBuilder(DemoApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.data.redis.host=" + real.host, "spring.data.redis.port=" + real.port)
                .run());
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    /** The exception and its causes, class and message of each. */
    static String describe(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (b.length() > 0) b.append(" <- ");
            b.append(c.getClass().getName()).append(": ").append(c.getMessage());
        }
        return b.toString();
    }
}
