package dev.emredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emredis.testing.RespClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RedisEmulatorTest {
    @Test
    void startsOnARandomPortWithUri() {
        try (RedisEmulator r = RedisEmulator.builder().build().start()) {
            assertThat(r.host()).isEqualTo("127.0.0.1");
            assertThat(r.port()).isPositive();
            assertThat(r.uri()).isEqualTo("redis://127.0.0.1:" + r.port());
            assertThat(r.start()).isSameAs(r);
        }
    }

    @Test
    void startupConfigIncludesImmutableParameters() {
        try (RedisEmulator r = RedisEmulator.builder().config("databases", "4").config("enable-debug-command", "yes").build().start();
             RespClient c = new RespClient(r)) {
            assertThat(c.call("SELECT", "4")).isEqualTo("-ERR DB index is out of range\r\n");
            assertThat(c.call("SELECT", "3")).isEqualTo("+OK\r\n");
            assertThat(c.call("DEBUG", "SLEEP", "0")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void invalidStartupConfigFailsStart() {
        RedisEmulator r = RedisEmulator.builder().config("no-such-option", "1").build();
        assertThatThrownBy(r::start).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clockAdvancesSetsAndFreezes() {
        Clock clock = new Clock();
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        clock.freeze().set(t);
        assertThat(clock.instant()).isEqualTo(t);
        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.millis()).isEqualTo(t.toEpochMilli() + 90_000);
        clock.useSystemTime();
        assertThat(clock.isVirtual()).isFalse();
        assertThat(Math.abs(clock.millis() - System.currentTimeMillis())).isLessThan(5_000);
    }

    @Test
    void usingAClosedEmulatorFails() {
        RedisEmulator r = RedisEmulator.builder().build().start();
        r.close();
        assertThat(r.isClosed()).isTrue();
        assertThatThrownBy(r::start).isInstanceOf(IllegalStateException.class);
    }
}
