// Evaluated once in every library scope before the library code (emredis js-runtime).
// Provides the promises RedisGears exposes, the microtask queue, and the coroutine driver
// (__co) that the async/await source transform targets. Returns the runtime's private API.
(function (g, host) {
    'use strict';
    var apply = Function.prototype.apply;
    var fnToString = Function.prototype.toString;
    var defineProperty = Object.defineProperty;
    var setForEach = Set.prototype.forEach;
    var PENDING = 0, FULFILLED = 1, REJECTED = 2;
    var states = new WeakMap();
    var microtasks = [];

    // arrows lowered to bound functions (SyntaxLowering) remember their source function
    var arrowSources = new WeakMap();
    function isAsync(f) {
        if (typeof f !== 'function') return false;
        var src = arrowSources.get(f);
        return host.isAsync(apply.call(fnToString, src === undefined ? f : src, []));
    }

    function drain() {
        while (microtasks.length > 0) {
            var job = microtasks.shift();
            job();
        }
    }

    // The engine's intrinsic promises: what async functions return and what then() chains.
    function EnginePromise() { }
    function newPromise() {
        var p = Object.create(EnginePromise.prototype);
        states.set(p, { s: PENDING, v: undefined, cbs: [] });
        return p;
    }
    function settle(p, s, v) {
        var st = states.get(p);
        if (st.s !== PENDING) return;
        st.s = s;
        st.v = v;
        var cbs = st.cbs;
        st.cbs = null;
        for (var i = 0; i < cbs.length; i++) schedule(cbs[i], s, v);
    }
    function isThenable(x) {
        return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof x.then === 'function';
    }
    function resolvePromise(p, x) {
        if (x === p) { settle(p, REJECTED, new TypeError('Chaining cycle detected for promise')); return; }
        if (isThenable(x)) {
            var done = false;
            microtasks.push(function () {
                try {
                    x.then(function (y) { if (!done) { done = true; resolvePromise(p, y); } },
                           function (e) { if (!done) { done = true; settle(p, REJECTED, e); } });
                } catch (e) {
                    if (!done) { done = true; settle(p, REJECTED, e); }
                }
            });
            return;
        }
        settle(p, FULFILLED, x);
    }
    function schedule(cb, s, v) {
        microtasks.push(function () {
            var handler = s === FULFILLED ? cb.onFulfilled : cb.onRejected;
            if (typeof handler !== 'function') {
                if (s === FULFILLED) resolvePromise(cb.next, v); else settle(cb.next, REJECTED, v);
                return;
            }
            try {
                resolvePromise(cb.next, handler(v));
            } catch (e) {
                settle(cb.next, REJECTED, e);
            }
        });
    }
    function then(p, onFulfilled, onRejected) {
        var next = newPromise();
        var st = states.get(p);
        var cb = { onFulfilled: onFulfilled, onRejected: onRejected, next: next };
        if (st.s === PENDING) st.cbs.push(cb); else schedule(cb, st.s, st.v);
        return next;
    }
    EnginePromise.prototype.then = function (onFulfilled, onRejected) {
        return then(this, onFulfilled, onRejected);
    };
    EnginePromise.prototype['catch'] = function (onRejected) {
        return then(this, undefined, onRejected);
    };
    EnginePromise.prototype['finally'] = function (f) {
        return then(this, function (v) {
            return then(toPromise(f()), function () { return v; });
        }, function (e) {
            return then(toPromise(f()), function () { throw e; });
        });
    };
    function toPromise(x) {
        if (x !== null && typeof x === 'object' && states.has(x)) return x;
        var p = newPromise();
        resolvePromise(p, x);
        return p;
    }

    // The coroutine driver: runs the generator a rewritten async function made until it returns,
    // resuming it when each awaited value settles. Synchronous up to the first await, like V8.
    function co(self, args, genFn) {
        var p = newPromise();
        var it;
        try {
            it = apply.call(genFn, self, args);
        } catch (e) {
            settle(p, REJECTED, e);
            return p;
        }
        // Resumed values travel wrapped; __aw (what "await" becomes) unwraps them inside the
        // body and throws a rejection there, so try/catch/finally behave as written (Rhino's
        // generator.throw() runs a finally block twice).
        function step(resumeWith) {
            var r;
            try {
                r = it.next(resumeWith);
            } catch (e) {
                settle(p, REJECTED, e);
                return;
            }
            if (r.done) {
                resolvePromise(p, r.value);
                return;
            }
            then(toPromise(r.value), function (x) { step(new Resumed(true, x)); },
                 function (e) { step(new Resumed(false, e)); });
        }
        step(undefined);
        return p;
    }
    function Resumed(ok, v) { this.ok = ok; this.v = v; }
    function aw(r) {
        if (!(r instanceof Resumed)) return r;
        if (r.ok) return r.v;
        throw r.v;
    }
    defineProperty(g, '__aw', { value: aw, writable: false, enumerable: false, configurable: false });
    defineProperty(g, '__co', { value: co, writable: false, enumerable: false, configurable: false });


    // --- targets of the syntax lowering (SyntaxLowering.java): what Rhino lacks, done at run time ---
    var getPrototypeOf = Object.getPrototypeOf, setPrototypeOf = Object.setPrototypeOf;
    var getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor, ownKeys = Reflect.ownKeys;
    var reflectConstruct = Reflect.construct, objectCreate = Object.create, arrayFrom = Array.from;
    var slice = Array.prototype.slice, bind = Function.prototype.bind;
    var ObjectProto = Object.prototype, FunctionProto = Function.prototype;
    var classFields = new WeakMap();
    function hidden(name, value) {
        defineProperty(g, name, { value: value, writable: false, enumerable: false, configurable: false });
    }
    // o.m(...args) becomes o[__sc]('m', [...args]): the receiver stays o
    var spreadCall = Symbol('spreadCall');
    defineProperty(ObjectProto, spreadCall, { value: function (name, args) {
        return apply.call(this[name], this, args);
    }, writable: false, enumerable: false, configurable: false });
    hidden('__sc', spreadCall);
    // new C(...args)
    hidden('__new', function (C, args) { return reflectConstruct(C, args); });
    // (a, ...r) => body: a function with rest parameters bound to the arrow's this
    hidden('__arrow', function (self, fn) {
        var b = apply.call(bind, fn, [self]);
        arrowSources.set(b, fn);
        return b;
    });
    // class C extends P: prototype chain of instances and of the constructor itself
    hidden('__cls', function (C, P, hasExtends) {
        if (hasExtends && P !== null && typeof P !== 'function') {
            throw new TypeError('Class extends value ' + String(P) + ' is not a constructor or null');
        }
        var parentProto = !hasExtends ? ObjectProto : (P === null ? null : P.prototype);
        C.prototype = objectCreate(parentProto, { constructor: { value: C, writable: true, configurable: true } });
        if (hasExtends && P !== null) setPrototypeOf(C, P);
        defineProperty(C, 'prototype', { writable: false });
    });
    // methods and accessors, not enumerable; a getter and a setter of one name are merged
    hidden('__defs', function (target, lit) {
        var keys = ownKeys(lit);
        for (var i = 0; i < keys.length; i++) {
            var k = keys[i];
            if (k === '__proto__') continue;
            var d = getOwnPropertyDescriptor(lit, k);
            d.enumerable = false;
            var old = getOwnPropertyDescriptor(target, k);
            if (old && !('value' in old) && !('value' in d)) {
                if (d.get === undefined) d.get = old.get;
                if (d.set === undefined) d.set = old.set;
            }
            defineProperty(target, k, d);
        }
    });
    // instance fields: initializers run on each new instance, in declaration order
    hidden('__field', function (C, init) {
        var list = classFields.get(C);
        if (list === undefined) classFields.set(C, list = []);
        list[list.length] = init;
    });
    hidden('__initFields', function (o, C) {
        var list = classFields.get(C);
        if (list !== undefined) for (var i = 0; i < list.length; i++) apply.call(list[i], o, []);
    });
    // super(...) in a derived constructor: the parent builds the object, whose prototype is the
    // one of the class being instantiated (Rhino has no new.target; the constructor's own this
    // already carries it)
    hidden('__construct', function (P, args, self) {
        if (P === null) throw new TypeError('Super constructor null of anonymous class is not a constructor');
        var proto = getPrototypeOf(self);
        var o = String(P).indexOf('[native code]') >= 0 ? reflectConstruct(P, args) : reflectConstruct(P, args, proto.constructor);
        if (getPrototypeOf(o) !== proto) setPrototypeOf(o, proto);
        return o;
    });
    // #private fields: hidden properties
    hidden('__hide', function (o, name, v) {
        defineProperty(o, name, { value: v, writable: true, enumerable: false, configurable: true });
    });
    // let [a, ...r] = x / let {a, ...r} = x
    hidden('__arr', function (x) { return Array.isArray(x) ? x : arrayFrom(x); });
    hidden('__objRest', function (o, used) {
        var r = {};
        var keys = ownKeys(Object(o));
        for (var i = 0; i < keys.length; i++) {
            var k = keys[i];
            var skip = false;
            for (var j = 0; j < used.length; j++) if (String(used[j]) === String(k) || used[j] === k) skip = true;
            var d = getOwnPropertyDescriptor(o, k);
            if (!skip && d.enumerable) r[k] = o[k];
        }
        return r;
    });

    // RedisGears replaces the global Promise: no static methods, and resolve/reject take effect
    // later, through the library's job queue (so such a promise is pending when a function returns).
    function Promise(executor) {
        if (typeof executor !== 'function' || isAsync(executor)) throw "Bad argument to 'Promise' function";
        var p = newPromise();
        var called = false;
        function res(x) {
            if (called) return;
            called = true;
            host.enqueue(function () { resolvePromise(p, x); });
        }
        function rej(e) {
            if (called) return;
            called = true;
            host.enqueue(function () { settle(p, REJECTED, e); });
        }
        try {
            executor(res, rej);
        } catch (e) {
            rej(e);
        }
        return p;
    }
    defineProperty(g, 'Promise', { value: Promise, writable: true, enumerable: false, configurable: true });

    return {
        drain: drain,
        isAsync: isAsync,
        isPromise: function (x) { return x !== null && typeof x === 'object' && states.has(x); },
        state: function (p) { var st = states.get(p); return st.s; },
        value: function (p) { return states.get(p).v; },
        then: function (p, f, r) { then(p, f, r); },
        newPromise: newPromise,
        setValues: function (s) { var a = []; apply.call(setForEach, s, [function (v) { a[a.length] = v; }]); return a; },
        forInKeys: function (o) { var a = []; for (var k in o) a[a.length] = k; return a; },
        resolve: function (p, v) { resolvePromise(p, v); },
        reject: function (p, e) { settle(p, REJECTED, e); }
    };
})
