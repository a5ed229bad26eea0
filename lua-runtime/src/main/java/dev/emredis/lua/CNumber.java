package dev.emredis.lua;

/**
 * Lua 5.1's luaO_str2d on top of glibc's strtod, which tonumber() uses: blanks around the
 * number, a sign, decimal with optional exponent, hexadecimal (with glibc also hex fractions and
 * binary exponents: "0x1p4" is 16), "inf"/"infinity" and "nan" in any case; a failed parse
 * stopping at an 'x' retries as strtoul base 16 (so "0x" is not a number). Out-of-range values
 * become inf or 0 as strtod returns them. LuaJ's scanner refused signed hex, inf and nan, read
 * "-0" as 0 and threw on "0x".
 */
public final class CNumber {
    private CNumber() {}

    /** The number in {@code s} (read up to a NUL, as C sees the string), or null. */
    static Double str2d(byte[] s) {
        return str2d(s, 0, s.length);
    }

    /** {@link #str2d(byte[])} of {@code len} bytes of {@code b} from {@code off}. */
    public static Double str2d(byte[] b, int off, int len) {
        byte[] s = off == 0 && len == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + len);
        int n = 0;
        while (n < s.length && s[n] != 0) n++;
        int[] end = new int[1];
        Double d = strtod(s, n, end);
        if (d == null) return null;
        int p = end[0];
        while (p < n && isSpace(s[p])) p++;
        return p == n ? d : null;
    }

    private static boolean isSpace(byte b) {
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

    /** strtod: the value and in end[0] where parsing stopped; null when nothing was read. */
    private static Double strtod(byte[] s, int n, int[] end) {
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
            // luaO_str2d: strtod stopped at an 'x' ("0x" without digits): strtoul base 16 reads
            // the same "0" and stops at the 'x' too, which is then not a blank: no number.
        }
        end[0] = p;
        return neg ? -v : v;
    }
}
