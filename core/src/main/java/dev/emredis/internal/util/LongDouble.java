package dev.emredis.internal.util;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Redis computes INCRBYFLOAT and HINCRBYFLOAT in C {@code long double} (x87 80-bit: 64-bit
 * significand, 15-bit exponent) and prints with {@code "%.17Lf"} minus trailing zeros. This class
 * reproduces that arithmetic exactly: values are kept as {@code significand * 2^exponent} with
 * round-half-even to 64 bits after every operation, so replies equal Redis's digit for digit.
 */
public final class LongDouble {
    private static final int BITS = 64;
    /** Largest finite exponent of the leading bit (2^16383 <= max < 2^16384). */
    private static final int MAX_EXP = 16383;
    /** Smallest exponent of the least significant bit (subnormals go down to 2^-16445). */
    private static final int MIN_LSB_EXP = -16445;

    /** Sign and magnitude; {@code mant == 0} is zero, {@code infinite} wins over the rest. */
    private final boolean negative;
    private final BigInteger mant;
    private final int exp;
    private final boolean infinite;

    private LongDouble(boolean negative, BigInteger mant, int exp, boolean infinite) {
        this.negative = negative;
        this.mant = mant;
        this.exp = exp;
        this.infinite = infinite;
    }

    public boolean isInfinite() {
        return infinite;
    }

    public static LongDouble of(long v) {
        return round(v < 0, BigInteger.valueOf(v).abs(), BigInteger.ONE, 0);
    }

    /**
     * Parses like Redis's string2ld (strtold): no leading space, the whole string, not NaN, and not
     * out of range (overflow, or an underflow all the way to zero). Returns null when invalid.
     */
    public static LongDouble parse(byte[] b) {
        if (b.length == 0 || b.length >= 5 * 1024) return null;
        String s = new String(b, StandardCharsets.ISO_8859_1);
        if (Character.isWhitespace(s.charAt(0))) return null;
        boolean neg = s.startsWith("-");
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) return new LongDouble(neg, BigInteger.ZERO, 0, true);
        BigDecimal exact;
        if (lower.startsWith("0x")) {
            Double d = Num.parseDouble(b);
            if (d == null) return null;
            exact = new BigDecimal(Math.abs(d));
        } else {
            if (!lower.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]{1,9})?")) return null;
            try {
                exact = new BigDecimal(body);
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
        }
        if (exact.signum() == 0) return new LongDouble(neg, BigInteger.ZERO, 0, false);
        // Beyond these the value is certainly out of long double range (ERANGE).
        int mag = exact.precision() - exact.scale();
        if (mag > 4940) return null;
        if (mag < -4960) return null;
        BigInteger num;
        BigInteger den;
        if (exact.scale() <= 0) {
            num = exact.unscaledValue().multiply(BigInteger.TEN.pow(-exact.scale()));
            den = BigInteger.ONE;
        } else {
            num = exact.unscaledValue();
            den = BigInteger.TEN.pow(exact.scale());
        }
        LongDouble r = round(neg, num, den, 0);
        if (r.infinite || r.mant.signum() == 0) return null;
        return r;
    }

    /** Rounds {@code num/den * 2^shift} to a long double (half-even, with subnormals and overflow). */
    private static LongDouble round(boolean neg, BigInteger num, BigInteger den, int shift) {
        if (num.signum() == 0) return new LongDouble(neg, BigInteger.ZERO, 0, false);
        // choose k so that q = floor(num * 2^k / den) has at least BITS + 2 bits
        int k = BITS + 2 - (num.bitLength() - den.bitLength());
        BigInteger[] qr = (k >= 0 ? num.shiftLeft(k) : num).divideAndRemainder(k >= 0 ? den : den.shiftLeft(-k));
        BigInteger q = qr[0];
        boolean sticky = qr[1].signum() != 0;
        int e = shift - k; // value ~ q * 2^e
        int drop = q.bitLength() - BITS;
        int msbExp = e + q.bitLength() - 1;
        // subnormal: the least significant kept bit may not go below MIN_LSB_EXP
        if (e + drop < MIN_LSB_EXP) drop = MIN_LSB_EXP - e;
        if (drop > 0) {
            if (drop > q.bitLength() + 1) {
                return new LongDouble(neg, BigInteger.ZERO, 0, false);
            }
            BigInteger kept = q.shiftRight(drop);
            boolean half = q.testBit(drop - 1);
            boolean rest = sticky || q.getLowestSetBit() < drop - 1;
            if (half && (rest || kept.testBit(0))) kept = kept.add(BigInteger.ONE);
            q = kept;
            e += drop;
            if (q.bitLength() > BITS) {
                q = q.shiftRight(1);
                e++;
            }
        }
        msbExp = e + q.bitLength() - 1;
        if (q.signum() != 0 && msbExp > MAX_EXP) return new LongDouble(neg, BigInteger.ZERO, 0, true);
        return new LongDouble(neg, q, e, false);
    }

    /** this + other, rounded as the FPU does. */
    public LongDouble add(LongDouble o) {
        if (infinite || o.infinite) {
            if (infinite && o.infinite && negative != o.negative) return null; // NaN
            return infinite ? this : o;
        }
        int e = Math.min(exp, o.exp);
        BigInteger a = mant.shiftLeft(exp - e);
        BigInteger b = o.mant.shiftLeft(o.exp - e);
        BigInteger sum = (negative ? a.negate() : a).add(o.negative ? b.negate() : b);
        if (sum.signum() == 0) return new LongDouble(negative && o.negative, BigInteger.ZERO, 0, false);
        return round(sum.signum() < 0, sum.abs(), BigInteger.ONE, e);
    }

    /** {@code "%.17Lf"} with trailing zeros (and a trailing dot) removed; "-0" becomes "0". */
    public String toHumanString() {
        BigDecimal v;
        if (exp >= 0) {
            v = new BigDecimal(mant.shiftLeft(exp));
        } else {
            v = new BigDecimal(mant.multiply(BigInteger.valueOf(5).pow(-exp)), -exp);
        }
        String s = v.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        s = s.substring(0, end);
        if (negative && !s.equals("0")) s = "-" + s;
        return s;
    }
}
