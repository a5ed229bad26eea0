package dev.emredis.internal.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/** Number parsing and printing with the exact rules of Redis's C helpers (string2ll, %.17g ...). */
public final class Num {
    private Num() {}

    /** Sentinel-free strict parse like Redis's string2ll; returns null when not a valid int64. */
    public static Long parseLong(byte[] b) {
        if (b.length == 0 || b.length > 20) return null;
        if (b.length == 1 && b[0] == '0') return 0L;
        int i = 0;
        boolean neg = false;
        if (b[0] == '-') {
            neg = true;
            i = 1;
            if (b.length == 1) return null;
        }
        if (b[i] < '1' || b[i] > '9') return null;
        long v = 0; // accumulate negatively to reach Long.MIN_VALUE
        for (; i < b.length; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return null;
            if (v < (Long.MIN_VALUE + d) / 10) return null;
            v = v * 10 - d;
        }
        if (!neg) {
            if (v == Long.MIN_VALUE) return null;
            return -v;
        }
        return v;
    }

    public static boolean isLong(byte[] b) {
        return parseLong(b) != null;
    }

    public static byte[] bytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parse like Redis's string2d/strtod: no surrounding spaces, whole string consumed, no NaN,
     * no overflow. Returns null if invalid.
     */
    public static Double parseDouble(byte[] b) {
        if (b.length == 0 || b.length > 5000 || Strtod.isSpace(b[0])) return null;
        int[] end = new int[1];
        Double d = Strtod.parse(b, b.length, end);
        if (d == null || end[0] != b.length || d.isNaN()) return null;
        // ERANGE: an overflow to inf (not an "inf" literal), an underflow to 0 (not a zero literal)
        if (d.isInfinite() && !isInfLiteral(b)) return null;
        if (d == 0 && !isZeroLiteral(b)) return null;
        return d;
    }

    private static int afterSign(byte[] b) {
        return b[0] == '-' || b[0] == '+' ? 1 : 0;
    }

    private static boolean isInfLiteral(byte[] b) {
        int i = afterSign(b);
        return i < b.length && (b[i] == 'i' || b[i] == 'I');
    }

    /** No non-zero digit before the exponent. */
    private static boolean isZeroLiteral(byte[] b) {
        for (int i = afterSign(b); i < b.length; i++) {
            byte c = b[i];
            if (c == 'e' || c == 'E' || c == 'p' || c == 'P') return true;
            if (c != '0' && c != '.' && c != 'x' && c != 'X') return false;
        }
        return true;
    }

    /** C's printf("%.17g"). */
    public static String g17(double d) {
        return formatG(d, 17);
    }

    /** C's printf("%.<precision>g") for finite and infinite values (inf, -inf, nan). */
    public static String formatG(double d, int precision) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        BigDecimal bd = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= precision) {
            BigDecimal mant = bd.movePointLeft(exp);
            String m = stripZeros(mant.toPlainString());
            String e = Integer.toString(Math.abs(exp));
            if (e.length() < 2) e = "0" + e;
            return m + "e" + (exp < 0 ? "-" : "+") + e;
        }
        return stripZeros(bd.toPlainString());
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) return s;
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }

    /** C's atoi/atol: optional blanks and sign, then leading digits; anything else ends it (0 if none). */
    public static long atoi(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) i++;
        boolean neg = false;
        if (i < b.length && (b[i] == '-' || b[i] == '+')) neg = b[i++] == '-';
        long v = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9' && v < Integer.MAX_VALUE) v = v * 10 + (b[i++] - '0');
        return neg ? -v : v;
    }
}
