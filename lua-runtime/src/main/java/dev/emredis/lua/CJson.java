package dev.emredis.lua;

import dev.emredis.internal.util.Num;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code cjson} library Redis embeds (lua-cjson 2.1.0) with its default settings: numbers
 * with 14 significant digits, '/' escaped, sparse arrays refused past ratio 2 / safe 10, NaN and
 * Inf refused, nesting limited to 1000, {@code cjson.null} a light userdata.
 */
final class CJson {
    private CJson() {}

    /** cjson.null: one light userdata (Redis turns it into a null reply). */
    static final LuaUserdata NULL = new LuaUserdata(new Object()) {
        @Override
        public String tojstring() {
            return "userdata: 0x0";
        }
    };
    private static final int MAX_DEPTH = 1000;

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("_NAME", LuaValue.valueOf("cjson"));
        t.rawset("_VERSION", LuaValue.valueOf("2.1.0"));
        t.rawset("null", NULL);
        t.rawset("encode", new Fn("encode", a -> {
            if (a.narg() != 1) throw Fn.argError(1, "encode", "expected 1 argument");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            encode(out, a.arg1(), 0);
            return LuaString.valueUsing(out.toByteArray());
        }));
        t.rawset("decode", new Fn("decode", a -> {
            if (a.narg() != 1) throw Fn.argError(1, "decode", "expected 1 argument");
            return new Decoder(Conversions.bytes(Args.string(a, 1, "decode"))).decodeTop();
        }));
        // Settings: the emulator keeps lua-cjson's defaults and answers with them.
        t.rawset("encode_keep_buffer", setting("encode_keep_buffer", LuaValue.valueOf(1)));
        t.rawset("encode_max_depth", setting("encode_max_depth", LuaValue.valueOf(MAX_DEPTH)));
        t.rawset("decode_max_depth", setting("decode_max_depth", LuaValue.valueOf(MAX_DEPTH)));
        t.rawset("encode_number_precision", setting("encode_number_precision", LuaValue.valueOf(14)));
        t.rawset("encode_invalid_numbers", setting("encode_invalid_numbers", LuaValue.FALSE));
        t.rawset("decode_invalid_numbers", setting("decode_invalid_numbers", LuaValue.valueOf(1)));
        t.rawset("encode_sparse_array", new Fn("encode_sparse_array",
                a -> LuaValue.varargsOf(new LuaValue[] {LuaValue.FALSE, LuaValue.valueOf(2), LuaValue.valueOf(10)})));
        t.rawset("new", new Fn("new", a -> create()));
        return t;
    }

    private static Fn setting(String name, LuaValue value) {
        return new Fn(name, a -> value);
    }

    private static ScriptError cannot(LuaValue v, String why) {
        return ScriptError.positioned("Cannot serialise " + v.typename() + ": " + why);
    }

    private static void encode(ByteArrayOutputStream out, LuaValue v, int depth) {
        switch (v.type()) {
            case LuaValue.TSTRING:
                string(out, Conversions.bytes(v));
                return;
            case LuaValue.TNUMBER:
                number(out, v);
                return;
            case LuaValue.TBOOLEAN:
                ascii(out, v.toboolean() ? "true" : "false");
                return;
            case LuaValue.TNIL:
                ascii(out, "null");
                return;
            case LuaValue.TTABLE:
                table(out, (LuaTable) v, depth + 1);
                return;
            default:
                if (v == NULL) {
                    ascii(out, "null");
                    return;
                }
                throw cannot(v, "type not supported");
        }
    }

    private static void number(ByteArrayOutputStream out, LuaValue v) {
        double d = v.todouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) throw cannot(v, "must not be NaN or Inf");
        ascii(out, Num.formatG(d, 14));
    }

    private static void table(ByteArrayOutputStream out, LuaTable t, int depth) {
        if (depth > MAX_DEPTH) throw ScriptError.positioned("Cannot serialise, excessive nesting (" + depth + ")");
        // lua-cjson's array test: only positive integer keys; holes allowed up to the sparse ratio.
        int max = 0;
        int items = 0;
        boolean array = true;
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            LuaValue k = e.arg1();
            if (k.type() == LuaValue.TNUMBER) {
                double d = k.todouble();
                if (d == Math.floor(d) && d >= 1) {
                    if (d > max) max = (int) Math.min(d, Integer.MAX_VALUE);
                    items++;
                    continue;
                }
            }
            array = false;
            break;
        }
        if (array && max > items * 2 && max > 10) throw cannot(t, "excessively sparse array");
        if (array && max > 0) {
            out.write('[');
            for (int i = 1; i <= max; i++) {
                if (i > 1) out.write(',');
                encode(out, t.rawget(i), depth);
            }
            out.write(']');
            return;
        }
        out.write('{');
        boolean first = true;
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            LuaValue k = e.arg1();
            if (!first) out.write(',');
            first = false;
            if (k.type() == LuaValue.TSTRING) {
                string(out, Conversions.bytes(k));
            } else if (k.type() == LuaValue.TNUMBER) {
                out.write('"');
                number(out, k);
                out.write('"');
            } else {
                throw cannot(k, "table key must be a number or string");
            }
            out.write(':');
            encode(out, e.arg(2), depth);
        }
        out.write('}');
    }

    private static void string(ByteArrayOutputStream out, byte[] s) {
        out.write('"');
        for (byte x : s) {
            int c = x & 0xff;
            switch (c) {
                case '"': ascii(out, "\\\""); break;
                case '\\': ascii(out, "\\\\"); break;
                case '/': ascii(out, "\\/"); break;
                case '\b': ascii(out, "\\b"); break;
                case '\f': ascii(out, "\\f"); break;
                case '\n': ascii(out, "\\n"); break;
                case '\r': ascii(out, "\\r"); break;
                case '\t': ascii(out, "\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f) ascii(out, String.format("\\u%04x", c));
                    else out.write(c);
            }
        }
        out.write('"');
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    /** lua-cjson's decoder, with its token names in error messages. */
    private static final class Decoder {
        private final byte[] s;
        private int i;
        private int depth;

        Decoder(byte[] s) {
            this.s = s;
        }

        LuaValue decodeTop() {
            LuaValue v = value();
            skipSpace();
            if (i < s.length) throw expected("the end", tokenName());
            return v;
        }

        private ScriptError expected(String what, String found) {
            return ScriptError.positioned("Expected " + what + " but found " + found + " at character " + (tokenStart + 1));
        }

        private int tokenStart;

        private void skipSpace() {
            while (i < s.length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
            tokenStart = i;
        }

        /** The name lua-cjson prints for the token at the cursor (not consumed). */
        private String tokenName() {
            if (i >= s.length) return "T_END";
            switch (s[i]) {
                case '{': return "T_OBJ_BEGIN";
                case '}': return "T_OBJ_END";
                case '[': return "T_ARR_BEGIN";
                case ']': return "T_ARR_END";
                case ':': return "T_COLON";
                case ',': return "T_COMMA";
                case '"': return "T_STRING";
                case 't': case 'f': return startsWith("true") || startsWith("false") ? "T_BOOLEAN" : "invalid token";
                case 'n': return startsWith("null") ? "T_NULL" : "invalid token";
                default:
                    return s[i] == '-' || (s[i] >= '0' && s[i] <= '9') ? "T_NUMBER" : "invalid token";
            }
        }

        private boolean startsWith(String w) {
            if (i + w.length() > s.length) return false;
            for (int k = 0; k < w.length(); k++) if (s[i + k] != w.charAt(k)) return false;
            return true;
        }

        private LuaValue value() {
            skipSpace();
            if (i >= s.length) throw expected("value", "T_END");
            byte c = s[i];
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return str();
                case 't':
                    if (startsWith("true")) { i += 4; return LuaValue.TRUE; }
                    break;
                case 'f':
                    if (startsWith("false")) { i += 5; return LuaValue.FALSE; }
                    break;
                case 'n':
                    if (startsWith("null")) { i += 4; return NULL; }
                    break;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return num();
            }
            throw expected("value", tokenName());
        }

        private LuaValue num() {
            int st = i;
            while (i < s.length && "+-0123456789.eE".indexOf(s[i]) >= 0) i++;
            Double d = Num.parseDouble(java.util.Arrays.copyOfRange(s, st, i));
            if (d == null) {
                i = st;
                throw expected("value", "invalid number");
            }
            return LuaValue.valueOf(d);
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw ScriptError.positioned("Found too many nested data structures (" + depth + ") at character " + (i + 1));
            }
        }

        private LuaValue object() {
            enter();
            i++;
            LuaTable t = new LuaTable();
            skipSpace();
            if (i < s.length && s[i] == '}') {
                i++;
                depth--;
                return t;
            }
            while (true) {
                skipSpace();
                if (i >= s.length || s[i] != '"') throw expected("object key string", tokenName());
                LuaValue k = str();
                skipSpace();
                if (i >= s.length || s[i] != ':') throw expected("colon", tokenName());
                i++;
                t.rawset(k, value());
                skipSpace();
                if (i < s.length && s[i] == '}') {
                    i++;
                    depth--;
                    return t;
                }
                if (i >= s.length || s[i] != ',') throw expected("comma or object end", tokenName());
                i++;
            }
        }

        private LuaValue array() {
            enter();
            i++;
            LuaTable t = new LuaTable();
            skipSpace();
            if (i < s.length && s[i] == ']') {
                i++;
                depth--;
                return t;
            }
            for (int n = 1;; n++) {
                t.rawset(n, value());
                skipSpace();
                if (i < s.length && s[i] == ']') {
                    i++;
                    depth--;
                    return t;
                }
                if (i >= s.length || s[i] != ',') throw expected("comma or array end", tokenName());
                i++;
            }
        }

        private LuaValue str() {
            int st = i;
            i++;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (i >= s.length) {
                    tokenStart = i;
                    throw expected("value", "unexpected end of string");
                }
                int c = s[i++] & 0xff;
                if (c == '"') break;
                if (c != '\\') {
                    out.write(c);
                    continue;
                }
                if (i >= s.length) continue;
                int e = s[i++];
                switch (e) {
                    case 'b': out.write('\b'); break;
                    case 'f': out.write('\f'); break;
                    case 'n': out.write('\n'); break;
                    case 'r': out.write('\r'); break;
                    case 't': out.write('\t'); break;
                    case 'u': {
                        int cp = hex4();
                        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < s.length && s[i] == '\\' && s[i + 1] == 'u') {
                            i += 2;
                            int lo = hex4();
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        }
                        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                        out.write(b, 0, b.length);
                        break;
                    }
                    default: out.write(e);
                }
            }
            return LuaString.valueUsing(out.toByteArray());
        }

        private int hex4() {
            if (i + 4 > s.length) throw expected("value", "invalid unicode escape code");
            int v = Integer.parseInt(new String(s, i, 4, StandardCharsets.US_ASCII), 16);
            i += 4;
            return v;
        }
    }
}
