package dev.emredis.lua;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * LuaJ's VM reports every call, return and instruction to the installed DebugLib; this one is
 * installed privately (no {@code debug} global) to know the current line of the innermost Lua
 * frame, which Redis puts in its error replies ("on @user_script:3.") and in "user_script:3:"
 * prefixes. It keeps the last instruction executed, so a Java function called from Lua (even in
 * a tail call, where LuaJ has already left the caller's frame) knows the calling line.
 */
final class LineTracker extends DebugLib {
    private final org.luaj.vm2.Globals owner;
    private final LuaThread main;
    private Prototype[] frames = new Prototype[32];
    /** The registers of each Lua frame, read only when an error is reported (VmErrorNames). */
    private org.luaj.vm2.LuaValue[][] stacks = new org.luaj.vm2.LuaValue[32][];
    /** The failing frame as the error left it: where it stopped and its registers. */
    /** While a debugging session runs (SCRIPT DEBUG): each frame's last pc, for line events. */
    private int[] framePcs = new int[32];
    private Ldb ldb;
    private Prototype errProto;
    private int errPc = -1;
    private org.luaj.vm2.LuaValue[] errStack;
    private int depth;
    private Prototype lastProto;
    private int lastPc = -1;

    private static final ThreadLocal<LineTracker> CURRENT = new ThreadLocal<>();
    /** Instructions between two checks of the time limit (Redis's count hook: 100,000). */
    private static final int HOOK_EVERY = 10_000;
    private int count;
    private Runnable hook = () -> { };
    /** Set by SCRIPT/FUNCTION KILL: from then on every instruction raises the kill error. */
    private ScriptError killed;

    LineTracker(org.luaj.vm2.Globals owner) {
        this.owner = owner;
        this.main = owner.running;
    }

    /** Marks this tracker as the one of the script running on this thread (null when none). */
    static void enter(LineTracker t) {
        CURRENT.set(t);
    }

    static LineTracker current() {
        return CURRENT.get();
    }

    /** Turns the debugger's line hook on (a session) or off (null). */
    void ldb(Ldb l) {
        this.ldb = l;
    }

    void hook(Runnable h) {
        this.hook = h;
    }

    void kill(ScriptError e) {
        this.killed = e;
    }

    ScriptError killed() {
        return killed;
    }

    void reset() {
        killed = null;
        count = 0;
        depth = 0;
        lastProto = null;
        lastPc = -1;
        errProto = null;
        errStack = null;
        java.util.Arrays.fill(stacks, null);
    }

    private boolean onMain() {
        return owner.running == main;
    }

    @Override
    public void onCall(LuaFunction f) {
        if (!onMain()) return;
        push(null, null);
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, org.luaj.vm2.LuaValue[] stack) {
        if (!onMain()) return;
        push(c.p, stack);
    }

    private void push(Prototype p, org.luaj.vm2.LuaValue[] stack) {
        if (depth == frames.length) {
            frames = java.util.Arrays.copyOf(frames, depth * 2);
            stacks = java.util.Arrays.copyOf(stacks, depth * 2);
            framePcs = java.util.Arrays.copyOf(framePcs, depth * 2);
        }
        framePcs[depth] = -1;
        stacks[depth] = stack;
        frames[depth++] = p;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (killed != null) throw killed;
        if (++count >= HOOK_EVERY) {
            count = 0;
            hook.run();
        }
        if (!onMain() || depth == 0) return;
        Prototype p = frames[depth - 1];
        if (p != null) {
            lastProto = p;
            lastPc = pc;
            if (ldb != null) lineEvent(p, pc);
        }
    }

    /**
     * C Lua's line hook fires when a function starts, when the code jumps back (a loop) and when
     * a new line starts; only lines of the script itself reach the debugger.
     */
    private void lineEvent(Prototype p, int pc) {
        int prev = framePcs[depth - 1];
        framePcs[depth - 1] = pc;
        if (p.lineinfo == null || pc >= p.lineinfo.length) return;
        int line = p.lineinfo[pc];
        if (pc == 0 || pc <= prev || prev < 0 || line != p.lineinfo[prev]) {
            if (p.source != null && p.source.tojstring().contains("user_script")) ldb.line(line, this);
        }
    }

    /** The frame depth at which pcall called a library function directly, or -1. */
    private int directCallDepth = -1;

    /** pcall is about to call {@code f}; when it is not a Lua function, remember the depth. */
    int enterDirectCall(boolean library) {
        int saved = directCallDepth;
        directCallDepth = library ? depth : -1;
        return saved;
    }

    void leaveDirectCall(int saved) {
        directCallDepth = saved;
    }

    /** A library function runs with no Lua frame between it and pcall (luaL_where finds none). */
    boolean inDirectCall() {
        return directCallDepth >= 0 && directCallDepth == depth;
    }

    /** Puts the script's position back after the debugger ran code of its own (eval). */
    void restorePosition(Prototype p, int pc) {
        lastProto = p;
        lastPc = pc;
    }

    // The debugger's view of the stack: level 0 is the outermost frame, depth()-1 the current.

    int depth() {
        return depth;
    }

    Prototype proto(int level) {
        return frames[level];
    }

    int framePc(int level) {
        return framePcs[level];
    }

    int currentLine(int level) {
        Prototype p = frames[level];
        int pc = framePcs[level];
        if (p == null || p.lineinfo == null || pc < 0 || pc >= p.lineinfo.length) return -1;
        return p.lineinfo[pc];
    }

    /** The active locals of a Lua frame in order: {name, register}. */
    java.util.List<String[]> locals(int level) {
        java.util.List<String[]> out = new java.util.ArrayList<>();
        Prototype p = frames[level];
        if (p == null) return out;
        int pc = Math.max(framePcs[level], 0);
        for (int n = 1; ; n++) {
            org.luaj.vm2.LuaString name = p.getlocalname(n, pc);
            if (name == null) break;
            out.add(new String[] {name.tojstring(), Integer.toString(n - 1)});
        }
        return out;
    }

    org.luaj.vm2.LuaValue localValue(int level, int register) {
        org.luaj.vm2.LuaValue[] regs = stacks[level];
        if (regs == null || register >= regs.length || regs[register] == null) return org.luaj.vm2.LuaValue.NIL;
        return regs[register];
    }

    /** The value of the local {@code name} active in that frame, or null. */
    org.luaj.vm2.LuaValue local(int level, String name) {
        for (String[] l : locals(level)) {
            if (l[0].equals(name)) return localValue(level, Integer.parseInt(l[1]));
        }
        return null;
    }

    /** getfuncname: the name the calling Lua frame used for this frame's function, or null. */
    String functionName(int level) {
        if (level == 0 || frames[level - 1] == null) return null;
        // a tail-called function replaced its caller's frame: C Lua gives no name then
        Prototype caller = frames[level - 1];
        int pc = framePcs[level - 1];
        if (pc < 0 || pc >= caller.code.length || stacks[level - 1] == null) return null;
        org.luaj.vm2.LuaValue f = stacks[level - 1][org.luaj.vm2.Lua.GETARG_A(caller.code[pc])];
        if (!(f instanceof org.luaj.vm2.LuaClosure) || ((org.luaj.vm2.LuaClosure) f).p != frames[level]) return null;
        return VmErrorNames.calledName(caller, pc);
    }

    @Override
    public void onReturn() {
        if (!onMain()) return;
        if (depth > 0) depth--;
    }

    /**
     * LuaJ asks for a traceback once per error, in the innermost Lua frame it leaves, before
     * that frame returns; Redis's messages carry none. The moment is used to keep the frame's
     * registers for naming the operand of a VM error (VmErrorNames).
     */
    @Override
    public String traceback(int level) {
        if (onMain() && depth > 0 && frames[depth - 1] == lastProto && lastProto != null) {
            errProto = lastProto;
            errPc = lastPc;
            errStack = stacks[depth - 1];
        } else {
            errProto = null;
            errStack = null;
        }
        return "";
    }

    /**
     * C Lua's wording, with variable names, of the VM error {@code msg} raised by the last
     * instruction executed, or null when that instruction did not raise it.
     */
    String vmError(String msg) {
        if (lastProto == null) return null;
        org.luaj.vm2.LuaValue[] regs = errProto == lastProto && errPc == lastPc ? errStack : null;
        // A tail call fails after its frame returned: the popped slot still holds its registers.
        if (regs == null && depth < frames.length && frames[depth] == lastProto) regs = stacks[depth];
        return VmErrorNames.reword(msg, lastProto, lastPc, regs);
    }

    /** The current line of the innermost Lua frame, or -1. */
    int line() {
        if (lastProto == null || lastProto.lineinfo == null || lastPc < 0 || lastPc >= lastProto.lineinfo.length) return -1;
        return lastProto.lineinfo[lastPc];
    }

    /** "user_script:3" for the current position, or null. */
    String position() {
        int line = line();
        if (line < 0) return null;
        String src = lastProto.source == null ? "?" : lastProto.source.tojstring();
        return ScriptError.cPosition(src) + ":" + line;
    }
}
