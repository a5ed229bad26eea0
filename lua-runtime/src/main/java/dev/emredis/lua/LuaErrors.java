package dev.emredis.lua;

import dev.emredis.internal.command.Errors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * What a caught LuaJ error means in C Lua terms: the error value a script sees (pcall) and the
 * reply Redis sends when the error leaves the script (spec §5.2).
 */
final class LuaErrors {
    private LuaErrors() {}

    /** LuaJ's position prefix: "@user_script:3 msg" (C Lua: "user_script:3: msg"). */
    private static final Pattern LUAJ_POSITION = Pattern.compile("^[@=]([^\\s:]+):(\\d+|\\?) (.*)$", Pattern.DOTALL);
    private static final LuaString ERR = LuaString.valueOf("err");

    /** The error value as C Lua would hold it. */
    static LuaValue value(Throwable t) {
        if (t instanceof StackOverflowError) {
            // raised by the VM at the running line: "user_script:1: stack overflow"
            LineTracker tracker = LineTracker.current();
            String pos = tracker == null ? null : tracker.position();
            return LuaValue.valueOf(pos == null ? "stack overflow" : pos + ": stack overflow");
        }
        // C Lua's allocation failure (LUA_ERRMEM)
        if (t instanceof OutOfMemoryError) return LuaValue.valueOf("not enough memory");
        if (t instanceof ScriptError) return ((ScriptError) t).getMessageObject();
        // a Java failure inside a library function: reported like LuaJ does, never fatal
        if (!(t instanceof LuaError)) return LuaValue.valueOf("vm error: " + t);
        LuaError le = (LuaError) t;
        LuaValue v = le.getMessageObject();
        if (v == null) return LuaValue.NIL;
        if (v.type() == LuaValue.TSTRING) {
            String text = v.tojstring();
            // The line tracker's (empty) traceback leaves LuaJ's "\n" separator behind.
            if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
            v = LuaValue.valueOf(text);
            Matcher m = LUAJ_POSITION.matcher(text);
            LineTracker tracker = LineTracker.current();
            if (m.matches()) return LuaValue.valueOf(m.group(1) + ":" + m.group(2) + ": " + cWording(m.group(3), tracker));
            // Raised outside any Lua frame's handler (a tail call): the tracker knows the line.
            String pos = tracker == null ? null : tracker.position();
            return LuaValue.valueOf(pos == null ? cWording(text, null) : pos + ": " + cWording(text, tracker));
        }
        return v;
    }

    private static final Pattern ARITH = Pattern.compile("attempt to perform arithmetic \\S+ on (\\w+) and (\\w+)");
    private static final Pattern CONCAT = Pattern.compile("attempt to concatenate (\\w+) and (\\w+)");
    private static final Pattern COMPARE = Pattern.compile("attempt to compare (\\w+) with (\\w+) expected, got \\w+");

    /**
     * LuaJ words VM errors differently from C Lua 5.1; the common ones are reworded without
     * variable names (used when the failing instruction is unknown, see VmErrorNames).
     */
    static String cWording(String m, LineTracker tracker) {
        String named = tracker == null ? null : tracker.vmError(m);
        return named != null ? named : cWording(m);
    }

    static String cWording(String m) {
        if (m.startsWith("table index expected, got ")) return "table index is nil";
        if (m.startsWith("attempt to call ") && !m.endsWith(" value") && m.indexOf(' ', 16) < 0) {
            return "attempt to call a " + m.substring(16) + " value";
        }
        if (m.startsWith("attempt to index ? (a ")) return "attempt to index a " + m.substring(22, m.length() - 1);
        if (m.startsWith("attempt to get length of ") && m.indexOf(' ', 25) < 0) {
            return "attempt to get length of a " + m.substring(25) + " value";
        }
        Matcher a = ARITH.matcher(m);
        if (a.matches()) return "attempt to perform arithmetic on a " + (a.group(1).equals("number") ? a.group(2) : a.group(1)) + " value";
        Matcher c = CONCAT.matcher(m);
        if (c.matches()) {
            String bad = c.group(1).equals("string") || c.group(1).equals("number") ? c.group(2) : c.group(1);
            return "attempt to concatenate a " + bad + " value";
        }
        Matcher o = COMPARE.matcher(m);
        if (o.matches()) {
            return o.group(1).equals(o.group(2)) ? "attempt to compare two " + o.group(1) + " values"
                    : "attempt to compare " + o.group(2) + " with " + o.group(1);
        }
        return m;
    }

    /** The line of the innermost Lua frame when the error was raised, or -1. */
    static int line(Throwable t) {
        if (t instanceof ScriptError) return ((ScriptError) t).line();
        LineTracker tracker = LineTracker.current();
        if (tracker != null && tracker.line() >= 0) return tracker.line();
        if (t instanceof LuaError) {
            String msg = t.getMessage();
            if (msg != null) {
                Matcher m = LUAJ_POSITION.matcher(msg);
                if (m.matches() && !m.group(2).equals("?")) return Integer.parseInt(m.group(2));
            }
        }
        return -1;
    }

    /** Redis's pcall: an error table with a string err field is caught as that string. */
    static LuaValue forPcall(Throwable t) {
        LuaValue v = value(t);
        if (v.istable()) {
            LuaValue e = v.rawget(ERR);
            if (e.type() == LuaValue.TSTRING) return e;
        }
        return v;
    }

    /**
     * The error reply of a script that failed: "-CODE msg script: name, on @source:line."
     * (a non-table error becomes "ERR " + tostring(value)).
     */
    static String reply(Throwable t, String name, String source) {
        String reply = Conversions.crlfToSpaces(errorText(t, name));
        int line = line(t);
        if (line >= 0) reply += Errors.scriptErrorSuffix(name, source, line);
        return reply;
    }

    /** The error line without suffix: an error table's err text, else "ERR " + the value as text. */
    static String errorText(Throwable t) {
        return errorText(t, "?");
    }

    private static String errorText(Throwable t, String name) {
        LuaValue v = value(t);
        if (v.istable()) {
            LuaValue e = ((LuaTable) v).rawget(ERR);
            if (e.isstring()) return Conversions.text(e.tostring());
            return "ERR Error running script " + name + ", " + truncate(v.tojstring(), 100);
        }
        return "ERR " + (v.isstring() ? Conversions.text(v.tostring()) : v.tojstring());
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
