package dev.emredis.js;

import dev.emredis.js.JsTokenizer.Kind;
import dev.emredis.js.JsTokenizer.Token;
import java.util.List;

/** Navigation over a token list for the source rewrites (brackets, significant tokens, lines). */
class Tokens {
    final List<Token> toks;

    Tokens(List<Token> toks) {
        this.toks = toks;
    }

    /**
     * Runs a rewriting pass over the tokens of {@code src}; the source comes back unchanged when
     * the tokenizer cannot read it or its brackets do not balance (Rhino then reports the error,
     * in better words).
     */
    static String rewrite(String src, java.util.function.Function<List<Token>, CharSequence> pass) {
        try {
            return pass.apply(JsTokenizer.tokenize(src)).toString();
        } catch (JsTokenizer.TokenizeException | IndexOutOfBoundsException e) {
            return src;
        }
    }

    boolean space(int i) {
        return toks.get(i).kind == Kind.SPACE;
    }

    /** The next significant token at or after i, or {@code limit} if none before it. */
    int next(int i, int limit) {
        while (i < limit && space(i)) i++;
        return i;
    }

    int prev(int i) {
        i--;
        while (i >= 0 && space(i)) i--;
        return i;
    }

    boolean newlineBetween(int a, int b) {
        for (int i = a + 1; i < b; i++) if (space(i) && toks.get(i).text.indexOf('\n') >= 0) return true;
        return false;
    }

    boolean opens(int i) {
        Token t = toks.get(i);
        if (t.kind == Kind.TEMPLATE) return t.text.endsWith("${");
        return t.kind == Kind.PUNCT && (t.text.equals("(") || t.text.equals("[") || t.text.equals("{"));
    }

    boolean closes(int i) {
        Token t = toks.get(i);
        if (t.kind == Kind.TEMPLATE) return t.text.startsWith("}");
        return t.kind == Kind.PUNCT && (t.text.equals(")") || t.text.equals("]") || t.text.equals("}"));
    }

    /** The index of the bracket closing the one opened at i (templates: the closing chunk). */
    int matching(int i) {
        int depth = 0;
        for (int k = i; k < toks.size(); k++) {
            if (k != i && closes(k)) depth--;
            if (opens(k)) depth++;
            if (k != i && depth == 0) return k;
            if (k == i && !opens(k)) return k;
        }
        throw new IndexOutOfBoundsException("unbalanced");
    }

    boolean is(int i, String s) {
        return i >= 0 && i < toks.size() && toks.get(i).is(s);
    }

    boolean ident(int i) {
        return i >= 0 && i < toks.size() && toks.get(i).kind == Kind.IDENT;
    }

    Kind kind(int i) {
        return toks.get(i).kind;
    }

    String text(int i) {
        return toks.get(i).text;
    }

    /** The end (exclusive) of an expression starting at b: a top-level ',' ';' or closing bracket, or a line break before a new statement. */
    int expressionEnd(int b, int to) {
        int k = b;
        int last = -1;
        while (k < to) {
            if (space(k)) {
                k++;
                continue;
            }
            Token t = toks.get(k);
            if (t.is(",") || t.is(";") || closes(k)) return k;
            if (last >= 0 && newlineBetween(last, k) && t.kind == Kind.IDENT && endsExpression(last)
                    && !t.text.equals("instanceof") && !t.text.equals("in")) {
                return last + 1;
            }
            if (opens(k)) k = matching(k);
            last = k;
            k++;
        }
        return to;
    }

    boolean endsExpression(int i) {
        Token t = toks.get(i);
        if (t.kind == Kind.IDENT || t.kind == Kind.NUMBER || t.kind == Kind.STRING || t.kind == Kind.REGEX) return true;
        if (t.kind == Kind.TEMPLATE) return t.text.endsWith("`");
        return t.is(")") || t.is("]") || t.is("}");
    }

    /** Whether a top-level (depth 0) token between open+1 and close is {@code s}. */
    boolean hasTopLevel(int open, int close, String s) {
        for (int k = open + 1; k < close; k++) {
            if (is(k, s)) return true;
            if (opens(k)) k = matching(k);
        }
        return false;
    }
}
