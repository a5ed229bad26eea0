package dev.emredis.js;

import dev.emredis.internal.command.Errors;
import dev.emredis.internal.resp.ReplySink;
import dev.emredis.js.ReplyCapture.Agg;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mozilla.javascript.ConsString;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EcmaError;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.JavaScriptException;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;
import org.mozilla.javascript.WrappedException;
import org.mozilla.javascript.typedarrays.NativeArrayBuffer;

/**
 * Value conversions of §6: RESP3 replies of client.call into JS values (decoded or raw), JS
 * values returned by functions into replies, and thrown values into error texts.
 */
final class Convert {
    private Convert() {}

    /** A JS string exception: what the RedisGears API throws (a primitive string, not an Error). */
    static JavaScriptException jsError(String text) {
        return new JavaScriptException(text, null, 0);
    }

    // --- RESP3 -> JS --------------------------------------------------------------------------

    static Object toJs(Context cx, Library lib, Object node, boolean raw) {
        Scriptable scope = lib.scope;
        if (node == ReplyCapture.NULL) return null;
        if (node instanceof ReplyCapture.Err) throw jsError(((ReplyCapture.Err) node).text());
        if (node instanceof ReplyCapture.Status) {
            String s = ((ReplyCapture.Status) node).text();
            return raw ? arrayBuffer(cx, lib, s.getBytes(StandardCharsets.UTF_8)) : s;
        }
        if (node instanceof Long) return BigInteger.valueOf((Long) node);
        if (node instanceof Double || node instanceof Boolean) return node;
        if (node instanceof byte[]) {
            byte[] b = (byte[]) node;
            if (raw) return arrayBuffer(cx, lib, b);
            String s = utf8(b);
            if (s == null) throw jsError(JsTexts.CANNOT_DECODE);
            return s;
        }
        if (node instanceof ReplyCapture.BigNumber) {
            Scriptable s = stringObject(cx, lib, ((ReplyCapture.BigNumber) node).digits());
            ScriptableObject.putProperty(s, "__reply_type", "big_number");
            return s;
        }
        if (node instanceof ReplyCapture.Verbatim) {
            ReplyCapture.Verbatim v = (ReplyCapture.Verbatim) node;
            Scriptable s;
            if (raw) {
                s = arrayBuffer(cx, lib, v.text());
            } else {
                String text = utf8(v.text());
                if (text == null) throw jsError(JsTexts.CANNOT_DECODE);
                s = stringObject(cx, lib, text);
            }
            ScriptableObject.putProperty(s, "__reply_type", "verbatim");
            ScriptableObject.putProperty(s, "__format", v.format());
            return s;
        }
        Agg a = (Agg) node;
        switch (a.kind) {
            case "map": {
                Scriptable o = cx.newObject(scope);
                for (int i = 0; i + 1 < a.items.size(); i += 2) {
                    Object k = a.items.get(i);
                    String key;
                    if (k instanceof byte[]) {
                        key = utf8((byte[]) k);
                        if (key == null) throw jsError(JsTexts.BINARY_MAP_KEY);
                    } else if (k instanceof ReplyCapture.Status) {
                        key = ((ReplyCapture.Status) k).text();
                    } else if (k instanceof Long) {
                        key = Long.toString((Long) k);
                    } else {
                        throw jsError(JsTexts.BAD_OBJECT_KEY);
                    }
                    ScriptableObject.putProperty(o, key, toJs(cx, lib, a.items.get(i + 1), raw));
                }
                return o;
            }
            case "set": {
                Object[] items = new Object[a.items.size()];
                for (int i = 0; i < items.length; i++) items[i] = toJs(cx, lib, a.items.get(i), raw);
                return lib.setCtor.construct(cx, scope, new Object[] {cx.newArray(scope, items)});
            }
            default: {
                Object[] items = new Object[a.items.size()];
                for (int i = 0; i < items.length; i++) items[i] = toJs(cx, lib, a.items.get(i), raw);
                return cx.newArray(scope, items);
            }
        }
    }

    static Scriptable arrayBuffer(Context cx, Library lib, byte[] b) {
        NativeArrayBuffer ab = (NativeArrayBuffer) lib.arrayBufferCtor.construct(cx, lib.scope, new Object[] {b.length});
        System.arraycopy(b, 0, ab.getBuffer(), 0, b.length);
        return ab;
    }

    private static Scriptable stringObject(Context cx, Library lib, String s) {
        return lib.stringCtor.construct(cx, lib.scope, new Object[] {s});
    }

    /** Strict UTF-8 decoding; null when the bytes are not valid UTF-8. */
    static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // --- JS -> command arguments ----------------------------------------------------------------

    /** A call* argument: a string, String object or ArrayBuffer; anything else is refused. */
    static byte[] argBytes(Object v) {
        if (v instanceof CharSequence) return v.toString().getBytes(StandardCharsets.UTF_8);
        if (v instanceof NativeArrayBuffer) {
            NativeArrayBuffer ab = (NativeArrayBuffer) v;
            return java.util.Arrays.copyOf(ab.getBuffer(), ab.getLength());
        }
        if (v instanceof ScriptableObject && "String".equals(((ScriptableObject) v).getClassName())) {
            return Context.toString(v).getBytes(StandardCharsets.UTF_8);
        }
        throw jsError(JsTexts.ARG_NOT_BYTES);
    }

    // --- JS -> reply ------------------------------------------------------------------------

    /** Thrown while converting a result that cannot be a reply (nesting, bad set element). */
    static final class ReplyError extends RuntimeException {
        ReplyError(String m) {
            super(m, null, false, false);
        }
    }

    /** The reply tree for a function's result (§6.4); the caller writes it with {@link #write}. */
    static Object fromJs(Context cx, Library lib, Object v) {
        try {
            return fromJs(cx, lib, v, 0);
        } catch (ReplyError e) {
            return new ReplyCapture.Err(e.getMessage());
        }
    }

    private static Object fromJs(Context cx, Library lib, Object v, int depth) {
        if (depth > 100) throw new ReplyError(JsTexts.NESTING);
        if (v instanceof BigInteger) return ((BigInteger) v).longValue();
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE
                    && !(d == 0 && 1 / d < 0)) {
                return (long) d;
            }
            return d;
        }
        if (v instanceof CharSequence) return v.toString().getBytes(StandardCharsets.UTF_8);
        if (v == null) return ReplyCapture.NULL;
        if (v instanceof Boolean) return v;
        if (v instanceof NativeArrayBuffer) return argBytes(v);
        if (v instanceof Undefined || !(v instanceof Scriptable)) return Context.toString(v).getBytes(StandardCharsets.UTF_8);
        Scriptable o = (Scriptable) v;
        String cls = o.getClassName();
        if ("String".equals(cls)) {
            Object type = ScriptableObject.getProperty(o, "__reply_type");
            String text = Context.toString(o);
            if ("status".equals(type)) return new ReplyCapture.Status(text);
            if ("verbatim".equals(type)) {
                Object f = ScriptableObject.getProperty(o, "__format");
                String format = f instanceof CharSequence ? f.toString() : "txt";
                return new ReplyCapture.Verbatim(format, text.getBytes(StandardCharsets.UTF_8));
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (o instanceof NativeArray) {
            NativeArray arr = (NativeArray) o;
            long n = arr.getLength();
            Agg a = new Agg("array", (int) n);
            for (int i = 0; i < n; i++) {
                Object e = arr.get(i, arr);
                if (e == Scriptable.NOT_FOUND) e = Undefined.instance;
                a.items.add(fromJs(cx, lib, e, depth + 1));
            }
            return a;
        }
        if ("Set".equals(cls)) {
            NativeArray values = (NativeArray) call(cx, lib, "setValues", o);
            Agg a = new Agg("set", (int) values.getLength());
            for (int i = 0; i < values.getLength(); i++) {
                Object e = values.get(i, values);
                boolean key = e instanceof BigInteger || e instanceof CharSequence || e instanceof Boolean
                        || e instanceof NativeArrayBuffer
                        || (e instanceof Number && ((Number) e).doubleValue() == Math.rint(((Number) e).doubleValue())
                            && Math.abs(((Number) e).doubleValue()) <= Integer.MAX_VALUE);
                if (!key) throw new ReplyError(JsTexts.NOT_A_KEY);
                a.items.add(fromJs(cx, lib, e, depth + 1));
            }
            return a;
        }
        NativeArray keys = (NativeArray) call(cx, lib, "forInKeys", o);
        Agg a = new Agg("map", (int) keys.getLength());
        for (int i = 0; i < keys.getLength(); i++) {
            String k = Context.toString(keys.get(i, keys));
            Object key = arrayIndex(k) ? (Object) Long.parseLong(k) : k.getBytes(StandardCharsets.UTF_8);
            a.items.add(key);
            a.items.add(fromJs(cx, lib, ScriptableObject.getProperty(o, k), depth + 1));
        }
        return a;
    }

    private static boolean arrayIndex(String k) {
        if (k.isEmpty() || k.length() > 10 || (k.length() > 1 && k.charAt(0) == '0')) return false;
        for (int i = 0; i < k.length(); i++) if (k.charAt(i) < '0' || k.charAt(i) > '9') return false;
        return Long.parseLong(k) < 4294967295L;
    }

    static Object call(Context cx, Library lib, String apiFunction, Object... args) {
        Function f = (Function) ScriptableObject.getProperty(lib.api, apiFunction);
        return f.call(cx, lib.scope, lib.scope, args);
    }

    /** Writes a reply tree in the client's protocol. */
    static void write(ReplySink out, Object v) {
        if (v instanceof Long) {
            out.integer((Long) v);
        } else if (v instanceof Double) {
            if (out.protocol() >= 3) out.dbl((Double) v);
            else out.bulk(formatDouble((Double) v));
        } else if (v instanceof byte[]) {
            out.bulk((byte[]) v);
        } else if (v instanceof ReplyCapture.Status) {
            out.simple(((ReplyCapture.Status) v).text());
        } else if (v instanceof ReplyCapture.Verbatim) {
            ReplyCapture.Verbatim vb = (ReplyCapture.Verbatim) v;
            out.verbatim(vb.format(), vb.text());
        } else if (v == ReplyCapture.NULL) {
            out.nullBulk();
        } else if (v instanceof Boolean) {
            out.bool((Boolean) v);
        } else if (v instanceof ReplyCapture.Err) {
            out.error(sanitize(((ReplyCapture.Err) v).text()));
        } else {
            Agg a = (Agg) v;
            List<Object> items = a.items;
            switch (a.kind) {
                case "map": out.map(items.size() / 2); break;
                case "set": out.set(items.size()); break;
                default: out.array(items.size());
            }
            for (Object item : items) write(out, item);
        }
    }

    /** RESP2 text of a double as Redis 7.2 writes it: integral values without a point, else shortest. */
    static String formatDouble(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return 1 / d < 0 ? "-0" : "0";
        if (d == Math.rint(d) && Math.abs(d) < 1e17) return Long.toString((long) d);
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        String mant = s.substring(0, e);
        if (mant.endsWith(".0")) mant = mant.substring(0, mant.length() - 2);
        String exp = s.substring(e + 1);
        if (!exp.startsWith("-")) exp = "+" + exp;
        return mant + "e" + exp;
    }

    /** An error text as a reply: \r, \n and \0 become spaces (Redis would refuse them). */
    static String sanitize(String s) {
        return s.replace('\r', ' ').replace('\n', ' ').replace('\0', ' ');
    }

    // --- exceptions -> error text -------------------------------------------------------------

    /** redisgears_2.error-verbosity of the server whose JS runs on this thread (set by {@link Exec}). */
    static final ThreadLocal<Integer> VERBOSITY = ThreadLocal.withInitial(() -> 1);

    /**
     * The reply text for a thrown or rejecting value (§7.1). With error-verbosity 2 an exception
     * with a stack gives "Name: message" and its frames, newlines replaced by '|'.
     */
    static String errorText(Throwable t) {
        if (t instanceof JsEngine.Timeout) return Errors.TF_TIMEOUT;
        if (t instanceof JavaScriptException) return valueText(((JavaScriptException) t).getValue());
        if (t instanceof EcmaError) {
            EcmaError e = (EcmaError) t;
            String text = e.getName() + ": " + e.getErrorMessage();
            return VERBOSITY.get() >= 2 ? withStack(text, e.getScriptStackTrace()) : text;
        }
        if (t instanceof WrappedException) return errorText(((WrappedException) t).getWrappedException());
        if (t instanceof EvaluatorException) return ((EvaluatorException) t).details();
        if (t instanceof RhinoException) return ((RhinoException) t).details();
        if (t instanceof StackOverflowError) return "RangeError: Maximum call stack size exceeded";
        String m = t.getMessage();
        return m == null ? t.toString() : m;
    }

    /** String(value) for a rejection value or thrown value (with its stack at error-verbosity 2). */
    static String valueText(Object v) {
        if (v instanceof CharSequence) return v.toString();
        try {
            Context cx = Context.getCurrentContext();
            if (cx == null) return String.valueOf(v);
            String text = Context.toString(v);
            if (VERBOSITY.get() >= 2 && v instanceof Scriptable) {
                Object stack = ScriptableObject.getProperty((Scriptable) v, "stack");
                if (stack instanceof CharSequence) return withStack(text, stack.toString());
            }
            return text;
        } catch (RuntimeException e) {
            return String.valueOf(v);
        }
    }

    private static String withStack(String first, String stack) {
        String s = (first + "\n" + stack).strip();
        return s.replace("\r", "").replace('\n', '|');
    }
}
