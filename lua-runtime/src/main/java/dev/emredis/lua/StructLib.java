package dev.emredis.lua;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code struct} library Redis embeds (Roberto Ierusalimschy's struct): pack, unpack and size
 * of binary records described by a format string, with C sizes of a 64-bit Linux build (short 2,
 * int 4, long and size_t 8), little-endian by default and no alignment unless '!' asks for it.
 */
final class StructLib {
    private StructLib() {}

    private static final int MAXINTSIZE = 32;
    private static final int MAXALIGN = 8;

    /** Format parsing state: endianness and maximum alignment. */
    private static final class Header {
        boolean little = true;
        int align = 1;
    }

    /** A cursor over the format string. */
    private static final class Fmt {
        final String s;
        int i;

        Fmt(String s) {
            this.s = s;
        }

        boolean more() {
            return i < s.length();
        }

        char next() {
            return s.charAt(i++);
        }

        int num(int def) {
            if (!more() || !Character.isDigit(s.charAt(i))) return def;
            int a = 0;
            while (more() && Character.isDigit(s.charAt(i)) && a <= (Integer.MAX_VALUE - 9) / 10) a = a * 10 + (next() - '0');
            return a;
        }
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("pack", new Fn("pack", StructLib::pack));
        t.rawset("unpack", new Fn("unpack", StructLib::unpack));
        t.rawset("size", new Fn("size", StructLib::size));
        return t;
    }

    private static int optsize(char opt, Fmt f, String fname) {
        switch (opt) {
            case 'B': case 'b': return 1;
            case 'H': case 'h': return 2;
            case 'L': case 'l': case 'T': return 8;
            case 'f': return 4;
            case 'd': return 8;
            case 'x': return 1;
            case 'c': return f.num(1);
            case 'i': case 'I': {
                int sz = f.num(4);
                if (sz > MAXINTSIZE) throw ScriptError.positioned("integral size " + sz + " is larger than limit of " + MAXINTSIZE);
                return sz;
            }
            default: return 0;
        }
    }

    private static int toAlign(long len, Header h, char opt, int size) {
        if (size == 0 || opt == 'c') return 0;
        int align = Math.min(size, h.align);
        return (int) ((align - (len & (align - 1))) & (align - 1));
    }

    /** The control characters; false when opt is not one. */
    private static boolean control(char opt, Fmt f, Header h, String fname) {
        switch (opt) {
            case ' ':
                return true;
            case '>':
                h.little = false;
                return true;
            case '<':
            case '=':
                h.little = true;
                return true;
            case '!': {
                int a = f.num(MAXALIGN);
                if (a == 0 || (a & (a - 1)) != 0) throw Fn.argError(1, fname, "alignment " + a + " is not a power of 2");
                h.align = a;
                return true;
            }
            default:
                return false;
        }
    }

    private static Varargs pack(Varargs a) {
        Fmt f = new Fmt(Args.string(a, 1, "pack").tojstring());
        Header h = new Header();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int arg = 2;
        while (f.more()) {
            char opt = f.next();
            int size = optsize(opt, f, "pack");
            int pad = toAlign(b.size(), h, opt, size);
            for (int k = 0; k < pad; k++) b.write(0);
            switch (opt) {
                case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I': {
                    double n = Args.number(a, arg++, "pack");
                    long v = n < 0 ? (long) n : (n >= 9.223372036854775807E18 ? (long) (n - 18446744073709551616.0) : (long) n);
                    byte[] buf = new byte[size];
                    for (int k = 0; k < size; k++) {
                        int idx = h.little ? k : size - 1 - k;
                        buf[idx] = k < 8 ? (byte) (v >>> (8 * k)) : 0;
                    }
                    b.write(buf, 0, size);
                    break;
                }
                case 'x':
                    b.write(0);
                    break;
                case 'f': {
                    long bits = Float.floatToRawIntBits((float) Args.number(a, arg++, "pack")) & 0xffffffffL;
                    writeBits(b, bits, 4, h.little);
                    break;
                }
                case 'd':
                    writeBits(b, Double.doubleToRawLongBits(Args.number(a, arg++, "pack")), 8, h.little);
                    break;
                case 'c':
                case 's': {
                    LuaString s = Args.string(a, arg, "pack");
                    int l = s.length();
                    if (size == 0) size = l;
                    if (l < size) throw Fn.argError(arg, "pack", "string too short");
                    arg++;
                    byte[] bytes = Conversions.bytes(s);
                    b.write(bytes, 0, size);
                    if (opt == 's') b.write(0);
                    break;
                }
                default:
                    if (!control(opt, f, h, "pack")) throw Fn.argError(1, "pack", "invalid format option '" + opt + "'");
            }
        }
        return LuaString.valueUsing(b.toByteArray());
    }

    private static void writeBits(ByteArrayOutputStream b, long bits, int size, boolean little) {
        for (int k = 0; k < size; k++) {
            int shift = little ? 8 * k : 8 * (size - 1 - k);
            b.write((int) (bits >>> shift) & 0xff);
        }
    }

    private static long readBits(byte[] d, int pos, int size, boolean little) {
        long v = 0;
        for (int k = 0; k < size; k++) {
            int idx = little ? pos + size - 1 - k : pos + k;
            v = (v << 8) | (d[idx] & 0xff);
        }
        return v;
    }

    private static Varargs unpack(Varargs a) {
        Fmt f = new Fmt(Args.string(a, 1, "unpack").tojstring());
        byte[] d = Conversions.bytes(Args.string(a, 2, "unpack"));
        int ld = d.length;
        long pos = (long) Args.optNumber(a, 3, "unpack", 1) - 1;
        if (pos > ld || pos < 0) throw Fn.argError(3, "unpack", "offset must be 1 or greater");
        Header h = new Header();
        List<LuaValue> out = new ArrayList<>();
        while (f.more()) {
            char opt = f.next();
            int size = optsize(opt, f, "unpack");
            pos += toAlign(pos, h, opt, size);
            if (pos + size > ld) throw Fn.argError(2, "unpack", "data string too short");
            int p = (int) pos;
            switch (opt) {
                case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I': {
                    boolean signed = Character.isLowerCase(opt);
                    long v = readBits(d, p, Math.min(size, 8), h.little);
                    if (size > 8 && !h.little) v = readBits(d, p + size - 8, 8, false);
                    if (signed && size < 8) {
                        long mask = -1L << (size * 8 - 1);
                        if ((v & mask) != 0) v |= mask;
                    }
                    double n = signed || v >= 0 ? (double) v : (double) (v >>> 1) * 2 + (v & 1);
                    out.add(LuaValue.valueOf(n));
                    break;
                }
                case 'x':
                    break;
                case 'f':
                    out.add(LuaValue.valueOf(Float.intBitsToFloat((int) readBits(d, p, 4, h.little))));
                    break;
                case 'd':
                    out.add(LuaValue.valueOf(Double.longBitsToDouble(readBits(d, p, 8, h.little))));
                    break;
                case 'c': {
                    if (size == 0) {
                        if (out.isEmpty() || out.get(out.size() - 1).type() != LuaValue.TNUMBER) {
                            throw ScriptError.positioned("format 'c0' needs a previous size");
                        }
                        size = (int) out.remove(out.size() - 1).todouble();
                        if (size > ld - pos) throw Fn.argError(2, "unpack", "data string too short");
                    }
                    out.add(LuaString.valueUsing(java.util.Arrays.copyOfRange(d, p, p + size)));
                    break;
                }
                case 's': {
                    int e = p;
                    while (e < ld && d[e] != 0) e++;
                    if (e >= ld) throw ScriptError.positioned("unfinished string in data");
                    size = e - p + 1;
                    out.add(LuaString.valueUsing(java.util.Arrays.copyOfRange(d, p, e)));
                    break;
                }
                default:
                    if (!control(opt, f, h, "unpack")) throw Fn.argError(1, "unpack", "invalid format option '" + opt + "'");
            }
            pos += size;
        }
        out.add(LuaValue.valueOf(pos + 1));
        return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
    }

    private static Varargs size(Varargs a) {
        Fmt f = new Fmt(Args.string(a, 1, "size").tojstring());
        Header h = new Header();
        long pos = 0;
        while (f.more()) {
            char opt = f.next();
            int size = optsize(opt, f, "size");
            pos += toAlign(pos, h, opt, size);
            if (opt == 's' || (opt == 'c' && size == 0)) throw Fn.argError(1, "size", "options 'c0' - 's' have undefined sizes");
            if (size == 0 && !control(opt, f, h, "size")) throw Fn.argError(1, "size", "invalid format option '" + opt + "'");
            pos += size;
        }
        return LuaValue.valueOf(pos);
    }
}
