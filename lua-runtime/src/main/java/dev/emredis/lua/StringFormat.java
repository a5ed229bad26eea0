package dev.emredis.lua;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1's string.format: each {@code %[flags][width][.precision]conv} item is handed to C's
 * sprintf ({@code d i} as a 64-bit long, {@code o u x X} unsigned, {@code c} a byte, {@code e E f
 * g G} a double, {@code s} a string, {@code q} Lua-quoted). LuaJ formats floating point with
 * Java's rules (string.format('%.3f', 1.5) gave "1.5"); this class follows printf.
 * Flags are {@code -+ #0}, width and precision have at most two digits each.
 */
final class StringFormat {
    private StringFormat() {}

    private static final String FLAGS = "-+ #0";

    static Varargs format(Varargs a) {
        byte[] f = Conversions.bytes(a.checkstring(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream(f.length + 16);
        int arg = 1;
        int top = a.narg();
        for (int p = 0; p < f.length; ) {
            byte ch = f[p++];
            if (ch != '%') {
                out.write(ch);
                continue;
            }
            if (p < f.length && f[p] == '%') {
                out.write('%');
                p++;
                continue;
            }
            if (++arg > top) throw Fn.argError(arg, "format", "no value");
            // scanformat
            int start = p;
            while (p < f.length && FLAGS.indexOf(f[p]) >= 0) p++;
            if (p - start >= FLAGS.length() + 1) throw ScriptError.positioned("invalid format (repeated flags)");
            String flags = new String(f, start, p - start, StandardCharsets.ISO_8859_1);
            int width = -1;
            int precision = -1;
            if (p < f.length && isDigit(f[p])) width = f[p++] - '0';
            if (p < f.length && isDigit(f[p])) width = width * 10 + f[p++] - '0';
            if (p < f.length && f[p] == '.') {
                p++;
                precision = 0;
                if (p < f.length && isDigit(f[p])) precision = f[p++] - '0';
                if (p < f.length && isDigit(f[p])) precision = precision * 10 + f[p++] - '0';
            }
            if (p < f.length && isDigit(f[p])) throw ScriptError.positioned("invalid format (width or precision too long)");
            char conv = p < f.length ? (char) (f[p++] & 0xff) : '\0';
            Spec s = new Spec(flags, width, precision);
            switch (conv) {
                case 'c': {
                    byte b = (byte) (int) cLong(number(a, arg));
                    // sprintf's result is read up to its first NUL: "%c" of 0 adds nothing
                    String pad = s.width > 1 ? " ".repeat(s.width - 1) : "";
                    if (s.left) {
                        if (b != 0) {
                            out.write(b);
                            out.writeBytes(ascii(pad));
                        }
                    } else {
                        out.writeBytes(ascii(pad));
                        if (b != 0) out.write(b);
                    }
                    break;
                }
                case 'd':
                case 'i':
                    out.writeBytes(ascii(integer(s, cLong(number(a, arg)), false, 10, false)));
                    break;
                case 'o':
                    out.writeBytes(ascii(integer(s, cLong(number(a, arg)), true, 8, false)));
                    break;
                case 'u':
                    out.writeBytes(ascii(integer(s, cLong(number(a, arg)), true, 10, false)));
                    break;
                case 'x':
                case 'X':
                    out.writeBytes(ascii(integer(s, cLong(number(a, arg)), true, 16, conv == 'X')));
                    break;
                case 'e':
                case 'E':
                case 'f':
                case 'g':
                case 'G':
                    out.writeBytes(ascii(floating(s, number(a, arg), conv)));
                    break;
                case 'q':
                    quoted(out, Conversions.bytes(a.checkstring(arg)));
                    break;
                case 's': {
                    byte[] str = Conversions.bytes(a.checkstring(arg));
                    if (s.precision < 0 && str.length >= 100) {
                        out.writeBytes(str);
                        break;
                    }
                    out.writeBytes(string(s, str));
                    break;
                }
                default:
                    throw ScriptError.positioned("invalid option '%" + conv + "' to 'format'");
            }
        }
        return LuaString.valueOf(out.toByteArray());
    }

    /** C's printf("%g") (the debugger prints numbers so). */
    static String g(double d) {
        return floating(new Spec("", -1, -1), d, 'g');
    }

    private static final class Spec {
        final boolean left;
        final boolean plus;
        final boolean space;
        final boolean alt;
        final boolean zero;
        final int width;
        final int precision;

        Spec(String flags, int width, int precision) {
            this.left = flags.indexOf('-') >= 0;
            this.plus = flags.indexOf('+') >= 0;
            this.space = flags.indexOf(' ') >= 0;
            this.alt = flags.indexOf('#') >= 0;
            this.zero = flags.indexOf('0') >= 0;
            this.width = width;
            this.precision = precision;
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** luaL_checknumber: a number or a numeric string. */
    private static double number(Varargs a, int arg) {
        LuaValue v = a.arg(arg);
        LuaValue n = v.tonumber();
        if (n.isnil()) throw Fn.argError(arg, "format", "number expected, got " + (arg > a.narg() ? "no value" : v.typename()));
        return n.todouble();
    }

    /** C's (long) cast of a double on x86-64: out of range and NaN give LONG_MIN. */
    private static long cLong(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) return Long.MIN_VALUE;
        return (long) d;
    }

    private static String integer(Spec s, long v, boolean unsigned, int radix, boolean upper) {
        boolean negative = !unsigned && v < 0;
        String digits = unsigned ? Long.toUnsignedString(v, radix) : Long.toString(Math.abs(v));
        if (!unsigned && v == Long.MIN_VALUE) digits = "9223372036854775808";
        if (upper) digits = digits.toUpperCase(java.util.Locale.ROOT);
        if (s.precision >= 0) {
            // an explicit precision is the minimum number of digits (and 0 with precision 0 is empty)
            if (s.precision == 0 && v == 0) digits = "";
            while (digits.length() < s.precision) digits = "0" + digits;
        }
        String prefix = "";
        if (negative) prefix = "-";
        else if (!unsigned && s.plus) prefix = "+";
        else if (!unsigned && s.space) prefix = " ";
        if (s.alt && radix == 8 && !digits.startsWith("0")) digits = "0" + digits;
        if (s.alt && radix == 16 && v != 0) prefix = upper ? "0X" : "0x";
        return pad(s, prefix, digits, s.zero && s.precision < 0);
    }

    private static String pad(Spec s, String prefix, String body, boolean zeroPad) {
        int len = prefix.length() + body.length();
        if (s.width <= len) return prefix + body;
        String fill = (zeroPad && !s.left ? "0" : " ").repeat(s.width - len);
        if (s.left) return prefix + body + fill;
        return zeroPad ? prefix + fill + body : fill + prefix + body;
    }

    private static String floating(Spec s, double d, char conv) {
        boolean upper = Character.isUpperCase(conv);
        boolean negative = d < 0 || (d == 0 && 1 / d < 0) || (Double.isNaN(d) && Double.doubleToRawLongBits(d) < 0);
        String prefix = negative ? "-" : s.plus ? "+" : s.space ? " " : "";
        String body;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            body = Double.isNaN(d) ? "nan" : "inf";
            // 0/0 on x86 is the negative default NaN: glibc prints "-nan"
            if (Double.isNaN(d)) prefix = "-";
            return pad(s, prefix, upper ? body.toUpperCase(java.util.Locale.ROOT) : body, false);
        }
        int precision = s.precision < 0 ? 6 : s.precision;
        BigDecimal v = new BigDecimal(d).abs();
        switch (Character.toLowerCase(conv)) {
            case 'f':
                body = fixed(v, precision, s.alt);
                break;
            case 'e':
                body = exponent(v, precision, s.alt);
                break;
            default: {
                int p = precision == 0 ? 1 : precision;
                int x = v.signum() == 0 ? 0 : decimalExponent(v.round(new MathContext(p, RoundingMode.HALF_EVEN)));
                body = p > x && x >= -4 ? fixed(v, p - 1 - x, s.alt) : exponent(v, p - 1, s.alt);
                if (!s.alt) body = stripZeros(body);
                break;
            }
        }
        if (upper) body = body.toUpperCase(java.util.Locale.ROOT);
        return pad(s, prefix, body, s.zero);
    }

    private static int decimalExponent(BigDecimal v) {
        return v.precision() - v.scale() - 1;
    }

    private static String fixed(BigDecimal v, int precision, boolean alt) {
        String r = v.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return alt && precision == 0 ? r + "." : r;
    }

    private static String exponent(BigDecimal v, int precision, boolean alt) {
        String digits;
        int x;
        if (v.signum() == 0) {
            digits = "0".repeat(precision + 1);
            x = 0;
        } else {
            BigDecimal r = v.round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            x = decimalExponent(r);
            digits = r.unscaledValue().toString();
            if (digits.length() > precision + 1) digits = digits.substring(0, precision + 1);
            while (digits.length() < precision + 1) digits += "0";
        }
        StringBuilder b = new StringBuilder();
        b.append(digits.charAt(0));
        if (precision > 0 || alt) b.append('.');
        b.append(digits, 1, digits.length());
        b.append('e').append(x < 0 ? '-' : '+');
        int ax = Math.abs(x);
        if (ax < 10) b.append('0');
        b.append(ax);
        return b.toString();
    }

    /** %g without '#': trailing zeros of the fraction and a bare point are removed. */
    private static String stripZeros(String s) {
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e);
        String exp = e < 0 ? "" : s.substring(e);
        if (mant.indexOf('.') >= 0) {
            int end = mant.length();
            while (mant.charAt(end - 1) == '0') end--;
            if (mant.charAt(end - 1) == '.') end--;
            mant = mant.substring(0, end);
        }
        return mant + exp;
    }

    /** %s through sprintf: read up to the first NUL, cut to the precision, padded to the width. */
    private static byte[] string(Spec s, byte[] str) {
        int n = 0;
        while (n < str.length && str[n] != 0) n++;
        if (s.precision >= 0 && s.precision < n) n = s.precision;
        int fill = Math.max(0, s.width - n);
        ByteArrayOutputStream b = new ByteArrayOutputStream(n + fill);
        if (!s.left) b.writeBytes(ascii(" ".repeat(fill)));
        b.write(str, 0, n);
        if (s.left) b.writeBytes(ascii(" ".repeat(fill)));
        return b.toByteArray();
    }

    /** %q (Lua 5.1 addquoted): '"', '\\' and newline escaped by a backslash, \r and \0 spelled out. */
    private static void quoted(ByteArrayOutputStream out, byte[] s) {
        out.write('"');
        for (byte c : s) {
            switch (c) {
                case '"':
                case '\\':
                case '\n':
                    out.write('\\');
                    out.write(c);
                    break;
                case '\r':
                    out.writeBytes(ascii("\\r"));
                    break;
                case 0:
                    out.writeBytes(ascii("\\000"));
                    break;
                default:
                    out.write(c);
            }
        }
        out.write('"');
    }
}
