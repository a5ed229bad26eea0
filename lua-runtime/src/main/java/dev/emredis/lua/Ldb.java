package dev.emredis.lua;

import dev.emredis.internal.server.Client;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;

/**
 * Redis's Lua debugger (LDB, SCRIPT DEBUG YES|SYNC): while an EVAL of a debugging client runs,
 * a line hook stops the script when stepping, at a breakpoint or after redis.breakpoint(), sends
 * the log lines gathered so far as one RESP array of status replies, and reads debugger commands
 * (RESP arrays) straight from the client's socket until one resumes the script (step, next,
 * continue) or aborts it. Commands: help, step/next, continue, list, whole, print, break, trace,
 * eval, redis, maxlen, abort, each with its one-letter alias. When the script ends, the last logs
 * and an {@code <endsession>} line are sent, then the EVAL reply, then the connection is closed.
 * The texts and value representations are Redis 7.0.15's (eval.c's ldb functions).
 */
final class Ldb {
    private static final int BREAKPOINTS_MAX = 64;
    private static final int MAX_LEN_DEFAULT = 256;
    /** LDB_MAX_VALUES_DEPTH: LUA_MINSTACK / 2. */
    private static final int MAX_VALUES_DEPTH = 10;
    private static final String[] HELP = {
        "Redis Lua debugger help:",
        "[h]elp               Show this help.",
        "[s]tep               Run current line and stop again.",
        "[n]ext               Alias for step.",
        "[c]ontinue           Run till next breakpoint.",
        "[l]ist               List source code around current line.",
        "[l]ist [line]        List source code around [line].",
        "                     line = 0 means: current position.",
        "[l]ist [line] [ctx]  In this form [ctx] specifies how many lines",
        "                     to show before/after [line].",
        "[w]hole              List all source code. Alias for 'list 1 1000000'.",
        "[p]rint              Show all the local variables.",
        "[p]rint <var>        Show the value of the specified variable.",
        "                     Can also show global vars KEYS and ARGV.",
        "[b]reak              Show all breakpoints.",
        "[b]reak <line>       Add a breakpoint to the specified line.",
        "[b]reak -<line>      Remove breakpoint from the specified line.",
        "[b]reak 0            Remove all breakpoints.",
        "[t]race              Show a backtrace.",
        "[e]val <code>        Execute some Lua code (in a different callframe).",
        "[r]edis <cmd>        Execute a Redis command.",
        "[m]axlen [len]       Trim logged Redis replies and Lua var dumps to len.",
        "                     Specifying zero as <len> means unlimited.",
        "[a]bort              Stop the execution of the script. In sync",
        "                     mode dataset changes will be retained.",
        "",
        "Debugger functions you can call from Lua scripts:",
        "redis.debug()        Produce logs in the debugger console.",
        "redis.breakpoint()   Stop execution like if there was a breakpoint in the",
        "                     next line of code.",
    };

    private final LuaEngine engine;
    boolean active;
    boolean step;
    boolean luabp;
    boolean forked;
    private final int[] bp = new int[BREAKPOINTS_MAX];
    private int bpcount;
    private int maxlen = MAX_LEN_DEFAULT;
    private boolean maxlenHintSent;
    private byte[][] src = new byte[0][];
    int currentLine = -1;
    private final List<byte[]> logs = new ArrayList<>();
    private Client conn;
    private final ByteArrayOutputStream cbuf = new ByteArrayOutputStream();
    /** The script ran past the time limit without a stop: the next line stops. */
    private boolean timeout;
    /** A hook is running (C Lua does not call hooks from inside a hook). */
    private boolean inHook;

    Ldb(LuaEngine engine) {
        this.engine = engine;
    }

    /** ldbEnable (SCRIPT DEBUG YES/SYNC): a fresh state for this client's next EVAL. */
    void enable(Client c) {
        logs.clear();
        conn = c;
        step = true;
        bpcount = 0;
        luabp = false;
        cbuf.reset();
        maxlen = MAX_LEN_DEFAULT;
        maxlenHintSent = false;
    }

    /** The count hook saw the time limit pass (luaLdbLineHook's timeout). */
    void timedOut() {
        timeout = true;
        step = true;
    }

    /** True while stepping: redis.call logs its command and reply. */
    boolean isEnabled() {
        return active && step;
    }

    /** ldbStartSession: the source split into lines (trailing newlines dropped). */
    void start(Client c, byte[] body, boolean sync) {
        forked = !sync;
        conn = c;
        active = true;
        int len = body.length;
        while (len > 0 && (body[len - 1] == '\n' || body[len - 1] == '\r')) len--;
        List<byte[]> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < len; i++) {
            if (body[i] == '\n') {
                lines.add(Arrays.copyOfRange(body, from, i));
                from = i + 1;
            }
        }
        if (len > 0) lines.add(Arrays.copyOfRange(body, from, len));
        src = lines.toArray(new byte[0][]);
    }

    /** ldbEndSession: the remaining logs and the end mark. */
    void end() {
        log("<endsession>");
        sendLogs();
        active = false;
        src = new byte[0][];
    }

    void log(String entry) {
        logs.add(entry.getBytes(StandardCharsets.UTF_8));
    }

    void log(byte[] entry) {
        logs.add(entry);
    }

    /** ldbLogWithMaxLen: entries longer than maxlen are cut, with a one-time hint. */
    void logWithMaxLen(byte[] entry) {
        boolean trimmed = false;
        if (maxlen > 0 && entry.length > maxlen) {
            byte[] cut = Arrays.copyOf(entry, maxlen + 4);
            System.arraycopy(" ...".getBytes(StandardCharsets.US_ASCII), 0, cut, maxlen, 4);
            entry = cut;
            trimmed = true;
        }
        log(entry);
        if (trimmed && !maxlenHintSent) {
            maxlenHintSent = true;
            log("<hint> The above reply was trimmed. Use 'maxlen 0' to disable trimming.");
        }
    }

    /** ldbSendLogs: one array of status replies, CR/LF inside entries turned into spaces. */
    void sendLogs() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + logs.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] e : logs) {
            b.write('+');
            for (byte x : e) b.write(x == '\r' || x == '\n' ? ' ' : x);
            b.write('\r');
            b.write('\n');
        }
        logs.clear();
        if (engine.server().loop() != null && conn != null) engine.server().loop().writeDirect(conn, b.toByteArray());
    }

    private byte[] sourceLine(int line) {
        int idx = line - 1;
        if (idx < 0 || idx >= src.length) return "<out of range source code line>".getBytes(StandardCharsets.US_ASCII);
        return src[idx];
    }

    private boolean isBreakpoint(int line) {
        for (int j = 0; j < bpcount; j++) {
            if (bp[j] == line) return true;
        }
        return false;
    }

    /** ldbLogSourceLine: "-> " current, "  #" breakpoint, "->#" both; the number left-aligned in 3. */
    private void logSourceLine(int line) {
        boolean current = currentLine == line;
        boolean b = isBreakpoint(line);
        String prefix = current && b ? "->#" : current ? "-> " : b ? "  #" : "   ";
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(String.format("%s%-3d ", prefix, line).getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(sourceLine(line));
        log(o.toByteArray());
    }

    private void list(int around, int context) {
        for (int j = 1; j <= src.length; j++) {
            if (around != 0 && Math.abs(around - j) > context) continue;
            logSourceLine(j);
        }
    }

    /**
     * The line hook (luaLdbLineHook): called when the script starts a new line of user code.
     * Stops when stepping, at a breakpoint or after redis.breakpoint(), then runs the REPL.
     */
    void line(int line, LineTracker tracker) {
        if (inHook) return;
        currentLine = line;
        boolean atBp = isBreakpoint(line) || luabp;
        if (!step && !atBp) return;
        boolean timedOut = timeout && !atBp;
        String reason = atBp ? (luabp ? "redis.breakpoint() called" : "break point")
                : timedOut ? "timeout reached, infinite loop?" : "step over";
        step = false;
        luabp = false;
        timeout = false;
        log("* Stopped at " + line + ", stop reason = " + reason);
        logSourceLine(line);
        sendLogs();
        inHook = true;
        boolean clientGone;
        try {
            clientGone = !repl(tracker);
        } finally {
            inHook = false;
        }
        // nobody left to stop a runaway script: it is killed
        if (clientGone && timedOut) throw error("timeout during Lua debugging with client closing connection");
        engine.debuggerResumed();
    }

    /** Reads and runs debugger commands until one resumes (or aborts) the script. */
    private boolean repl(LineTracker tracker) {
        Prototype where = tracker.depth() > 0 ? tracker.proto(tracker.depth() - 1) : null;
        int pc = tracker.depth() > 0 ? tracker.framePc(tracker.depth() - 1) : -1;
        while (true) {
            tracker.restorePosition(where, pc);
            String[] argv = readCommand();
            if (argv == null) {
                // the client went away: the script runs on without stopping
                step = false;
                bpcount = 0;
                return false;
            }
            String cmd = argv[0].toLowerCase(java.util.Locale.ROOT);
            int argc = argv.length;
            switch (cmd) {
                case "h":
                case "help":
                    for (String h : HELP) log(h);
                    break;
                case "s":
                case "step":
                case "n":
                case "next":
                    step = true;
                    return true;
                case "c":
                case "continue":
                    return true;
                case "t":
                case "trace":
                    trace(tracker);
                    break;
                case "m":
                case "maxlen":
                    maxlen(argv);
                    break;
                case "b":
                case "break":
                    breakCommand(argv);
                    break;
                case "e":
                case "eval":
                    eval(argv);
                    break;
                case "a":
                case "abort":
                    throw error("script aborted for user request");
                case "r":
                case "redis":
                    if (argc > 1) {
                        redis(argv);
                        break;
                    }
                    log("<error> Unknown Redis Lua debugger command or wrong number of arguments.");
                    break;
                case "p":
                case "print":
                    if (argc == 2) print(tracker, argv[1]);
                    else printAll(tracker);
                    break;
                case "l":
                case "list": {
                    int around = currentLine;
                    int ctx = 5;
                    if (argc > 1) {
                        int num = atoi(argv[1]);
                        if (num > 0) around = num;
                    }
                    if (argc > 2) ctx = atoi(argv[2]);
                    list(around, ctx);
                    break;
                }
                case "w":
                case "whole":
                    list(1, 1000000);
                    break;
                default:
                    log("<error> Unknown Redis Lua debugger command or wrong number of arguments.");
            }
            sendLogs();
        }
    }

    private static int atoi(String s) {
        return (int) dev.emredis.internal.util.Num.atoi(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * ldbReplParseCommand's forgiving parser: "*<n>" then n bulk strings of 1..1024 bytes; null
     * when the client disconnected. A malformed command fails the script with "protocol error".
     */
    private String[] readCommand() {
        byte[] buf = new byte[1024];
        while (true) {
            String[] argv = parse(cbuf.toByteArray());
            if (argv != null) {
                cbuf.reset();
                return argv;
            }
            int n = engine.server().loop() == null ? -1 : engine.server().loop().readDirect(conn, buf);
            if (n <= 0) return null;
            cbuf.write(buf, 0, n);
            if (cbuf.size() > 1 << 20) {
                cbuf.reset();
                throw error("max client buffer reached");
            }
        }
    }

    private static String[] parse(byte[] b) {
        if (b.length == 0) return null;
        int p = indexOf(b, (byte) '*', 0);
        if (p < 0) throw protocolError();
        int eol = crlf(b, p);
        if (eol < 0) return null;
        int argc = atoi(new String(b, p + 1, eol - p - 1, StandardCharsets.ISO_8859_1));
        if (argc <= 0 || argc > 1024) throw protocolError();
        p = eol + 2;
        String[] argv = new String[argc];
        for (int i = 0; i < argc; i++) {
            if (p >= b.length) return null;
            if (b[p] != '$') throw protocolError();
            eol = crlf(b, p);
            if (eol < 0) return null;
            int len = atoi(new String(b, p + 1, eol - p - 1, StandardCharsets.ISO_8859_1));
            if (len <= 0 || len > 1024) throw protocolError();
            p = eol + 2;
            if (p + len + 2 > b.length) return null;
            argv[i] = new String(b, p, len, StandardCharsets.ISO_8859_1);
            p += len;
            if (b[p] != '\r' || b[p + 1] != '\n') throw protocolError();
            p += 2;
        }
        return argv;
    }

    private static ScriptError protocolError() {
        return error("protocol error");
    }

    /** luaPushError + luaError: an error table {err="ERR <msg>"} raised at the current line. */
    private static ScriptError error(String msg) {
        LuaTable t = new LuaTable();
        t.rawset("err", LuaValue.valueOf("ERR " + msg));
        return ScriptError.value(t);
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) return i;
        }
        return -1;
    }

    private static int crlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') return i;
        }
        return -1;
    }

    private void maxlen(String[] argv) {
        if (argv.length == 2) {
            int v = atoi(argv[1]);
            maxlenHintSent = true;
            if (v != 0 && v <= 60) v = 60;
            maxlen = v;
        }
        log(maxlen != 0 ? "<value> replies are truncated at " + maxlen + " bytes." : "<value> replies are unlimited.");
    }

    private void breakCommand(String[] argv) {
        if (argv.length == 1) {
            if (bpcount == 0) {
                log("No breakpoints set. Use 'b <line>' to add one.");
                return;
            }
            log(bpcount + " breakpoints set:");
            for (int j = 0; j < bpcount; j++) logSourceLine(bp[j]);
            return;
        }
        for (int j = 1; j < argv.length; j++) {
            Long line = dev.emredis.internal.util.Num.parseLong(argv[j].getBytes(StandardCharsets.ISO_8859_1));
            if (line == null) {
                log("Invalid argument:'" + argv[j] + "'");
            } else if (line == 0) {
                bpcount = 0;
                log("All breakpoints removed.");
            } else if (line > 0) {
                if (bpcount == BREAKPOINTS_MAX) log("Too many breakpoints set.");
                else if (addBreakpoint(line)) list((int) (long) line, 1);
                else log("Wrong line number.");
            } else {
                log(delBreakpoint((int) -line) ? "Breakpoint removed." : "No breakpoint in the specified line.");
            }
        }
    }

    private boolean addBreakpoint(long line) {
        if (line <= 0 || line > src.length) return false;
        if (!isBreakpoint((int) line) && bpcount != BREAKPOINTS_MAX) {
            bp[bpcount++] = (int) line;
            return true;
        }
        return false;
    }

    private boolean delBreakpoint(int line) {
        for (int j = 0; j < bpcount; j++) {
            if (bp[j] == line) {
                bpcount--;
                // Redis moves (bpcount - j) bytes, not ints, over the removed entry (x86 order)
                int n = bpcount - j;
                byte[] bytes = new byte[(BREAKPOINTS_MAX + 1) * 4];
                for (int i = 0; i < BREAKPOINTS_MAX; i++) {
                    for (int k = 0; k < 4; k++) bytes[i * 4 + k] = (byte) (bp[i] >>> (8 * k));
                }
                System.arraycopy(bytes, (j + 1) * 4, bytes, j * 4, n);
                for (int i = 0; i < BREAKPOINTS_MAX; i++) {
                    int v = 0;
                    for (int k = 0; k < 4; k++) v |= (bytes[i * 4 + k] & 0xff) << (8 * k);
                    bp[i] = v;
                }
                return true;
            }
        }
        return false;
    }

    /** ldbEval: the code as an expression ("return " prepended), else as statements, in a new frame. */
    private void eval(String[] argv) {
        String code = String.join(" ", Arrays.copyOfRange(argv, 1, argv.length));
        LuaValue fn;
        try {
            fn = engine.compileForDebugger("return " + code);
        } catch (LuaError e) {
            try {
                fn = engine.compileForDebugger(code);
            } catch (LuaError e2) {
                log("<error> " + e2.getMessage());
                return;
            }
        }
        try {
            Varargs r = fn.invoke(LuaValue.NONE);
            logWithMaxLen(concat("<retval> ", repr(r.arg1())));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LuaValue v = LuaErrors.value(e);
            log("<error> " + (v.isstring() ? v.tojstring() : "(null)"));
        }
    }

    /** ldbRedis: redis.call with logging on (its command and reply are logged), errors caught. */
    private void redis(String[] argv) {
        LuaValue[] args = new LuaValue[argv.length - 1];
        for (int i = 1; i < argv.length; i++) args[i - 1] = LuaString.valueOf(argv[i].getBytes(StandardCharsets.ISO_8859_1));
        step = true;
        try {
            engine.redisCall(LuaValue.varargsOf(args), true);
        } catch (LuaError e) {
            // logged by redis.call
        } finally {
            step = false;
        }
    }

    /** ldbPrint: the first local of that name from the current frame outwards, or KEYS/ARGV. */
    private void print(LineTracker tracker, String name) {
        for (int level = tracker.depth() - 1; level >= 0; level--) {
            LuaValue v = tracker.local(level, name);
            if (v != null) {
                logWithMaxLen(concat("<value> ", repr(v)));
                return;
            }
        }
        if (name.equals("ARGV") || name.equals("KEYS")) {
            logWithMaxLen(concat("<value> ", repr(engine.evalGlobal(name))));
        } else {
            log("No such variable.");
        }
    }

    /** ldbPrintAll: the locals of the current frame. */
    private void printAll(LineTracker tracker) {
        int vars = 0;
        int level = tracker.depth() - 1;
        for (String[] nameAndIndex : tracker.locals(level)) {
            LuaValue v = tracker.localValue(level, Integer.parseInt(nameAndIndex[1]));
            logWithMaxLen(concat("<value> " + nameAndIndex[0] + " = ", repr(v)));
            vars++;
        }
        if (vars == 0) log("No local variables in the current context.");
    }

    /** ldbTrace: "In <function>:" for the current frame, "From <function>:" for its callers. */
    private void trace(LineTracker tracker) {
        int shown = 0;
        for (int level = tracker.depth() - 1; level >= 0; level--) {
            Prototype p = tracker.proto(level);
            if (p == null || p.source == null || !p.source.tojstring().contains("user_script")) continue;
            String name = tracker.functionName(level);
            log((shown++ == 0 && level == tracker.depth() - 1 ? "In " : "From ") + (name == null ? "top level" : name) + ":");
            logSourceLine(tracker.currentLine(level));
        }
        if (tracker.depth() == 0) log("<error> Can't retrieve Lua stack.");
    }

    /** redis.debug(...): "<debug> line N: " and the values separated by ", ". */
    void debug(Varargs a) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(("<debug> line " + currentLine + ": ").getBytes(StandardCharsets.US_ASCII));
        for (int i = 1; i <= a.narg(); i++) {
            o.writeBytes(repr(a.arg(i)));
            if (i != a.narg()) o.writeBytes(", ".getBytes(StandardCharsets.US_ASCII));
        }
        log(o.toByteArray());
    }

    /** The "<redis> cmd args" line of a command run while stepping (10 arguments at most). */
    void logCommand(byte[][] argv) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes("<redis>".getBytes(StandardCharsets.US_ASCII));
        for (int j = 0; j < argv.length; j++) {
            if (j == 10) {
                o.writeBytes((" ... (" + (argv.length - j - 1) + " more)").getBytes(StandardCharsets.US_ASCII));
                break;
            }
            o.write(' ');
            o.writeBytes(argv[j]);
        }
        log(o.toByteArray());
    }

    private static byte[] concat(String prefix, byte[] rest) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] r = Arrays.copyOf(p, p.length + rest.length);
        System.arraycopy(rest, 0, r, p.length, rest.length);
        return r;
    }

    /** ldbCatStackValue: Redis's human representation of a Lua value. */
    static byte[] repr(LuaValue v) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        repr(o, v, 0);
        return o.toByteArray();
    }

    private static void repr(ByteArrayOutputStream o, LuaValue v, int level) {
        if (level == MAX_VALUES_DEPTH) {
            o.writeBytes("<max recursion level reached! Nested table?>".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        level++;
        switch (v.type()) {
            case LuaValue.TSTRING:
                catRepr(o, Conversions.bytes(v));
                break;
            case LuaValue.TBOOLEAN:
                o.writeBytes((v.toboolean() ? "true" : "false").getBytes(StandardCharsets.US_ASCII));
                break;
            case LuaValue.TNUMBER:
                o.writeBytes(StringFormat.g(v.todouble()).getBytes(StandardCharsets.US_ASCII));
                break;
            case LuaValue.TNIL:
                o.writeBytes("nil".getBytes(StandardCharsets.US_ASCII));
                break;
            case LuaValue.TTABLE: {
                LuaTable t = (LuaTable) v;
                int expected = 1;
                boolean isArray = true;
                ByteArrayOutputStream arr = new ByteArrayOutputStream();
                ByteArrayOutputStream full = new ByteArrayOutputStream();
                for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
                    if (isArray && (e.arg1().type() != LuaValue.TNUMBER || e.arg1().todouble() != expected)) isArray = false;
                    repr(arr, e.arg(2), level);
                    arr.writeBytes("; ".getBytes(StandardCharsets.US_ASCII));
                    full.write('[');
                    repr(full, e.arg1(), level);
                    full.writeBytes("]=".getBytes(StandardCharsets.US_ASCII));
                    repr(full, e.arg(2), level);
                    full.writeBytes("; ".getBytes(StandardCharsets.US_ASCII));
                    expected++;
                }
                byte[] body = (isArray ? arr : full).toByteArray();
                o.write('{');
                if (body.length > 0) o.write(body, 0, body.length - 2);
                o.write('}');
                break;
            }
            default: {
                String type = v.type() == LuaValue.TFUNCTION ? "function" : v.type() == LuaValue.TUSERDATA ? "userdata"
                        : v.type() == LuaValue.TTHREAD ? "thread" : "light-userdata";
                o.writeBytes(("\"" + type + "@0x" + Integer.toHexString(System.identityHashCode(v)) + "\"")
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** sdscatrepr: quoted, with \\ \" \n \r \t \a \b escaped and other non-printables as \xHH. */
    static void catRepr(ByteArrayOutputStream o, byte[] s) {
        o.write('"');
        for (byte b : s) {
            switch (b) {
                case '\\':
                case '"':
                    o.write('\\');
                    o.write(b);
                    break;
                case '\n':
                    o.writeBytes("\\n".getBytes(StandardCharsets.US_ASCII));
                    break;
                case '\r':
                    o.writeBytes("\\r".getBytes(StandardCharsets.US_ASCII));
                    break;
                case '\t':
                    o.writeBytes("\\t".getBytes(StandardCharsets.US_ASCII));
                    break;
                case 7:
                    o.writeBytes("\\a".getBytes(StandardCharsets.US_ASCII));
                    break;
                case '\b':
                    o.writeBytes("\\b".getBytes(StandardCharsets.US_ASCII));
                    break;
                default:
                    if (b >= 0x20 && b < 0x7f) o.write(b);
                    else o.writeBytes(String.format("\\x%02x", b & 0xff).getBytes(StandardCharsets.US_ASCII));
            }
        }
        o.write('"');
    }
}
