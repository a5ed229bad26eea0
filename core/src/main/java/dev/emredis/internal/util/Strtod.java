package dev.emredis.internal.util;

/** glibc's strtod on bytes, shared by Redis's number parsing (Num) and Lua's (luaO_str2d). */
public final class Strtod {
    private Strtod() {}

    /** C's isspace. */
    public static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isHex(byte b) {
        return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static boolean matches(byte[] s, int p, int n, String word) {
        if (p + word.length() > n) return false;
        for (int i = 0; i < word.length(); i++) {
            if (Character.toLowerCase((char) s[p + i]) != word.charAt(i)) return false;
        }
        return true;
    }

    /**
     * C's strtod over the first {@code n} bytes: leading blanks, a sign, decimal with optional
     * exponent, hexadecimal (with fractions and binary exponents), "inf"/"infinity" and "nan" in
     * any case. Returns the value and in {@code end[0]} where parsing stopped, or null when nothing
     * was read. Out-of-range values become inf or 0, as strtod returns them.
     */
    public static Double parse(byte[] s, int n, int[] end) {
        int p = 0;
        while (p < n && isSpace(s[p])) p++;
        boolean neg = false;
        if (p < n && (s[p] == '+' || s[p] == '-')) neg = s[p++] == '-';
        double v;
        if (matches(s, p, n, "inf")) {
            p += matches(s, p, n, "infinity") ? 8 : 3;
            v = Double.POSITIVE_INFINITY;
        } else if (matches(s, p, n, "nan")) {
            p += 3;
            if (p < n && s[p] == '(') {
                int q = p + 1;
                while (q < n && (Character.isLetterOrDigit(s[q]) || s[q] == '_')) q++;
                if (q < n && s[q] == ')') p = q + 1;
            }
            v = Double.NaN;
        } else if (p + 1 < n && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X')
                && (p + 2 < n && (isHex(s[p + 2]) || (s[p + 2] == '.' && p + 3 < n && isHex(s[p + 3]))))) {
            int start = p + 2;
            int q = start;
            while (q < n && isHex(s[q])) q++;
            if (q < n && s[q] == '.') {
                q++;
                while (q < n && isHex(s[q])) q++;
            }
            String mant = new String(s, start, q - start, java.nio.charset.StandardCharsets.ISO_8859_1);
            String exp = "p0";
            if (q < n && (s[q] == 'p' || s[q] == 'P')) {
                int e = q + 1;
                if (e < n && (s[e] == '+' || s[e] == '-')) e++;
                if (e < n && isDigit(s[e])) {
                    while (e < n && isDigit(s[e])) e++;
                    exp = new String(s, q, e - q, java.nio.charset.StandardCharsets.ISO_8859_1);
                    q = e;
                }
            }
            p = q;
            v = Double.parseDouble("0x" + (mant.startsWith(".") ? "0" + mant : mant) + exp);
        } else {
            int start = p;
            int digits = 0;
            while (p < n && isDigit(s[p])) {
                p++;
                digits++;
            }
            if (p < n && s[p] == '.') {
                p++;
                while (p < n && isDigit(s[p])) {
                    p++;
                    digits++;
                }
            }
            if (digits == 0) {
                end[0] = 0;
                return null;
            }
            if (p < n && (s[p] == 'e' || s[p] == 'E')) {
                int e = p + 1;
                if (e < n && (s[e] == '+' || s[e] == '-')) e++;
                if (e < n && isDigit(s[e])) {
                    while (e < n && isDigit(s[e])) e++;
                    p = e;
                }
            }
            v = Double.parseDouble(new String(s, start, p - start, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        end[0] = p;
        return neg ? -v : v;
    }
}
