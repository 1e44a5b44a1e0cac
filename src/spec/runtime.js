// grade's Jest-style runtime for spec files, in the checker realm. This script (compiled once
// per process) gives a factory; every spec check calls it for a runtime of its own, handed to
// the check's function as a parameter, out of the submission's reach. The runtime registers the
// spec's tests and hooks, runs one test with its hooks, and hands every
// `expect(...).matcher(...)` to the host recorder `record`, which copies the values at once. It
// judges nothing itself: the host compares the copies.
(function makeSpecRuntime(record) {
  "use strict";
  const apply = Reflect.apply, freeze = Object.freeze, define = Object.defineProperty;
  const isArray = Array.isArray;
  const newBlock = (parent, skipped) => ({
    parent, skipped, beforeAll: [], beforeEach: [], afterEach: [], afterAll: [],
  });
  const root = newBlock(null, false);
  let current = root;
  const tests = [];
  const mocks = new WeakMap();
  const allMocks = [];

  const register = (fn, args, skipped) => {
    tests.push({ fn, args, block: current, skipped: skipped || current.skipped });
  };
  const rows = (table) => {
    if (!isArray(table)) throw new TypeError(".each needs an array table");
    const out = [];
    for (let i = 0; i < table.length; i++) out.push(isArray(table[i]) ? table[i] : [table[i]]);
    return out;
  };
  const makeTest = (skippedBase) => {
    const test = (name, fn) => register(fn, [], skippedBase);
    test.skip = (name, fn) => register(fn, [], true);
    test.only = test;
    test.concurrent = test;
    test.todo = (name) => register(undefined, [], true);
    test.each = (table) => (name, fn) => { for (const row of rows(table)) register(fn, row, skippedBase); };
    test.skip.each = (table) => (name, fn) => { for (const row of rows(table)) register(fn, row, true); };
    test.only.each = test.each;
    return freeze(test);
  };
  const block = (fn, args, skipped) => {
    const saved = current;
    current = newBlock(saved, skipped || saved.skipped);
    try { apply(fn, undefined, args); } finally { current = saved; }
  };
  const makeDescribe = (skippedBase) => {
    const describe = (name, fn) => block(fn, [], skippedBase);
    describe.skip = (name, fn) => block(fn, [], true);
    describe.only = describe;
    describe.each = (table) => (name, fn) => { for (const row of rows(table)) block(fn, row, skippedBase); };
    describe.skip.each = (table) => (name, fn) => { for (const row of rows(table)) block(fn, row, true); };
    return freeze(describe);
  };
  const hook = (kind) => (fn) => { current[kind].push(fn); };

  // A function that takes one argument more than it is given waits for `done`, as in Jest.
  const call = (fn, args) => {
    if (typeof fn !== "function") return undefined;
    if (fn.length > args.length) {
      return new Promise((resolve, reject) => {
        const done = (error) => (error === undefined || error === null ? resolve() : reject(error));
        done.fail = reject;
        apply(fn, undefined, [...args, done]);
      });
    }
    return apply(fn, undefined, args);
  };

  const run = async (index, total) => {
    if (tests.length !== total) {
      throw new Error(`the spec registered ${tests.length} tests when it ran, but grade read ${total} in the file: ` +
        "declare tests with literal names and tables, outside loops and conditions");
    }
    const test = tests[index];
    const chain = [];
    for (let b = test.block; b !== null; b = b.parent) chain.unshift(b);
    for (const b of chain) for (const h of b.beforeAll) await call(h, []);
    try {
      for (const b of chain) for (const h of b.beforeEach) await call(h, []);
      await call(test.fn, test.args);
    } finally {
      for (let i = chain.length - 1; i >= 0; i--) for (const h of chain[i].afterEach) await call(h, []);
      for (let i = chain.length - 1; i >= 0; i--) for (const h of chain[i].afterAll) await call(h, []);
    }
  };

  // --- expect ---
  const MATCHERS = [
    "toBe", "toEqual", "toStrictEqual", "toMatchObject", "toThrow", "toThrowError", "toBeCloseTo",
    "toBeDefined", "toBeUndefined", "toBeNull", "toBeNaN", "toBeTruthy", "toBeFalsy", "toContain",
    "toContainEqual", "toHaveLength", "toMatch", "toBeInstanceOf", "toHaveProperty", "toBeGreaterThan",
    "toBeGreaterThanOrEqual", "toBeLessThan", "toBeLessThanOrEqual", "toHaveBeenCalled",
    "toHaveBeenCalledTimes", "toHaveBeenCalledWith", "toHaveBeenLastCalledWith", "toHaveBeenNthCalledWith",
    "toBeCalled", "toBeCalledTimes", "toBeCalledWith",
  ];
  const THROWS = ["toThrow", "toThrowError"];
  const CALLS = [
    "toHaveBeenCalled", "toHaveBeenCalledTimes", "toHaveBeenCalledWith", "toHaveBeenLastCalledWith",
    "toHaveBeenNthCalledWith", "toBeCalled", "toBeCalledTimes", "toBeCalledWith",
  ];
  const contains = (list, item) => list.indexOf(item) !== -1;
  const callsOf = (fn) => {
    const state = mocks.get(fn);
    const all = state.spied.args;
    const out = [];
    for (let i = state.offset; i < all.length; i++) out.push(all[i]);
    return out;
  };
  // What the matcher looks at: the value itself, what calling it did, or a mock's calls.
  const subjectOf = (name, kind, value) => {
    if (contains(THROWS, name)) {
      if (kind === "rejected") return ["threw", value];
      if (kind === "resolved") return ["resolved", value];
      if (typeof value !== "function") return ["not-a-function", value];
      try { return ["returned", value()]; } catch (error) { return ["threw", error]; }
    }
    if (kind === "rejected") return ["rejected", value];
    if (contains(CALLS, name)) {
      return typeof value === "function" && mocks.has(value) ? ["calls", callsOf(value)] : ["not-a-mock", value];
    }
    return ["value", value];
  };
  const matchersFor = (actual, line, column, written, negated, modifier) => {
    const matchers = {};
    for (const name of MATCHERS) {
      matchers[name] = (...expected) => {
        if (modifier === "") {
          const [subject, value] = subjectOf(name, "value", actual);
          record(name, negated, modifier, line, column, written, subject, value, ...expected);
          return undefined;
        }
        return (async () => {
          let kind, value;
          if (actual === null || (typeof actual !== "object" && typeof actual !== "function") ||
              typeof actual.then !== "function") {
            record(name, negated, modifier, line, column, written, "not-a-promise", actual, ...expected);
            return;
          }
          try { value = await actual; kind = "resolved"; } catch (error) { value = error; kind = "rejected"; }
          const wanted = modifier === "resolves" ? "resolved" : "rejected";
          if (kind !== wanted) {
            record(name, negated, modifier, line, column, written, kind === "resolved" ? "resolved-instead" : "rejected",
              value, ...expected);
            return;
          }
          const [subject, seen] = subjectOf(name, modifier === "rejects" ? "rejected-value" : "value", value);
          const shown = contains(THROWS, name) && modifier === "rejects" ? ["threw", value] : [subject, seen];
          record(name, negated, modifier, line, column, written, shown[0], shown[1], ...expected);
        })();
      };
    }
    return freeze(matchers);
  };
  const unsupported = (what) => () => {
    throw new TypeError(`expect.${what} is not supported by grade's spec runner: compare a value with a matcher`);
  };
  const expectAt = (line, column, written) => {
    const expect = (actual) => {
      const base = matchersFor(actual, line, column, written, false, "");
      const not = matchersFor(actual, line, column, written, true, "");
      const resolves = freeze({ ...matchersFor(actual, line, column, written, false, "resolves"),
        not: matchersFor(actual, line, column, written, true, "resolves") });
      const rejects = freeze({ ...matchersFor(actual, line, column, written, false, "rejects"),
        not: matchersFor(actual, line, column, written, true, "rejects") });
      return freeze({ ...base, not, resolves, rejects });
    };
    expect.assertions = () => undefined;
    expect.hasAssertions = () => undefined;
    for (const what of ["any", "anything", "objectContaining", "arrayContaining", "stringContaining",
      "stringMatching", "closeTo", "extend"]) {
      expect[what] = unsupported(what);
    }
    return freeze(expect);
  };

  // --- jest.fn, backed by the `spy` check helper ---
  const fn = (implementation) => {
    const state = { implementation, once: [], offset: 0, spied: null };
    state.spied = spy(function (...args) {
      const next = state.once.length > 0 ? state.once.shift() : state.implementation;
      return typeof next === "function" ? apply(next, this, args) : undefined;
    });
    const mock = function (...args) { return apply(state.spied, this, args); };
    define(mock, "mock", {
      get: () => {
        const calls = callsOf(mock);
        return freeze({ calls, lastCall: calls[calls.length - 1] });
      },
      enumerable: false,
    });
    mock.mockImplementation = (f) => { state.implementation = f; return mock; };
    mock.mockImplementationOnce = (f) => { state.once.push(f); return mock; };
    mock.mockReturnValue = (v) => mock.mockImplementation(() => v);
    mock.mockReturnValueOnce = (v) => mock.mockImplementationOnce(() => v);
    mock.mockResolvedValue = (v) => mock.mockImplementation(() => Promise.resolve(v));
    mock.mockResolvedValueOnce = (v) => mock.mockImplementationOnce(() => Promise.resolve(v));
    mock.mockRejectedValue = (v) => mock.mockImplementation(() => Promise.reject(v));
    mock.mockRejectedValueOnce = (v) => mock.mockImplementationOnce(() => Promise.reject(v));
    mock.mockClear = () => { state.offset = state.spied.calls; return mock; };
    mock.mockReset = () => {
      mock.mockClear();
      state.implementation = undefined;
      state.once.length = 0;
      return mock;
    };
    mock.mockRestore = () => { mock.mockReset(); if (state.restore) state.restore(); };
    state.original = implementation;
    mocks.set(mock, state);
    allMocks.push(mock);
    return { mock, state };
  };
  const jest = {
    fn: (implementation) => freeze(fn(implementation).mock),
    spyOn: (object, method) => {
      const original = object[method];
      if (typeof original !== "function") throw new TypeError(`jest.spyOn: ${String(method)} is not a function`);
      const made = fn(function (...args) { return apply(original, this, args); });
      made.state.restore = () => { object[method] = original; };
      object[method] = made.mock;
      return freeze(made.mock);
    },
    isMockFunction: (f) => mocks.has(f),
    clearAllMocks: () => { for (const m of allMocks) m.mockClear(); },
    resetAllMocks: () => { for (const m of allMocks) m.mockReset(); },
    restoreAllMocks: () => { for (const m of allMocks) if (mocks.get(m).restore) m.mockRestore(); },
    // The clock is always virtual: timers move only when told (or when a test waits on them).
    useFakeTimers: () => jest,
    useRealTimers: () => jest,
    advanceTimersByTime: (ms) => { clock.tick(ms); },
    runAllTimers: () => { clock.tick(2147483647); },
    runOnlyPendingTimers: () => { clock.tick(2147483647); },
    setTimeout: () => jest,
  };
  freeze(jest);

  return freeze({
    run,
    expectAt,
    jest,
    describe: makeDescribe(false),
    xdescribe: makeDescribe(true),
    test: makeTest(false),
    xtest: makeTest(true),
    beforeAll: hook("beforeAll"),
    beforeEach: hook("beforeEach"),
    afterEach: hook("afterEach"),
    afterAll: hook("afterAll"),
  });
})
