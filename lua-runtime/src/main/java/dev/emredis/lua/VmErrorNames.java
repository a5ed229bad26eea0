package dev.emredis.lua;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * C Lua 5.1 names the variable behind a VM type error ("attempt to call local 'a' (a nil value)",
 * "attempt to index field 'x' (a nil value)"): luaG_typeerror looks at the instruction that
 * failed and, when the faulty operand is a register, asks getobjname where the register's value
 * came from (a local's debug name, or by symbolic execution the instruction that last set it: a
 * global read, a field read with a constant key, an upvalue, a method lookup, or a move from
 * another register). LuaJ raises these errors with its own words and no names; this class
 * rewrites them from the failing instruction, which the line tracker knows (prototype and pc of
 * the last instruction executed, and the frame's registers when the error left that frame). It
 * runs only when an error is reported, so scripts that do not fail pay nothing.
 *
 * <p>LuaJ compiles Lua 5.2 bytecode: globals are read with GETTABUP on the {@code _ENV} upvalue
 * (C Lua 5.1: GETGLOBAL) and fields of an upvalue table with GETTABUP on that upvalue (5.1:
 * GETUPVAL then GETTABLE), so both are mapped back to the names 5.1 gives.
 */
final class VmErrorNames {
    private VmErrorNames() {}

    /** The environment upvalue's name as emredis's LexState gives it (not "_ENV", see there). */
    private static final LuaString ENV = LuaString.valueOf("(_ENV)");
    private static final Pattern CALL = Pattern.compile("attempt to call (\\w+)");
    private static final Pattern INDEX = Pattern.compile("attempt to index \\? \\(a (\\w+) value\\)|index expected, got (\\w+)");
    private static final Pattern LENGTH = Pattern.compile("attempt to get length of (\\w+)");

    /**
     * The C Lua wording of LuaJ's VM error {@code msg}, raised by instruction {@code pc} of
     * {@code p}; {@code regs} are that frame's registers, or null when unknown (an error raised
     * after the frame was left, as in a tail call). Null when the instruction did not raise it.
     */
    static String reword(String msg, Prototype p, int pc, LuaValue[] regs) {
        if (p == null || pc < 0 || pc >= p.code.length) return null;
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        Matcher m;
        if ((m = CALL.matcher(msg)).matches() && (op == Lua.OP_CALL || op == Lua.OP_TAILCALL)) {
            // A function in the register means the error came from inside the callee (so does
            // any error of a plain call seen outside its frame).
            if (regs == null ? op == Lua.OP_CALL : regs[a].isfunction()) return null;
            return typeError("call", p, pc, a, m.group(1));
        }
        if ((m = INDEX.matcher(msg)).matches()) {
            String type = m.group(1) != null ? m.group(1) : m.group(2);
            switch (op) {
                case Lua.OP_GETTABLE:
                case Lua.OP_SELF:
                    return indexed(p, pc, Lua.GETARG_B(i), regs, type);
                case Lua.OP_SETTABLE:
                    return indexed(p, pc, a, regs, type);
                case Lua.OP_GETTABUP:
                    return upvalueIndexed(p, Lua.GETARG_B(i), type);
                case Lua.OP_SETTABUP:
                    return upvalueIndexed(p, a, type);
                default:
                    return null;
            }
        }
        if (msg.startsWith("table index expected") && op == Lua.OP_SETTABLE && regs != null) {
            // luaH_set: a nil or NaN key
            LuaValue key = rk(p, regs, Lua.GETARG_B(i));
            return key.isnil() ? "table index is nil" : "table index is NaN";
        }
        if ((m = LENGTH.matcher(msg)).matches() && op == Lua.OP_LEN) {
            return typeError("get length of", p, pc, Lua.GETARG_B(i), m.group(1));
        }
        if (regs == null) return null;
        if (msg.startsWith("attempt to perform arithmetic")) {
            if (op == Lua.OP_UNM) return typeError("perform arithmetic on", p, pc, Lua.GETARG_B(i), regs[Lua.GETARG_B(i)].typename());
            if (op < Lua.OP_ADD || op > Lua.OP_POW) return null;
            // luaG_aritherror: the first operand if it is not a number (or numeric string), else the second.
            int b = Lua.GETARG_B(i);
            int c = Lua.GETARG_C(i);
            int bad = rk(p, regs, b).tonumber().isnil() ? b : c;
            return typeError("perform arithmetic on", p, pc, bad, rk(p, regs, bad).typename());
        }
        if (msg.startsWith("attempt to concatenate") && op == Lua.OP_CONCAT) {
            return concatError(p, pc, Lua.GETARG_B(i), Lua.GETARG_C(i), regs);
        }
        if (msg.startsWith("attempt to compare") && (op == Lua.OP_LT || op == Lua.OP_LE)) {
            // luaG_ordererror: operands in instruction order (a > b is compiled as b < a).
            String t1 = rk(p, regs, Lua.GETARG_B(i)).typename();
            String t2 = rk(p, regs, Lua.GETARG_C(i)).typename();
            return t1.equals(t2) ? "attempt to compare two " + t1 + " values" : "attempt to compare " + t1 + " with " + t2;
        }
        return null;
    }

    /** The name of the function the CALL at {@code pc} calls (getfuncname), or null. */
    static String calledName(Prototype p, int pc) {
        if (p == null || pc < 0 || pc >= p.code.length) return null;
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        if (op != Lua.OP_CALL && op != Lua.OP_TAILCALL) return null;
        String[] kn = objName(p, pc, Lua.GETARG_A(i));
        return kn == null ? null : kn[1];
    }

    /** R(x) or the constant K(x) (an RK operand). */
    private static LuaValue rk(Prototype p, LuaValue[] regs, int x) {
        return Lua.ISK(x) ? p.k[Lua.INDEXK(x)] : regs[x];
    }

    private static String indexed(Prototype p, int pc, int reg, LuaValue[] regs, String type) {
        // Through __index/__newindex the failing value may not be the operand itself: no name then.
        if (regs != null && regs[reg].istable()) return "attempt to index a " + type + " value";
        return typeError("index", p, pc, reg, type);
    }

    private static String upvalueIndexed(Prototype p, int up, String type) {
        String name = upvalueName(p, up);
        return "attempt to index upvalue '" + name + "' (a " + type + " value)";
    }

    /**
     * luaV_concat works from the right: the first failing pair names its left operand unless
     * that one is a string or number (then the right one, which is never a finished partial
     * concatenation, since those are strings).
     */
    private static String concatError(Prototype p, int pc, int from, int to, LuaValue[] regs) {
        int bad = -1;
        for (int j = to - 1; j >= from && bad < 0; j--) {
            boolean leftOk = strOrNum(regs[j]);
            if (j + 1 == to && !strOrNum(regs[to])) bad = leftOk ? to : j;
            else if (!leftOk) bad = j;
        }
        if (bad < 0) return null;
        return typeError("concatenate", p, pc, bad, regs[bad].typename());
    }

    private static boolean strOrNum(LuaValue v) {
        return v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER;
    }

    /** luaG_typeerror: with a name when the operand is a register getobjname can explain. */
    private static String typeError(String what, Prototype p, int pc, int reg, String type) {
        String[] kn = Lua.ISK(reg) ? null : objName(p, pc, reg);
        if (kn == null) return "attempt to " + what + " a " + type + " value";
        return "attempt to " + what + " " + kn[0] + " '" + kn[1] + "' (a " + type + " value)";
    }

    /** getobjname: {kind, name} of register {@code reg} at {@code pc}, or null. */
    private static String[] objName(Prototype p, int pc, int reg) {
        LuaString local = p.getlocalname(reg + 1, pc);
        if (local != null) return new String[] {"local", local.tojstring()};
        int at = lastSet(p, pc, reg);
        if (at < 0) return null;
        int i = p.code[at];
        switch (Lua.GET_OPCODE(i)) {
            case Lua.OP_MOVE: {
                int b = Lua.GETARG_B(i);
                // Lua 5.1 looks the source register up at the failing pc too.
                return b < Lua.GETARG_A(i) ? objName(p, pc, b) : null;
            }
            case Lua.OP_GETTABUP: {
                int up = Lua.GETARG_B(i);
                boolean global = up < p.upvalues.length && ENV.eq_b(p.upvalues[up].name);
                return new String[] {global ? "global" : "field", constantName(p, Lua.GETARG_C(i))};
            }
            case Lua.OP_GETTABLE:
                return new String[] {"field", constantName(p, Lua.GETARG_C(i))};
            case Lua.OP_GETUPVAL:
                return new String[] {"upvalue", upvalueName(p, Lua.GETARG_B(i))};
            case Lua.OP_SELF:
                return new String[] {"method", constantName(p, Lua.GETARG_C(i))};
            default:
                return null;
        }
    }

    /** kname: a string constant key, else "?". */
    private static String constantName(Prototype p, int rk) {
        if (Lua.ISK(rk) && p.k[Lua.INDEXK(rk)].type() == LuaValue.TSTRING) return p.k[Lua.INDEXK(rk)].tojstring();
        return "?";
    }

    private static String upvalueName(Prototype p, int up) {
        return up < p.upvalues.length && p.upvalues[up].name != null ? p.upvalues[up].name.tojstring() : "?";
    }

    /** The last instruction before {@code lastPc} that set register {@code reg}, or -1 (findsetreg). */
    private static int lastSet(Prototype p, int lastPc, int reg) {
        int found = -1;
        for (int pc = 0; pc < lastPc; pc++) {
            int i = p.code[pc];
            int op = Lua.GET_OPCODE(i);
            int a = Lua.GETARG_A(i);
            switch (op) {
                case Lua.OP_LOADNIL:
                    if (a <= reg && reg <= a + Lua.GETARG_B(i)) found = pc;
                    break;
                case Lua.OP_TFORCALL:
                    if (reg >= a + 2) found = pc;
                    break;
                case Lua.OP_CALL:
                case Lua.OP_TAILCALL:
                    if (reg >= a) found = pc;
                    break;
                case Lua.OP_JMP: {
                    int dest = pc + 1 + Lua.GETARG_sBx(i);
                    // a forward jump that does not skip lastPc is followed
                    if (pc < dest && dest <= lastPc) pc = dest - 1;
                    break;
                }
                case Lua.OP_TEST:
                    if (reg == a) found = pc;
                    break;
                default:
                    if (Lua.testAMode(op) && reg == a) found = pc;
                    break;
            }
        }
        return found;
    }
}
