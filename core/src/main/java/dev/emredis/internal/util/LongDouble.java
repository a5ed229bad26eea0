package dev.emredis.internal.util;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The x86-64 C {@code long double} (80-bit extended precision: 64-bit significand, exponents
 * 2^-16382..2^16383, subnormals down to 2^-16445) as Redis uses it for INCRBYFLOAT and
 * HINCRBYFLOAT. Finite values are held exactly ({@code m * 2^q}); every operation rounds
 * to nearest, ties to even, as the FPU does. Parsing follows Redis's string2ld (glibc strtold),
 * printing follows ld2string's "human" mode ({@code %.17Lf} without trailing zeros).
 */
public final class LongDouble {
    /** Redis's MAX_LONG_DOUBLE_CHARS: longer input is rejected. */
    public static final int MAX_CHARS = 5 * 1024;
    private static final int MANT_BITS = 64;
    /** Exponent of the smallest subnormal's unit. */
    private static final int MIN_Q = -16445;
    /** Values at or above 2^16384 overflow. */
    private static final int MAX_EXP = 16384;

    private static final Pattern DEC = Pattern.compile("([0-9]*)(?:\\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?");
    private static final Pattern HEX = Pattern.compile("0[xX]([0-9a-fA-F]*)(?:\\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?");

    public static final LongDouble ZERO = new LongDouble(0, BigInteger.ZERO, 0);
    private static final LongDouble POS_INF = new LongDouble(1, null, 0);
    private static final LongDouble NEG_INF = new LongDouble(-1, null, 0);

    /** -1, 0 or 1; for infinities the sign of the infinity. */
    private final int sign;
    /** Significand (non-negative), null for infinities. */
    private final BigInteger m;
    private final int q;

    private LongDouble(int sign, BigInteger m, int q) {
        this.sign = sign;
        this.m = m;
        this.q = q;
    }

    public boolean isInfinite() {
        return m == null;
    }

    /** Redis's string2ld: strtold over the whole input, no leading space, no NaN, no overflow or underflow to zero. */
    public static LongDouble parse(byte[] b) {
        if (b.length == 0 || b.length >= MAX_CHARS) return null;
        String s = new String(b, StandardCharsets.ISO_8859_1);
        char c0 = s.charAt(0);
        if (c0 == ' ' || (c0 >= '\t' && c0 <= '\r')) return null;
        int neg = 1;
        String body = s;
        if (c0 == '-' || c0 == '+') {
            neg = c0 == '-' ? -1 : 1;
            body = s.substring(1);
        }
        String lower = body.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) return neg < 0 ? NEG_INF : POS_INF;
        Matcher hx = HEX.matcher(body);
        if (hx.matches()) {
            String ip = hx.group(1);
            String fp = hx.group(2) == null ? "" : hx.group(2);
            if (ip.isEmpty() && fp.isEmpty()) return null; // "0x" alone: strtold stops after the 0
            BigInteger mant = new BigInteger(ip + fp, 16);
            long exp = -4L * fp.length();
            if (hx.group(3) != null) {
                Long e = parseExp(hx.group(3));
                if (e == null) return mant.signum() == 0 ? ZERO : null;
                exp += e;
            }
            if (mant.signum() == 0) return ZERO;
            long bits = mant.bitLength() + exp;
            if (bits > MAX_EXP) return null;
            if (bits < MIN_Q - 1) return null;
            return finite(exp >= 0 ? round(neg, mant.shiftLeft((int) exp), BigInteger.ONE, 0)
                    : round(neg, mant, BigInteger.ONE, (int) -exp));
        }
        Matcher dm = DEC.matcher(body);
        if (!dm.matches()) return null;
        String ip = dm.group(1);
        String fp = dm.group(2) == null ? "" : dm.group(2);
        if (ip.isEmpty() && fp.isEmpty()) return null;
        BigInteger digits = new BigInteger(ip + fp);
        long exp10 = -fp.length();
        if (dm.group(3) != null) {
            Long e = parseExp(dm.group(3));
            if (e == null) return digits.signum() == 0 ? ZERO : null;
            exp10 += e;
        }
        if (digits.signum() == 0) return ZERO;
        // Magnitude screen before building huge powers: 10^4933 overflows, below 10^-4952 is zero.
        long mag = digits.toString().length() + exp10;
        if (mag > 4934) return null;
        if (mag < -4952) return null;
        BigInteger num = digits;
        BigInteger den = BigInteger.ONE;
        if (exp10 >= 0) num = num.multiply(BigInteger.TEN.pow((int) exp10));
        else den = BigInteger.TEN.pow((int) -exp10);
        return finite(round(neg, num, den, 0));
    }

    /** strtold reports overflow (ERANGE with HUGE_VALL) and Redis rejects it. */
    private static LongDouble finite(LongDouble v) {
        return v == null || v.isInfinite() ? null : v;
    }

    /** An exponent in a literal; null when it is absurdly large (the value then over- or underflows). */
    private static Long parseExp(String e) {
        String d = e.startsWith("+") || e.startsWith("-") ? e.substring(1) : e;
        d = d.replaceFirst("^0+(?=.)", "");
        if (d.length() > 9) return null;
        long v = Long.parseLong(d);
        return e.startsWith("-") ? -v : v;
    }

    public static LongDouble of(long v) {
        if (v == 0) return ZERO;
        BigInteger b = BigInteger.valueOf(v);
        return round(b.signum(), b.abs(), BigInteger.ONE, 0);
    }

    /** Rounds sign * num / (den * 2^denShift) to the nearest long double; null when it over- or underflows. */
    private static LongDouble round(int sign, BigInteger num, BigInteger den, int denShift) {
        // e = floor(log2(num / (den * 2^denShift)))
        long e = (long) num.bitLength() - den.bitLength() - denShift;
        if (compareScaled(num, den, denShift, e) < 0) e--;
        long qq = Math.max(e - (MANT_BITS - 1), MIN_Q);
        // m = round(num / (den * 2^(denShift + qq)))
        BigInteger n = num;
        BigInteger d = den;
        long shift = denShift + qq;
        if (shift >= 0) d = d.shiftLeft((int) shift);
        else n = n.shiftLeft((int) -shift);
        BigInteger[] qr = n.divideAndRemainder(d);
        BigInteger mm = qr[0];
        int cmp = qr[1].shiftLeft(1).compareTo(d);
        if (cmp > 0 || (cmp == 0 && mm.testBit(0))) mm = mm.add(BigInteger.ONE);
        if (mm.bitLength() > MANT_BITS) {
            mm = mm.shiftRight(1);
            qq++;
        }
        if (mm.signum() == 0) return null; // underflow to zero: ERANGE
        if (mm.bitLength() + qq > MAX_EXP) return sign < 0 ? NEG_INF : POS_INF;
        return new LongDouble(sign, mm, (int) qq);
    }

    /** Compares num / (den * 2^denShift) with 2^e. */
    private static int compareScaled(BigInteger num, BigInteger den, int denShift, long e) {
        long s = e + denShift;
        if (s >= 0) return num.compareTo(den.shiftLeft((int) s));
        return num.shiftLeft((int) -s).compareTo(den);
    }

    /** The sum rounded to long double; infinities as IEEE adds them, null for NaN (inf + -inf). */
    public LongDouble add(LongDouble o) {
        if (isInfinite() || o.isInfinite()) {
            if (isInfinite() && o.isInfinite() && sign != o.sign) return null;
            return isInfinite() ? this : o;
        }
        if (sign == 0) return o;
        if (o.sign == 0) return this;
        int minQ = Math.min(q, o.q);
        BigInteger a = m.shiftLeft(q - minQ);
        if (sign < 0) a = a.negate();
        BigInteger b = o.m.shiftLeft(o.q - minQ);
        if (o.sign < 0) b = b.negate();
        BigInteger sum = a.add(b);
        if (sum.signum() == 0) return ZERO;
        if (minQ >= 0) return round(sum.signum(), sum.abs().shiftLeft(minQ), BigInteger.ONE, 0);
        return round(sum.signum(), sum.abs(), BigInteger.ONE, -minQ);
    }

    /** The exact value (finite only). */
    public BigDecimal toBigDecimal() {
        if (sign == 0) return BigDecimal.ZERO;
        BigDecimal v = q >= 0
                ? new BigDecimal(m.shiftLeft(q))
                : new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-q)), -q);
        return sign < 0 ? v.negate() : v;
    }

    /** ld2string in human mode: {@code %.17Lf}, trailing zeros (and a bare point) removed, "-0" as "0". */
    public String toHumanString() {
        if (isInfinite()) return sign > 0 ? "inf" : "-inf";
        return humanString(toBigDecimal());
    }

    /** ld2string's human mode for an exact finite value: {@code %.17Lf}, trailing zeros removed, "-0" as "0". */
    public static String humanString(BigDecimal value) {
        String s = value.setScale(17, java.math.RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') end--;
            if (s.charAt(end - 1) == '.') end--;
            s = s.substring(0, end);
        }
        if (s.equals("-0")) s = "0";
        return s;
    }
}
