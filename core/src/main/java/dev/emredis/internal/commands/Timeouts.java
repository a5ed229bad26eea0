package dev.emredis.internal.commands;

import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.util.LongDouble;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Timeout arguments of blocking commands, read as Redis 7.0's getTimeoutFromObjectOrReply does. */
final class Timeouts {
    private Timeouts() {}

    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /**
     * A timeout in seconds (a long double) as an absolute deadline on the virtual clock in ms,
     * or 0 to wait forever. Redis rounds up to whole milliseconds; a value too large for a long
     * long becomes negative in the C cast (so "timeout is negative"), and a deadline that
     * overflows is never reached.
     */
    static long secondsDeadline(Ctx c, int i) {
        LongDouble v = LongDouble.parse(c.arg(i));
        if (v == null) throw new RedisError(Errors.TIMEOUT_NOT_FLOAT);
        if (v.isInfinite()) throw new RedisError(Errors.TIMEOUT_NEGATIVE);
        BigDecimal ms = v.toBigDecimal().multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING);
        if (ms.signum() < 0 || ms.compareTo(LONG_MAX) > 0) throw new RedisError(Errors.TIMEOUT_NEGATIVE);
        long t = ms.longValueExact();
        if (t == 0) return 0;
        long deadline = t + c.now();
        return deadline < 0 ? 0 : deadline;
    }
}
