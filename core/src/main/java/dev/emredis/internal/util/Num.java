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
        if (b.length == 0 || b.length > 5000) return null;
        String s = new String(b, StandardCharsets.ISO_8859_1);
        char c0 = s.charAt(0);
        if (Character.isWhitespace(c0)) return null;
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        boolean neg = s.startsWith("-");
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double d;
        if (lower.startsWith("0x")) {
            if (!lower.matches("0x([0-9a-f]+\\.?[0-9a-f]*|\\.[0-9a-f]+)(p[+-]?[0-9]+)?")) return null;
            String h = lower.contains("p") ? lower : lower + "p0";
            try {
                d = Double.parseDouble(h);
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            if (!lower.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?")) return null;
            d = Double.parseDouble(body);
        }
        if (Double.isInfinite(d)) return null; // ERANGE
        if (d == 0 && !isZeroLiteral(lower)) return null; // underflow is ERANGE too
        return neg ? -d : d;
    }

    private static boolean isZeroLiteral(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'e' || c == 'p') return true;
            if (c != '0' && c != '.' && c != 'x') return false;
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
