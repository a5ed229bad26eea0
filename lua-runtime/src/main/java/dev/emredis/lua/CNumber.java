package dev.emredis.lua;

import dev.emredis.internal.util.Strtod;

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
        // a failed strtod stopping at an 'x' ("0x" without digits) retries as strtoul base 16,
        // which reads the same "0" and stops at the 'x' too, then not a blank: no number
        Double d = Strtod.parse(s, n, end);
        if (d == null) return null;
        int p = end[0];
        while (p < n && Strtod.isSpace(s[p])) p++;
        return p == n ? d : null;
    }

}
