package dev.emredis.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;

/**
 * emredis-lua shadows two LuaJ classes (LuaDouble, LexState). If a class path put LuaJ's own
 * first, numbers would print as floats and syntax errors lose their "near" token: this test
 * fails then, instead of every script reply drifting.
 */
class LuaJPatchesTest {
    @Test
    void numbersPrintAsCLuaPercent14g() {
        assertThat(LuaValue.valueOf(1.0 / 3).tojstring()).isEqualTo("0.33333333333333");
        assertThat(LuaValue.valueOf(1e15).tojstring()).isEqualTo("1e+15");
        assertThat(LuaValue.valueOf(Math.pow(2, 53)).tojstring()).isEqualTo("9.007199254741e+15");
        assertThat(LuaValue.valueOf(-0.0).tojstring()).isEqualTo("-0");
        assertThat(LuaValue.valueOf(0.0 / 0.0).tojstring()).isEqualTo("-nan");
        assertThat(LuaValue.valueOf(1e100).tojstring()).isEqualTo("1e+100");
        assertThat(LuaValue.valueOf(2.5).tojstring()).isEqualTo("2.5");
    }

    @Test
    void syntaxErrorsNameTheTokenAsCLuaDoes() {
        Globals g = new Globals();
        g.load(new BaseLib());
        org.luaj.vm2.LoadState.install(g);
        LuaC.install(g);
        assertThatThrownBy(() -> g.load("return +", "@user_script"))
                .isInstanceOf(LuaError.class)
                .hasMessage("user_script:1: unexpected symbol near '+'");
        assertThatThrownBy(() -> g.load("return (", "@user_script"))
                .hasMessage("user_script:1: unexpected symbol near '<eof>'");
        assertThat(g.load("local goto = 1 return goto", "@user_script").call().toint()).isEqualTo(1);
    }
}
