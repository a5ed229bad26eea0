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
        }
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
        }
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
