package dev.emredis.lua;

import dev.emredis.internal.command.Errors;
import dev.emredis.internal.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Redis's Lua value → reply rules (spec §6.2) and the error-text normalisation of §5.1. */
final class Conversions {
    private Conversions() {}

    /** Deep enough for any real reply; a self-referencing table stops here as Redis's Lua stack check does. */
    static final int MAX_DEPTH = 1000;
    private static final LuaString ERR = LuaString.valueOf("err");
    private static final LuaString OK = LuaString.valueOf("ok");
    private static final LuaString DOUBLE = LuaString.valueOf("double");
    private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
    private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
    private static final LuaString FORMAT = LuaString.valueOf("format");
    private static final LuaString STRING = LuaString.valueOf("string");
    private static final LuaString MAP = LuaString.valueOf("map");
    private static final LuaString SET = LuaString.valueOf("set");

    /**
     * Redis's luaPushError text rule: "-CODE msg" keeps CODE (a text with no space is all
     * message under ERR); other texts are already "CODE msg"; trailing CR/LF trimmed.
     */
    static String normalizeError(String text) {
        String code;
        String msg;
        if (text.startsWith("-")) {
            int sp = text.indexOf(' ');
            if (sp < 0) {
                code = "ERR";
                msg = text.substring(1);
            } else {
                code = text.substring(1, sp);
                msg = text.substring(sp + 1);
            }
        } else {
            // Redis's own texts: command error replies and the ERR-prefixed script texts.
            return trimCrLf(text);
        }
        return code + " " + trimCrLf(msg);
    }

    private static String trimCrLf(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == '\r' || s.charAt(a) == '\n')) a++;
        while (b > a && (s.charAt(b - 1) == '\r' || s.charAt(b - 1) == '\n')) b--;
        return s.substring(a, b);
    }

    /** C's (long long) cast as x86-64 does it: NaN and out-of-range values give INT64_MIN. */
    static long truncate(double d) {
        if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) return Long.MIN_VALUE;
        return (long) d;
    }

    static String text(LuaValue v) {
        return new String(bytes(v), StandardCharsets.UTF_8);
    }

    static byte[] bytes(LuaValue v) {
        LuaString s = v.checkstring();
        byte[] b = new byte[s.m_length];
        s.copyInto(0, b, 0, b.length);
        return b;
    }

    static String crlfToSpaces(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    /**
     * Writes a script's return value. {@code scriptResp} is the script's redis.setresp mode: it
     * decides booleans; nulls follow the caller's protocol through the sink.
     */
    static void write(ReplySink out, LuaValue v, int scriptResp, int depth, ErrorWriter errors) {
        switch (v.type()) {
            case LuaValue.TSTRING:
                out.bulk(bytes(v));
                return;
            case LuaValue.TBOOLEAN:
                if (scriptResp == 3) out.bool(v.toboolean());
                else if (v.toboolean()) out.integer(1);
                else out.nullBulk();
                return;
            case LuaValue.TNUMBER:
                out.integer(truncate(v.todouble()));
                return;
            case LuaValue.TTABLE:
                writeTable(out, (LuaTable) v, scriptResp, depth, errors);
                return;
            default:
                out.nullBulk();
        }
    }

    /** Error replies go through the command's context so error statistics count them. */
    interface ErrorWriter {
        void error(String fullMessage);
    }

    private static void writeTable(ReplySink out, LuaTable t, int resp, int depth, ErrorWriter errors) {
        if (depth > MAX_DEPTH) {
            errors.error(Errors.SCRIPT_STACK_LIMIT);
            return;
        }
        // Redis checks the field types strictly (a number is not a string here: {err=5} is an array).
        LuaValue f = t.rawget(ERR);
        if (f.type() == LuaValue.TSTRING) {
            errors.error(crlfToSpaces(text(f.tostring())));
            return;
        }
        f = t.rawget(OK);
        if (f.type() == LuaValue.TSTRING) {
            out.simple(crlfToSpaces(text(f.tostring())));
            return;
        }
        f = t.rawget(DOUBLE);
        if (f.type() == LuaValue.TNUMBER) {
            out.dbl(f.todouble());
            return;
        }
        f = t.rawget(BIG_NUMBER);
        if (f.type() == LuaValue.TSTRING) {
            out.bigNumber(crlfToSpaces(text(f.tostring())));
            return;
        }
        f = t.rawget(VERBATIM);
        if (f.istable()) {
            LuaValue fmt = f.rawget(FORMAT);
            LuaValue str = f.rawget(STRING);
            if (fmt.type() == LuaValue.TSTRING && str.type() == LuaValue.TSTRING) {
                out.verbatim(text(fmt), bytes(str));
                return;
            }
        }
        f = t.rawget(MAP);
        if (f.istable()) {
            LuaTable m = (LuaTable) f;
            int n = 0;
            for (Varargs e = m.next(LuaValue.NIL); !e.arg1().isnil(); e = m.next(e.arg1())) n++;
            out.map(n);
            for (Varargs e = m.next(LuaValue.NIL); !e.arg1().isnil(); e = m.next(e.arg1())) {
                write(out, e.arg1(), resp, depth + 1, errors);
                write(out, e.arg(2), resp, depth + 1, errors);
            }
            return;
        }
        f = t.rawget(SET);
        if (f.istable()) {
            LuaTable m = (LuaTable) f;
            int n = 0;
            for (Varargs e = m.next(LuaValue.NIL); !e.arg1().isnil(); e = m.next(e.arg1())) n++;
            out.set(n);
            for (Varargs e = m.next(LuaValue.NIL); !e.arg1().isnil(); e = m.next(e.arg1())) {
                write(out, e.arg1(), resp, depth + 1, errors);
            }
            return;
        }
        int n = 0;
        while (!t.rawget(n + 1).isnil()) n++;
        out.array(n);
        for (int i = 1; i <= n; i++) write(out, t.rawget(i), resp, depth + 1, errors);
    }
}
