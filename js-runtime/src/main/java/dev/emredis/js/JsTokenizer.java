package dev.emredis.js;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A JavaScript tokenizer good enough to rewrite source safely: it knows strings, template
 * literals (with nested {@code ${...}} code), regular-expression literals (told from division by
 * the previous token), comments, numbers, identifiers and punctuators. Whitespace and comments
 * are kept as tokens so the rewritten text keeps every line break (line numbers of errors stay).
 */
final class JsTokenizer {
    enum Kind { SPACE, IDENT, NUMBER, STRING, TEMPLATE, REGEX, PUNCT }

    static final class Token {
        final Kind kind;
        final String text;
        final int line;

        Token(Kind kind, String text, int line) {
            this.kind = kind;
            this.text = text;
            this.line = line;
        }

        boolean is(String s) {
            return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(s);
        }

        @Override
        public String toString() {
            return kind + ":" + text;
        }
    }

    /** Raised for input the tokenizer cannot read (unterminated string...); Rhino then reports it. */
    static final class TokenizeException extends RuntimeException {
        TokenizeException(String m) {
            super(m);
        }
    }

    private static final String[] PUNCTS = {
        ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
        "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=",
        "&=", "|=", "^=", "<<", ">>", "**",
    };

    /** Keywords after which a '/' starts a regular expression, not a division. */
    private static final java.util.Set<String> REGEX_AFTER = java.util.Set.of(
            "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
            "yield", "await");

    private final String src;
    private int pos;
    private int line = 1;
    private final List<Token> out = new ArrayList<>();
    /** For each open '{' or template substitution: true when it is a template's "${". */
    private final Deque<Boolean> braces = new ArrayDeque<>();

    private JsTokenizer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        JsTokenizer t = new JsTokenizer(src);
        t.run();
        return t.out;
    }

    private void run() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            int start = pos;
            int startLine = line;
            if (Character.isWhitespace(c) || c == '\u2028' || c == '\u2029') {
                while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) advance();
                add(Kind.SPACE, start, startLine);
            } else if (c == '/' && peek(1) == '/') {
                while (pos < src.length() && src.charAt(pos) != '\n') pos++;
                add(Kind.SPACE, start, startLine);
            } else if (c == '/' && peek(1) == '*') {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) throw new TokenizeException("unterminated comment");
                while (pos < end + 2) advance();
                add(Kind.SPACE, start, startLine);
            } else if (c == '\'' || c == '"') {
                string(c);
                add(Kind.STRING, start, startLine);
            } else if (c == '`') {
                pos++;
                templateRest(start, startLine);
            } else if (c == '}' && !braces.isEmpty() && braces.peek()) {
                braces.pop();
                pos++;
                templateRest(start, startLine);
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                pos++;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.'
                        || src.charAt(pos) == '_'
                        || ((src.charAt(pos) == '+' || src.charAt(pos) == '-')
                            && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E') && !hexNumber(start)))) {
                    pos++;
                }
                add(Kind.NUMBER, start, startLine);
            } else if (Character.isJavaIdentifierStart(c) || c == '\\') {
                pos++;
                while (pos < src.length() && (Character.isJavaIdentifierPart(src.charAt(pos)) || src.charAt(pos) == '\\')) pos++;
                add(Kind.IDENT, start, startLine);
            } else if (c == '/' && regexAllowed()) {
                regex();
                add(Kind.REGEX, start, startLine);
            } else {
                String p = null;
                for (String candidate : PUNCTS) {
                    if (src.startsWith(candidate, pos)) {
                        p = candidate;
                        break;
                    }
                }
                if (p == null) p = String.valueOf(c);
                // "?." followed by a digit is a conditional operator and a number
                if (p.equals("?.") && Character.isDigit(peek(2))) p = "?";
                pos += p.length();
                if (p.equals("{")) braces.push(false);
                else if (p.equals("}") && !braces.isEmpty()) braces.pop();
                add(Kind.PUNCT, start, startLine);
            }
        }
    }

    private boolean hexNumber(int start) {
        return pos - start >= 2 && src.charAt(start) == '0' && (src.charAt(start + 1) == 'x' || src.charAt(start + 1) == 'X');
    }

    private void advance() {
        if (src.charAt(pos) == '\n') line++;
        pos++;
    }

    private char peek(int k) {
        return pos + k < src.length() ? src.charAt(pos + k) : '\0';
    }

    private void add(Kind kind, int start, int startLine) {
        out.add(new Token(kind, src.substring(start, pos), startLine));
    }

    private void string(char quote) {
        pos++;
        while (true) {
            if (pos >= src.length()) throw new TokenizeException("unterminated string literal");
            char c = src.charAt(pos);
            if (c == '\\') {
                pos++;
                if (pos < src.length()) advance();
                continue;
            }
            if (c == '\n') throw new TokenizeException("unterminated string literal");
            pos++;
            if (c == quote) return;
        }
    }

    /** From inside a template (after '`' or a substitution's '}') to its end or the next "${". */
    private void templateRest(int start, int startLine) {
        while (true) {
            if (pos >= src.length()) throw new TokenizeException("unterminated template literal");
            char c = src.charAt(pos);
            if (c == '\\') {
                pos++;
                if (pos < src.length()) advance();
            } else if (c == '`') {
                pos++;
                add(Kind.TEMPLATE, start, startLine);
                return;
            } else if (c == '$' && peek(1) == '{') {
                pos += 2;
                braces.push(true);
                add(Kind.TEMPLATE, start, startLine);
                return;
            } else {
                advance();
            }
        }
    }

    private void regex() {
        pos++;
        boolean inClass = false;
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') throw new TokenizeException("unterminated regular expression");
            char c = src.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                break;
            }
        }
        while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos))) pos++;
    }

    /** A '/' starts a regex unless the previous significant token ends an expression. */
    private boolean regexAllowed() {
        for (int i = out.size() - 1; i >= 0; i--) {
            Token t = out.get(i);
            if (t.kind == Kind.SPACE) continue;
            switch (t.kind) {
                case NUMBER:
                case STRING:
                case REGEX:
                    return false;
                case TEMPLATE:
                    return t.text.endsWith("${");
                case IDENT:
                    return REGEX_AFTER.contains(t.text);
                default:
                    return !(t.text.equals(")") || t.text.equals("]") || t.text.equals("}")
                            || t.text.equals("++") || t.text.equals("--"));
            }
        }
        return true;
    }
}
