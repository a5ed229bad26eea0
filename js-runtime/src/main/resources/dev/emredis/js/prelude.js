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

    function isAsync(f) {
        return typeof f === 'function' && host.isAsync(apply.call(fnToString, f, []));
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
