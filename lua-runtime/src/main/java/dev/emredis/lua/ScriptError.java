package dev.emredis.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * An error raised by emredis code inside a script, worded as C Lua 5.1 words it. LuaJ prefixes a
 * message with {@code @chunk:line } (space, keeps the {@code @}); C Lua writes {@code chunk:line: }.
 * This class keeps the position LuaJ records ({@code fileline}, set by the innermost Lua
 * closure) and renders the C form itself, or none at all for errors Lua raises without a position
 * ({@code error(msg, 0)}, read-only violations inside {@code rawset}/{@code setmetatable}).
 */
final class ScriptError extends LuaError {
    private static final long serialVersionUID = 1L;
    private final boolean positioned;
    private final LuaValue value;
    private final String text;
    /** Where the script was when this error was raised ("user_script:3"), from the line tracker. */
    private final String position;
    private final int trackedLine;

    /** A string message that gets the Lua position of the code that raised it. */
    static ScriptError positioned(String msg) {
        return new ScriptError(msg, null, true);
    }

    /**
     * error(msg, 2) inside a function pcall called directly: level 2 is pcall's Lua caller, so
     * the message gets the script's position.
     */
    static ScriptError atCallerOfPcall(String msg) {
        ScriptError e = new ScriptError(msg, null, true);
        return e.positioned ? e : new ScriptError(msg, null, true, true);
    }

    /** A string message without position prefix. */
    static ScriptError plain(String msg) {
        return new ScriptError(msg, null, false);
    }

    /** A non-string error value (Redis's error tables {err=...}). */
    static ScriptError value(LuaValue v) {
        return new ScriptError(v.isstring() ? v.tojstring() : "error object", v, false);
    }

    /** Redis's luaPushError: an error table {err="CODE message"} from a text. */
    static LuaTable errorTable(String text) {
        LuaTable t = new LuaTable();
        t.rawset("err", LuaValue.valueOf(Conversions.normalizeError(text)));
        return t;
    }

    private ScriptError(String msg, LuaValue value, boolean positioned) {
        this(msg, value, positioned, false);
    }

    private ScriptError(String msg, LuaValue value, boolean positioned, boolean forcePosition) {
        super(msg);
        this.text = msg;
        this.value = value;
        LineTracker t = LineTracker.current();
        this.position = t == null ? null : t.position();
        this.trackedLine = t == null ? -1 : t.line();
        this.positioned = forcePosition || (positioned && (t == null || !t.inDirectCall()));
    }

    /** The line LuaJ recorded ({@code @user_script:3} → 3), or -1. */
    int line() {
        return trackedLine >= 0 ? trackedLine : lineOf(fileline);
    }

    static int lineOf(String fileline) {
        if (fileline == null) return -1;
        int colon = fileline.lastIndexOf(':');
        if (colon < 0) return -1;
        try {
            return Integer.parseInt(fileline.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The C Lua text: LuaError.getMessage() would add LuaJ's own prefix instead. */
    @Override
    public String getMessage() {
        if (positioned && value == null) {
            if (position != null) return position + ": " + text;
            if (fileline != null) return cPosition(fileline) + ": " + text;
        }
        return text;
    }

    @Override
    public LuaValue getMessageObject() {
        if (value != null) return value;
        String m = getMessage();
        return m == null ? LuaValue.NIL : LuaValue.valueOf(m);
    }

    /** {@code @user_script:1} → {@code user_script:1}; {@code =name:1} → {@code name:1}. */
    static String cPosition(String fileline) {
        if (fileline.startsWith("@") || fileline.startsWith("=")) return fileline.substring(1);
        return fileline;
    }
}
