package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Syntax Rhino refuses and the lowering pass rewrites (classes, spread calls, arrows with rest
 * parameters, const in for heads, rest elements in declarations), run as library code, in sync
 * functions and inside async functions; errors keep the user's line numbers.
 */
class SyntaxLoweringTest extends GearsTestBase {
    /** Loads {@code code} (which defines {@code t}) and returns TFCALL of a function returning t(). */
    private String run(String code) {
        String loaded = load("sl", code + "\nredis.registerFunction('t', () => t());");
        if (!loaded.equals(OK)) return loaded;
        return c.call("TFCALL", "sl.t", "0");
    }

    private String runAsync(String code) {
        String loaded = load("sla", code + "\nredis.registerAsyncFunction('t', async (client) => await t(client));");
        if (!loaded.equals(OK)) return loaded;
        return c.call("TFCALLASYNC", "sla.t", "0");
    }

    @Test
    void classDeclarations() {
        assertThat(run("class A {\n"
                + "  constructor(x) { this.x = x; }\n"
                + "  get double() { return this.x * 2; }\n"
                + "  set double(v) { this.x = v / 2; }\n"
                + "  static make(x) { return new A(x); }\n"
                + "  plus(n) { return this.x + n; }\n"
                + "  [Symbol.iterator]() { return [this.x][Symbol.iterator](); }\n"
                + "  *gen() { yield this.x; yield this.x + 1; }\n"
                + "  'quoted name'() { return 'q'; }\n"
                + "}\n"
                + "function t() {\n"
                + "  var a = A.make(3);\n"
                + "  a.double = 10;\n"
                + "  return [a.x, a.double, a.plus(1), [...a].length, [...a.gen()].join(','), a['quoted name'](),\n"
                + "    typeof A, a instanceof A, Object.keys(a).join(','), a.constructor === A, A.name];\n"
                + "}")).isEqualTo("*11\r\n" + integer(5) + integer(10) + integer(6) + integer(1) + bulk("5,6") + bulk("q")
                + bulk("function") + integer(1) + bulk("x") + integer(1) + bulk("A"));
    }

    @Test
    void inheritanceAndSuper() {
        assertThat(run("class Animal {\n"
                + "  constructor(name) { this.name = name; }\n"
                + "  speak() { return this.name + ' makes a sound'; }\n"
                + "  static kind() { return 'animal'; }\n"
                + "  get label() { return 'A:' + this.name; }\n"
                + "}\n"
                + "class Dog extends Animal {\n"
                + "  constructor(name, breed) {\n"
                + "    super(name);\n"
                + "    this.breed = breed;\n"
                + "  }\n"
                + "  speak() { return super.speak() + ', woof'; }\n"
                + "  static kind() { return 'dog < ' + super.kind(); }\n"
                + "}\n"
                + "class Puppy extends Dog { speak() { return 'small ' + super.speak(); } }\n"
                + "function t() {\n"
                + "  var p = new Puppy('rex', 'lab');\n"
                + "  return [p.speak(), Dog.kind(), p.label, p.breed, p instanceof Animal, p instanceof Puppy,\n"
                + "    Object.getPrototypeOf(Puppy) === Dog];\n"
                + "}")).isEqualTo("*7\r\n" + bulk("small rex makes a sound, woof") + bulk("dog < animal") + bulk("A:rex")
                + bulk("lab") + integer(1) + integer(1) + integer(1));
    }

    @Test
    void classesExtendingBuiltinsExpressionsAndFields() {
        assertThat(run("class MyError extends Error {\n"
                + "  constructor(msg) { super(msg); this.name = 'MyError'; }\n"
                + "}\n"
                + "const Counter = class {\n"
                + "  count = 0;\n"
                + "  static instances = 0;\n"
                + "  step = () => ++this.count;\n"
                + "  constructor() { Counter.instances++; }\n"
                + "};\n"
                + "class Registry extends Map { add(k) { this.set(k, true); return this; } }\n"
                + "function t() {\n"
                + "  var c = new Counter(); c.step(); c.step(); new Counter();\n"
                + "  var e = new MyError('bad');\n"
                + "  var r = new Registry().add('a');\n"
                + "  var caught; try { Counter(); } catch (x) { caught = String(x); }\n"
                + "  return [c.count, Counter.instances, String(e), e instanceof Error, e instanceof MyError, r.size, r.has('a'), caught];\n"
                + "}")).isEqualTo("*8\r\n" + integer(2) + integer(2) + bulk("MyError: bad") + integer(1) + integer(1) + integer(1)
                + integer(1) + bulk("TypeError: Class constructor Counter cannot be invoked without 'new'"));
        // a thrown class instance is reported as an Error object
        assertThat(run("class E2 extends Error {}\nfunction t() { throw new E2('boom'); }")).isEqualTo(err("Error: boom"));
    }

    @Test
    void privateMembersStaticBlocksAndFieldArrowsWithSuper() {
        assertThat(run("class Base { greet() { return 'hi'; } }\n"
                + "class Account extends Base {\n"
                + "  #balance = 0;\n"
                + "  static #count = 0;\n"
                + "  static registry;\n"
                + "  static { this.registry = []; }\n"
                + "  hello = () => super.greet() + '!';\n"
                + "  constructor() { super(); Account.#count++; Account.registry.push(this) }\n"
                + "  #add(n) { this.#balance += n; }\n"
                + "  deposit(n) { this.#add(n); return this.#balance }\n"
                + "  static get count() { return Account.#count; }\n"
                + "}\n"
                + "function t() {\n"
                + "  var a = new Account(); a.deposit(5); new Account();\n"
                + "  return [a.deposit(2), Account.count, Account.registry.length, a.hello(), JSON.stringify(a).indexOf('balance')];\n"
                + "}")).isEqualTo("*5\r\n" + integer(7) + integer(2) + integer(2) + bulk("hi!") + integer(-1));
    }

    @Test
    void spreadCallsAndArrowRest() {
        assertThat(run("function sum(...n) { return n.reduce((a, b) => a + b, 0); }\n"
                + "var o = { base: 100, add(a, b) { return this.base + a + b; } };\n"
                + "function P(a, b) { this.v = a * b; }\n"
                + "var variadic = (first, ...rest) => first + ':' + rest.join('|');\n"
                + "var objDefault = ({a, b = 2}) => a + b;\n"
                + "function t() {\n"
                + "  var args = [1, 2];\n"
                + "  return [sum(...args, 3), o.add(...args), o['add'](...args), new P(...args).v, Math.max(...[4, 9, 2]),\n"
                + "    variadic('x', 'y', 'z'), objDefault({a: 1}), 'ab'.concat(...['c', 'd']), [...args, ...'xy'].length];\n"
                + "}")).isEqualTo("*9\r\n" + integer(6) + integer(103) + integer(103) + integer(2) + integer(9) + bulk("x:y|z")
                + integer(3) + bulk("abcd") + integer(4));
    }

    @Test
    void destructuringOptionalChainingAndNullish() {
        assertThat(run("function t() {\n"
                + "  const [first, ...others] = [1, 2, 3];\n"
                + "  let {a, b: renamed, ...more} = {a: 1, b: 2, c: 3, d: 4};\n"
                + "  var out = [];\n"
                + "  for (const [k, v] of Object.entries({x: 1})) out.push(k + v);\n"
                + "  for (const k in {y: 1}) out.push(k);\n"
                + "  const cfg = null;\n"
                + "  return [first, others.join(','), a, renamed, Object.keys(more).join(','), out.join(','),\n"
                + "    cfg?.deep?.value ?? 'none', {...{p: 1}, q: 2}.q, ((x = 5) => x)()];\n"
                + "}")).isEqualTo("*9\r\n" + integer(1) + bulk("2,3") + integer(1) + integer(2) + bulk("c,d") + bulk("x1,y")
                + bulk("none") + integer(2) + integer(5));
    }

    @Test
    void loweredFormsInsideAsyncFunctions() {
        assertThat(runAsync("class Store {\n"
                + "  constructor(client) { this.client = client; }\n"
                + "  async put(k, ...vals) {\n"
                + "    return await this.client.block((c) => c.call('rpush', k, ...vals));\n"
                + "  }\n"
                + "  static async open(client) { return new Store(client); }\n"
                + "}\n"
                + "async function t(client) {\n"
                + "  const s = await Store.open(client);\n"
                + "  const n = await s.put('l', ...['a', 'b']);\n"
                + "  const collect = async (...xs) => xs.length;\n"
                + "  const [head, ...tail] = await client.block((c) => c.call('lrange', 'l', '0', '-1'));\n"
                + "  return [Number(n), head, tail.length, await collect(1, 2, 3)];\n"
                + "}")).isEqualTo("*4\r\n" + integer(2) + bulk("a") + integer(1) + integer(3));
        // an async arrow with rest parameters is still known as async
        assertThat(load("sla2", "redis.registerFunction('f', async (...a) => 1);"))
                .isEqualTo(err("Failed loading library: 'registerFunction' can not be used with async function, use 'registerAsyncFunction' instead.."));
        assertThat(load("sla2", "class H { async run(c, ...args) { return args.length; } }\n"
                + "redis.registerAsyncFunction('f', new H().run);")).isEqualTo(OK);
        assertThat(c.call("TFCALLASYNC", "sla2.f", "0", "x", "y")).isEqualTo(integer(2));
    }

    @Test
    void errorLinesStayTheUsersLines() {
        assertThat(c.call("CONFIG", "SET", "redisgears_2.error-verbosity", "2")).isEqualTo(OK);
        try {
            String reply = run("class A extends Object {\n"
                    + "  constructor(x,\n"
                    + "      y) {\n"
                    + "    super();\n"
                    + "    this.v = f(...[x, y]);\n"
                    + "  }\n"
                    + "  static\n"
                    + "  m() {\n"
                    + "    throw new Error('in m');\n"
                    + "  }\n"
                    + "}\n"
                    + "function f(a, b) { return a + b; }\n"
                    + "function t() {\n"
                    + "  const [p, ...q] = [1,\n"
                    + "    2];\n"
                    + "  A.m();\n"
                    + "}");
            assertThat(reply).startsWith("-Error: in m").contains("sl:10"); // header line + 9
        } finally {
            c.call("CONFIG", "SET", "redisgears_2.error-verbosity", "1");
        }
        // every line of the lowered source is the line it was written on
        String src = "class A extends B { // L1\n"
                + "  constructor(a,\n"
                + "    b) { super(...a); // L3\n"
                + "  }\n"
                + "  x =\n"
                + "    1; // L6\n"
                + "  static\n"
                + "  get y() { return f(...z); } // L8\n"
                + "}\n"
                + "const [p,\n"
                + "  ...q] = g(); // L11\n"
                + "var h = (a,\n"
                + "  ...r) => r; // L13\n"
                + "o.m(\n"
                + "  ...s); // L15\n";
        String lowered = SyntaxLowering.lower(src);
        String[] lines = lowered.split("\n", -1);
        assertThat(lines).hasSize(src.split("\n", -1).length);
        for (int n : new int[] {1, 3, 6, 8, 11, 13, 15}) assertThat(lines[n - 1]).contains("// L" + n);
    }

    @Test
    void codeRhinoAlreadyRunsIsLeftExactlyAsWritten() {
        String[] untouched = {
            "function f(...args) { return g.apply(null, args); }",
            "var o = { class: 1, static() { return this.class; }, get(k) { return k; }, set: 2 };",
            "var x = o.class + obj['class'];",
            "var s = 'class A { f(...x) }' + `${a} ...b ${c(d)}`;",
            "var r = /f\\(\\.\\.\\.a\\)/g.test(str) ? [...arr] : {...obj};",
            "var h = (a, b = 2) => a + b; var k = async (x) => await x; var m = ([p, q]) => p;",
            "for (let i = 0; i < 3; i++) { if (i) continue; }",
            "for (var [k, v] of map) { total += v; }",
            "let { a, b: [c] } = obj; var [d = 1, e] = list;",
            "var y = a?.b?.(c) ?? d; z ||= 1;",
            "async function w(client) { return await client.block((c) => c.call('get', 'k')); }",
            "label: for (;;) { break label; }",
            "tag`x${1}`; new Foo(a, b); new Foo; super_ = 1; this.x = [1, ...[2]];",
        };
        for (String src : untouched) assertThat(SyntaxLowering.lower(src)).as(src).isEqualTo(src);
    }
}
