// Sandbox attack suite: hostile Lua scripts against the default (sandbox) profile. Each attack
// states its exact expected outcome (value, clean runtime error, or an uncatchable limit), is
// bounded in time, and after a limit error the VM must still evaluate `return 1 + 1`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CIRCULAR, Lua, LuaError, LuaTable, type LuaOptions } from "../../src/index.js";

const TIME_BOUND_MS = 5000;
type Kind = "syntax" | "runtime" | "limit" | "host";

function timed<T>(fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    expect(performance.now() - t0).toBeLessThan(TIME_BOUND_MS);
  }
}

function failure(vm: Lua, src: string, evalOpts: Parameters<Lua["eval"]>[1] = {}): LuaError {
  let caught: unknown;
  let values: unknown;
  timed(() => {
    try {
      values = vm.eval(src, evalOpts).values;
    } catch (e) {
      caught = e;
    }
  });
  if (caught === undefined) throw new Error(`expected an error from ${src.slice(0, 200)}, got values ${JSON.stringify(values, (_k, v) => (typeof v === "bigint" ? String(v) : v instanceof LuaTable ? "<table>" : v))}`);
  if (!(caught instanceof LuaError)) {
    throw new Error(`expected a LuaError from ${src.slice(0, 200)}, got ${String((caught as Error)?.name)}: ${String((caught as Error)?.message)}`);
  }
  return caught;
}

function stillWorks(vm: Lua): void {
  expect(vm.eval("return 1 + 1").values).toEqual([2]);
}

/** Evaluate and expect exactly these returned values. */
function returns(src: string, expected: unknown[], opts: LuaOptions = {}): Lua {
  const vm = Lua.create(opts);
  const { values } = timed(() => vm.eval(src));
  expect(values).toEqual(expected);
  return vm;
}

/** Evaluate and expect an error of `kind` whose message contains `fragment`. */
function fails(src: string, kind: Kind, fragment: string | RegExp, opts: LuaOptions = {}): LuaError {
  const vm = Lua.create(opts);
  const err = failure(vm, src);
  expect({ kind: err.kind, message: err.message }).toMatchObject({ kind });
  expect(err.message).not.toContain("time limit exceeded");
  if (typeof fragment === "string") expect(err.message).toContain(fragment);
  else expect(err.message).toMatch(fragment);
  stillWorks(vm);
  return err;
}

/** Evaluate and expect a limit error (optionally of a specific limit). */
function limited(src: string, opts: LuaOptions, fragment?: string): LuaError {
  return fails(src, "limit", fragment ?? "limit exceeded", opts);
}

/** Either a limit error or a clean runtime error matching `runtimeFragment`. */
function limitedOrRuntime(src: string, opts: LuaOptions, runtimeFragment: RegExp): LuaError {
  const vm = Lua.create(opts);
  const err = failure(vm, src);
  if (err.kind === "limit") {
    expect(err.message).toContain("limit exceeded");
    expect(err.message).not.toContain("time limit exceeded");
  } else {
    expect(err.kind).toBe("runtime");
    expect(err.message).toMatch(runtimeFragment);
  }
  stillWorks(vm);
  return err;
}

// timeoutMs is only a backstop so that a budget bug cannot hang the suite: no attack here may end
// in "time limit exceeded" (checked in fails()), the instruction/memory/depth budget must fire first.
const BACKSTOP = 4000;
const CPU = { budget: { instructions: 200_000, timeoutMs: BACKSTOP } } satisfies LuaOptions;
const MEM = { budget: { memoryBytes: 4 << 20, timeoutMs: BACKSTOP } } satisfies LuaOptions;
const DEPTH = { budget: { depth: 200, timeoutMs: BACKSTOP } } satisfies LuaOptions;
// metamethod recursion also nests host calls; Lua's own "C stack overflow" fires near 200 of them
const DEPTH_MM = { budget: { depth: 50, timeoutMs: BACKSTOP } } satisfies LuaOptions;

// ---------------------------------------------------------------------------------------------

describe("environment escapes", () => {
  const missingGlobals: Record<string, string> = {
    "io.write": "io.write('x')",
    "io.open": "return io.open('/etc/passwd')",
    "os.execute": "os.execute('echo pwned')",
    "os.exit": "os.exit(1)",
    "os.getenv": "return os.getenv('HOME')",
    "debug.getinfo": "return debug.getinfo(1)",
    "debug.setmetatable": "debug.setmetatable(nil, {__index = function() return 1 end})",
    "package.loaded": "return package.loaded",
  };
  for (const [name, src] of Object.entries(missingGlobals)) {
    const lib = name.split(".")[0]!;
    it(`has no ${name}`, () => {
      fails(src, "runtime", `attempt to index a nil value (global '${lib}')`);
    });
  }

  for (const fn of ["require", "load", "loadfile", "dofile", "collectgarbage", "loadstring", "setfenv", "getfenv", "newproxy"]) {
    it(`has no ${fn}`, () => {
      fails(`return ${fn}('x')`, "runtime", `attempt to call a nil value (global '${fn}')`);
    });
  }

  it("has no string.dump", () => {
    fails("return string.dump(print)", "runtime", "attempt to call a nil value (field 'dump')");
    fails("return ('').dump(function() end)", "runtime", "attempt to call a nil value (field 'dump')");
  });

  it("has no coroutine library unless enabled", () => {
    returns("return coroutine == nil, io == nil, os == nil, debug == nil, package == nil", [true, true, true, true, true]);
  });

  it("refuses binary chunks through load when load is enabled", () => {
    const vm = Lua.create({ enable: ["load"] });
    const { values } = timed(() => vm.eval("return load('\\27Lua\\83\\0\\25\\147\\r\\n\\26\\n')"));
    expect(values[0]).toBeUndefined();
    expect(String(values[1])).toContain("binary chunk");
  });

  it("refuses binary chunks delivered piecewise by a reader function", () => {
    const vm = Lua.create({ enable: ["load"] });
    const src = "local parts = {'\\27', 'Lua', '\\83\\0'} local i = 0 " +
      "return load(function() i = i + 1 return parts[i] end)";
    const { values } = timed(() => vm.eval(src));
    expect(values[0]).toBeUndefined();
    expect(String(values[1])).toContain("binary chunk");
  });

  it("refuses binary chunks even with mode 'b'", () => {
    const vm = Lua.create({ enable: ["load"] });
    const { values } = timed(() => vm.eval("return load('\\27Lua', 'x', 'b')"));
    expect(values[0]).toBeUndefined();
    expect(String(values[1])).toContain("binary chunk");
  });

  it("load-ed chunks see the same sandboxed environment", () => {
    returns("return load('return io, os, debug, require')()", [undefined, undefined, undefined, undefined], { enable: ["load"] });
  });

  it("load with a custom env cannot write to the real globals", () => {
    returns("local env = {} load('x = 42', 'c', 't', env)() return x, env.x", [undefined, 42], { enable: ["load"] });
  });

  it("local _ENV replaces the environment only lexically", () => {
    returns("do local _ENV = {y = 1} x = 5 end return x, y", [undefined, undefined]);
  });

  it("local _ENV with __index = _G keeps writes out of the globals", () => {
    returns("local G = _G do local _ENV = setmetatable({}, {__index = G}) z = 3 end return z, G.z", [undefined, undefined]);
  });

  it("_ENV = nil yields a clean error", () => {
    fails("_ENV = nil return x", "runtime", "attempt to index a nil value");
  });

  it("setmetatable(_G, ...) affects only this VM", () => {
    const a = returns("setmetatable(_G, {__index = function(_, k) return 'leak:' .. k end}) return undefinedThing",
      ["leak:undefinedThing"]);
    const b = Lua.create();
    expect(b.eval("return undefinedThing, getmetatable(_G)").values).toEqual([undefined, undefined]);
    expect(a.eval("return anotherThing").values).toEqual(["leak:anotherThing"]);
  });

  it("getmetatable('').__index cannot be replaced", () => {
    fails("getmetatable('').__index = {upper = function() return 'pwned' end}", "runtime", "attempt to modify a read-only table");
    expect(Lua.create().eval("return ('a'):upper()").values).toEqual(["A"]);
  });

  it("getmetatable('').__add cannot be installed", () => {
    fails("getmetatable('').__add = function() return 'pwned' end", "runtime", "attempt to modify a read-only table");
    fails("return 'a' + 1", "runtime", "attempt to perform arithmetic");
  });

  it("getmetatable('').__index.upper cannot be replaced", () => {
    fails("getmetatable('').__index.upper = nil", "runtime", "attempt to modify a read-only table");
  });

  for (const [name, target] of [
    ["string", "string"], ["table", "table"], ["math", "math"], ["utf8", "utf8"],
    ["the string metatable", "getmetatable('')"], ["string via the metatable", "getmetatable('').__index"],
  ] as const) {
    it(`rawset on ${name} is refused`, () => {
      fails(`rawset(${target}, 'injected', 1)`, "runtime", "attempt to modify a read-only table");
      returns(`return rawget(${target}, 'injected')`, [undefined]);
    });
  }

  for (const [name, target] of [
    ["string", "string"], ["table", "table"], ["math", "math"], ["utf8", "utf8"], ["the string metatable", "getmetatable('')"],
  ] as const) {
    it(`setmetatable on shared ${name} is refused and invisible to other VMs`, () => {
      try {
        const a = Lua.create();
        const err = failure(a, `setmetatable(${target}, {__index = function() return 'pwned' end, __newindex = function() end})`);
        expect(err.kind).toBe("runtime");
        expect(err.message).toContain("read-only");
        const b = Lua.create();
        expect(b.eval(`return getmetatable(${target}) == nil, rawget(${target}, 'zz'), (${target}).zzz`).values)
          .toEqual([true, undefined, undefined]);
      } finally {
        // if the attack got through, undo it so that it does not poison every later test in this process
        try {
          Lua.create().eval(`setmetatable(${target}, nil)`);
        } catch {
          // refused, as it should be
        }
      }
    });
  }

  it("library writes are refused: string.x, math.pi, table.insert, utf8.charpattern", () => {
    for (const src of ["string.x = 1", "math.pi = 3", "table.insert = print", "utf8.charpattern = '.'", "string.rep = nil"]) {
      fails(src, "runtime", "attempt to modify a read-only table");
    }
    returns("return math.pi > 3.14, string.rep('a', 2), utf8.charpattern ~= '.'", [true, "aa", true]);
  });

  it("library functions that write raw cannot write into shared tables", () => {
    fails("table.insert(string, 'x')", "runtime", "read-only");
    fails("table.remove(math)", "runtime", "read-only");
    fails("table.move({1, 2, 3}, 1, 3, 1, utf8)", "runtime", "read-only");
    fails("table.insert(getmetatable(''), 1)", "runtime", "read-only");
  });

  it("builtins have no reachable internals", () => {
    fails("print.x = 1", "runtime", "attempt to index a function value (global 'print')");
    fails("return print.constructor", "runtime", "attempt to index a function value");
    fails("return string.format.call", "runtime", "attempt to index a function value");
    returns("return getmetatable(print), getmetatable(string.len), getmetatable(1), getmetatable(true)",
      [undefined, undefined, undefined, undefined]);
  });

  it("tostring addresses and %p do not leak host data", () => {
    const vm = Lua.create();
    const { values } = timed(() => vm.eval("return tostring(print), tostring({}), tostring(function() end)"));
    for (const v of values) expect(String(v)).toMatch(/^(builtin|function|table): (0x)?[0-9a-fA-F]+$/);
    fails("return string.format('%p', {})", "runtime", "invalid option");
  });

  it("pairs over shared tables cannot be used to clear them", () => {
    fails("for k in pairs(string) do string[k] = nil end", "runtime", "attempt to modify a read-only table");
    returns("return type(string.format)", ["function"]);
  });

  it("_G inside the sandbox is the VM's own globals table", () => {
    returns("return _G == _ENV, _G._G == _G", [true, true]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("isolation between VMs and forks", () => {
  it("globals of one VM are invisible to another", () => {
    const a = Lua.create();
    a.eval("secret = 'a-only'; print = nil; string = nil");
    returns("return secret, type(print), type(string)", [undefined, "function", "table"]);
  });

  it("a failed attempt to patch the string library does not leak into a later eval", () => {
    const vm = Lua.create();
    expect(() => vm.eval("string.upper = function() return 'x' end")).toThrow(LuaError);
    expect(vm.eval("return ('ab'):upper()").values).toEqual(["AB"]);
  });

  it("replacing the global 'string' does not change the string metatable", () => {
    returns("string = {upper = function() return 'x' end} return ('ab'):upper()", ["AB"]);
  });

  it("isolated runs see the VM's setup but never each other's writes", () => {
    const vm = Lua.create();
    vm.eval("config = {rate = 2} function rate() return config.rate end");
    expect(vm.eval("leak = 'run 1' return rate()", { isolate: true }).values).toEqual([2]);
    expect(vm.eval("return leak, rate()", { isolate: true }).values).toEqual([undefined, 2]);
    // the shared setup is read-only to isolated runs
    const err = failure(vm, "config.rate = 99", { isolate: true });
    expect(err.kind).toBe("runtime");
    expect(vm.eval("return config.rate", { isolate: true }).values).toEqual([2]);
    expect(vm.lastUsage.instructions).toBeGreaterThan(0);
  });

  describe("forks", () => {
    let template: Lua;
    beforeAll(() => {
      template = Lua.create();
      template.eval(`
        config = {limit = 10, nested = {x = 1}}
        local counter = 0
        function bump() counter = counter + 1 return counter end
        function peek() return counter end
        function setLimit(n) config.limit = n end
      `);
    });

    it("fork global writes are invisible to the template and siblings", () => {
      const f1 = template.fork();
      const f2 = template.fork();
      f1.eval("x = 1; config = 'replaced'; _G.y = 2; rawset(_G, 'z', 3)");
      expect(f1.eval("return x, config, y, z").values).toEqual([1, "replaced", 2, 3]);
      expect(f2.eval("return x, type(config), y, z").values).toEqual([undefined, "table", undefined, undefined]);
      expect(template.eval("return x, type(config), y, z").values).toEqual([undefined, "table", undefined, undefined]);
    });

    it("writes to template tables from a fork error out", () => {
      const f = template.fork();
      for (const src of ["config.limit = 0", "config.nested.x = 2", "setLimit(0)", "rawset(config, 'limit', 0)",
        "table.insert(config, 1)"]) {
        const err = failure(f, src);
        expect(err.kind).toBe("runtime");
        expect(err.message).toContain("attempt to modify a read-only table");
      }
      expect(template.fork().eval("return config.limit, config.nested.x, #config").values).toEqual([10, 1, 0]);
    });

    it("setmetatable on template tables from a fork is refused and invisible to siblings", () => {
      const f1 = template.fork();
      const err = failure(f1, "setmetatable(config, {__index = function() return 'pwned' end})");
      expect(err.kind).toBe("runtime");
      expect(err.message).toContain("read-only");
      expect(template.fork().eval("return config.missing, getmetatable(config)").values).toEqual([undefined, undefined]);
    });

    it("upvalues of template functions are frozen", () => {
      const f = template.fork();
      const err = failure(f, "return bump()");
      expect(err.kind).toBe("runtime");
      expect(err.message).toContain("frozen upvalue");
      expect(template.fork().eval("return peek()").values).toEqual([0]);
    });

    it("setmetatable(_G) in a fork does not reach siblings", () => {
      const f1 = template.fork();
      f1.eval("setmetatable(_G, {__index = function(_, k) return 'leak' end})");
      expect(f1.eval("return nope").values).toEqual(["leak"]);
      expect(template.fork().eval("return nope").values).toEqual([undefined]);
    });

    it("a limit error in a fork leaves siblings and the fork usable", () => {
      const f = template.fork();
      const err = failure(f, "while true do end", { budget: { instructions: 100_000 } });
      expect(err.kind).toBe("limit");
      stillWorks(f);
      expect(template.fork().eval("return config.limit").values).toEqual([10]);
    }, 10_000);
  });
});

// ---------------------------------------------------------------------------------------------

describe("CPU exhaustion through library functions", () => {
  it("string.rep in a loop", () => {
    limited("while true do local s = string.rep('x', 100000) end", CPU);
  });
  it("one big string.rep with a separator is charged", () => {
    limited("local s = string.rep('ab', 5000000, ',') return #s", CPU);
  });
  it("string.format with huge widths is refused", () => {
    fails("return string.format('%100d', 1)", "runtime", "invalid format");
    fails("return string.format('%.100f', 1)", "runtime", "invalid format");
    fails("return string.format('%99999999999s', 'x')", "runtime", "invalid");
  });
  it("string.format with maximal widths in a loop", () => {
    limited("while true do local s = string.format('%99.99f', 1e308) end", CPU);
  });
  it("pathological backtracking pattern a*a*a*...b", () => {
    limited("local s = ('a'):rep(30) return s:find(('a*'):rep(30) .. 'b')", CPU);
  });
  it("pathological lazy pattern .-.-.-x", () => {
    limited("local s = ('a'):rep(200) return s:match(('.-'):rep(20) .. 'x')", CPU);
  });
  it("gsub with a backtracking pattern", () => {
    limited("local s = ('a'):rep(25) return s:gsub(('a?'):rep(25) .. ('a'):rep(25) .. 'b', '')", CPU);
  });
  it("%b() scanning an unbalanced 100k-char string from every position", () => {
    limited("return ('('):rep(100000):find('%b()')", CPU);
  });
  it("%b() on deeply nested balanced input in a loop", () => {
    limited("local s = ('('):rep(50000) .. (')'):rep(50000) while true do s:find('%b()') end", CPU);
  });
  it("too many captures is a clean error", () => {
    fails("return ('a'):rep(40):find(('(a)'):rep(33))", "runtime", "too many captures");
  });
  it("very long pattern of optional items neither overflows the JS stack nor hangs", () => {
    limitedOrRuntime("local s = ('a'):rep(100000) return s:find(('a?'):rep(100000))", CPU, /pattern too complex|stack overflow/);
  });
  it("deep capture nesting", () => {
    limitedOrRuntime("return ('a'):find(('('):rep(10000) .. 'a' .. (')'):rep(10000))", CPU, /too many captures|pattern too complex/);
  });
  it("gmatch with empty matches over a big string", () => {
    limited("local s = ('x'):rep(1000000) local n = 0 for m in s:gmatch('') do n = n + 1 end return n", CPU);
  });
  it("single gsub over a 1 MB string with an empty pattern is charged", () => {
    limitedOrRuntime("local s = ('x'):rep(1000000) return #s:gsub('', '-')", CPU, /too large/);
  });
  it("table.concat in a loop", () => {
    limited("local t = {} for i = 1, 1000 do t[i] = ('x'):rep(100) end while true do local s = table.concat(t) end", CPU);
  });
  it("table.sort with an expensive comparator", () => {
    limited("local t = {} for i = 1, 10000 do t[i] = (i * 7919) % 10007 end " +
      "table.sort(t, function(a, b) for i = 1, 50 do end return a < b end)", CPU);
  });
  it("table.sort with an inconsistent comparator terminates cleanly", () => {
    const vm = Lua.create(CPU);
    timed(() => {
      try {
        vm.eval("local t = {} for i = 1, 1000 do t[i] = i end table.sort(t, function() return true end) return #t");
      } catch (e) {
        expect(e).toBeInstanceOf(LuaError);
        expect((e as LuaError).message).toMatch(/invalid order function|limit exceeded/);
      }
    });
    stillWorks(vm);
  });
  it("table.unpack with huge ranges is refused", () => {
    fails("return table.unpack({}, 1, 1e8)", "runtime", "too many results to unpack");
    fails("return table.unpack({}, math.mininteger, math.maxinteger)", "runtime", "too many results to unpack");
  });
  it("table.unpack of many values in a loop", () => {
    limited("local t = {} for i = 1, 10000 do t[i] = i end while true do local n = select('#', table.unpack(t)) end", CPU);
  });
  it("table.move over a huge range is charged or refused", () => {
    limited("table.move(setmetatable({}, {__index = function(_, i) return i end}), 1, 1e12, 1, {})", CPU);
    limited("table.move({}, 1, 1e12, 1, setmetatable({}, {__newindex = function() end}))", CPU);
    returns("local t = {1, 2, 3} table.move(t, 1, 1e12, 2) return t[2], t[3], t[4], t[5]", [1, 2, 3, undefined], CPU);
    fails("table.move({}, 1, math.maxinteger, 2)", "runtime", "wrap around");
    fails("table.move({}, -math.maxinteger, math.maxinteger, 1)", "runtime", "too many elements to move");
  });
  it("utf8.len / utf8.codepoint over a big string in a loop", () => {
    limited("local s = utf8.char(0x10FFFF):rep(100000) while true do local n = utf8.len(s) end", CPU);
  });
  it("utf8.codepoint returning a huge slice", () => {
    limitedOrRuntime("local s = ('a'):rep(2000000) return select('#', utf8.codepoint(s, 1, -1))", CPU, /string slice too long|too many/);
  });
  it("utf8.char of many values in a loop", () => {
    limited("local t = {} for i = 1, 5000 do t[i] = 0x10000 + i end while true do local s = utf8.char(table.unpack(t)) end", CPU);
  });
  it("utf8.codes iteration over a big string", () => {
    limited("local s = ('\\u{7FF}'):rep(500000) for p, c in utf8.codes(s) do end", CPU);
  });
  it("select('#', ...) with many values", () => {
    limited("local function f(...) return select('#', ...) end local t = {} for i = 1, 5000 do t[i] = i end " +
      "while true do f(table.unpack(t)) end", CPU);
  });
  it("select with a negative out-of-range index is a clean error", () => {
    fails("return select(math.mininteger, 1, 2)", "runtime", "bad argument #1 to 'select'");
  });
  it("string.byte / string.char over ranges", () => {
    limitedOrRuntime("local s = ('x'):rep(2000000) return select('#', s:byte(1, -1))", CPU, /string slice too long|too many/);
    limited("local s = ('x'):rep(5000) while true do local c = string.char(s:byte(1, -1)) end", CPU);
  });
  it("tostring / tonumber loops", () => {
    limited("while true do local a, b, c = tostring(1.5), tonumber('0x10'), tonumber('zz', 36) end", CPU);
  });
  it("tonumber on a huge numeral string is charged", () => {
    // bounded loop: if tonumber's parsing work is charged, 200 calls on 50 KB cannot fit in 5000 instructions
    limited("local s = ('1'):rep(50000) for i = 1, 200 do local n = tonumber(s) end", { budget: { instructions: 5000, timeoutMs: BACKSTOP } },
      "instruction limit exceeded");
  });
  it("growing vararg lists through tail calls are charged", () => {
    // the stack stays flat (tail calls) but each call copies a longer list: CPU, not memory
    limited("local function f(...) return f(1, 2, 3, 4, 5, 6, 7, 8, ...) end return f()", { budget: { instructions: 1_000_000, timeoutMs: BACKSTOP } },
      "instruction limit exceeded");
  });
  it("arithmetic coercion of a huge numeral string is charged", () => {
    limited("local s = ('1'):rep(50000) for i = 1, 200 do local n = s + 0 end", { budget: { instructions: 5000, timeoutMs: BACKSTOP } },
      "instruction limit exceeded");
  });
  it("tostring of numbers in a loop", () => {
    limited("while true do local a = tostring(math.pi) .. tostring(-0.0) .. tostring(1e308) end", CPU, "instruction limit exceeded");
  });
  it("coroutine ping-pong", () => {
    limited("local co = coroutine.wrap(function() while true do coroutine.yield() end end) while true do co() end",
      { ...CPU, enable: ["coroutine"] });
  });
  it("a coroutine swallowing errors in a loop still stops", () => {
    limited("while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
      { ...CPU, enable: ["coroutine"] });
  });
  it("__index loop through self reference is a clean error", () => {
    fails("local t = setmetatable({}, {}) getmetatable(t).__index = t return t.x", "runtime", /'__index' chain too long|loop/);
  });
  it("__newindex loop through self reference is a clean error", () => {
    fails("local t = setmetatable({}, {}) getmetatable(t).__newindex = t t.x = 1", "runtime", /'__newindex' chain too long|loop/);
  });
  it("__index function recursion hits the depth limit", () => {
    limited("local t = setmetatable({}, {__index = function(t, k) return t[k] end}) return t.x", DEPTH_MM, "call depth limit exceeded");
  });
  it("__eq recursion hits the depth limit", () => {
    limited("local mt = {} mt.__eq = function(a, b) return a == b end " +
      "local a, b = setmetatable({}, mt), setmetatable({}, mt) return a == b", DEPTH_MM, "call depth limit exceeded");
  });
  it("__lt recursion hits the depth limit", () => {
    limited("local mt = {} mt.__lt = function(a, b) return a < b end " +
      "local a, b = setmetatable({}, mt), setmetatable({}, mt) return a < b", DEPTH_MM, "call depth limit exceeded");
  });
  it("__concat recursion hits the depth limit", () => {
    limited("local mt = {} mt.__concat = function(a, b) return a .. b end return setmetatable({}, mt) .. 'x'", DEPTH_MM, "call depth limit exceeded");
  });
  it("__call pointing at itself is a clean error", () => {
    limitedOrRuntime("local t = setmetatable({}, {}) getmetatable(t).__call = t return t()", CPU, /attempt to call|stack overflow/);
  });
  it("__tostring returning a non-string is a clean error", () => {
    fails("return tostring(setmetatable({}, {__tostring = function() return {} end}))", "runtime", "'__tostring' must return a string");
  });
  it("infinite tail calls hit the instruction limit", () => {
    limited("local function f() return f() end return f()", CPU, "instruction limit exceeded");
  });
  it("deep recursion hits the depth limit", () => {
    limited("local function f() return 1 + f() end return f()", DEPTH, "call depth limit exceeded");
  });
  it("deep recursion without a depth budget is a catchable Lua stack overflow, never a JS RangeError", () => {
    const vm = returns("local function f() return 1 + f() end local ok, e = pcall(f) return ok, (string.find(e, 'stack overflow', 1, true))", [false, expect.any(Number)]);
    stillWorks(vm);
  });
  it("recursion through metamethods without a depth budget is a clean error", () => {
    limitedOrRuntime("local t = setmetatable({}, {__index = function(t, k) return t[k] end}) return t.x", {}, /stack overflow/);
  });
  it("recursion through gsub callbacks without a depth budget is a clean error", () => {
    limitedOrRuntime("local function f() return (string.gsub('a', 'a', f)) end return f()", {}, /stack overflow/);
  });
  it("recursion through table.sort comparators without a depth budget is a clean error", () => {
    limitedOrRuntime("local function f(a, b) table.sort({3, 2, 1}, f) return a < b end table.sort({3, 2, 1}, f)", {}, /stack overflow/);
  });
  it("recursion through __tostring without a depth budget is a clean error", () => {
    limitedOrRuntime("local t t = setmetatable({}, {__tostring = function() return tostring(t) end}) return tostring(t)", {}, /stack overflow/);
  });
  it("recursion through pcall without a depth budget terminates", () => {
    const vm = Lua.create();
    timed(() => {
      try {
        vm.eval("local function f() pcall(f) end f() return 1");
      } catch (e) {
        expect(e).toBeInstanceOf(LuaError);
      }
    });
    stillWorks(vm);
  });
  it("pcall cannot swallow the instruction limit", () => {
    limited("while true do pcall(function() while true do end end) end", CPU, "instruction limit exceeded");
  });
  it("pcall cannot swallow the depth limit", () => {
    limited("local function f() return 1 + f() end while true do pcall(f) end", DEPTH, "call depth limit exceeded");
  });
  it("xpcall with a looping error handler", () => {
    limited("xpcall(error, function() while true do end end)", CPU, "instruction limit exceeded");
  });
  it("error handler that errors recursively is a clean result", () => {
    returns("local ok, e = xpcall(error, function(m) error(m) end) return ok", [false]);
  });
  it("error objects with a looping __tostring", () => {
    limited("local e = setmetatable({}, {__tostring = function() while true do end end}) while true do pcall(error, e) tostring(e) end", CPU);
  });
});

// ---------------------------------------------------------------------------------------------

describe("memory exhaustion", () => {
  const bombs: Record<string, [string, LuaOptions?]> = {
    "string doubling with ..": ["local s = 'x' while true do s = s .. s end"],
    "string.rep doubling": ["local s = 'x' while true do s = s:rep(2) end"],
    "one huge string.rep": ["return #string.rep('x', 1 << 30)"],
    "string.rep with a separator": ["return #string.rep('x', 1 << 22, 'y')"],
    "rep of a rep": ["return #(('x'):rep(1 << 20):rep(100))"],
    "array growth": ["local t, i = {}, 1 while true do t[i] = i i = i + 1 end"],
    "hash growth": ["local t, i = {}, 1 while true do t['k' .. i] = true i = i + 1 end"],
    "string accumulation in a table": ["local s = ('x'):rep(1 << 16) local t = {} while true do t[#t + 1] = s .. #t end"],
    "nested tables": ["local t = {} while true do t = {t} end"],
    "many closures": ["local fs = {} while true do fs[#fs + 1] = function() return fs end end"],
    "many coroutines": ["local cs = {} while true do cs[#cs + 1] = coroutine.create(print) end", { enable: ["coroutine"] }],
    "coroutines holding stacks": ["local cs = {} while true do local co = coroutine.create(function(...) coroutine.yield(...) end) " +
      "coroutine.resume(co, table.unpack({1, 2, 3, 4, 5, 6, 7, 8})) cs[#cs + 1] = co end", { enable: ["coroutine"] }],
    "huge table.concat result": ["local p = ('x'):rep(1 << 20) local t = {} for i = 1, 100 do t[i] = p end return #table.concat(t)"],
    "table.concat with a huge separator": ["local p = ('x'):rep(1 << 20) local t = {} for i = 1, 100 do t[i] = 'a' end return #table.concat(t, p)"],
    "table.concat results collected": ["local t = {} for i = 1, 1000 do t[i] = ('x'):rep(1000) end local r = {} while true do r[#r + 1] = table.concat(t) end"],
    "string.format('%s') of a big string": ["local p = ('x'):rep(1 << 20) local t = {} for i = 1, 50 do t[i] = p end " +
      "return #string.format(('%s'):rep(50), table.unpack(t))"],
    "string.format('%s') accumulation": ["local p = ('x'):rep(1 << 18) local r = {} while true do r[#r + 1] = string.format('%s%d', p, #r) end"],
    "gsub expansion": ["local s = ('x'):rep(1 << 16) return #s:gsub('x', ('y'):rep(1000))"],
    "string.pack with a huge fixed-size field": ["return #string.pack('c1073741824', '')"],
    "string.pack of big strings": ["local p = ('x'):rep(1 << 20) return #string.pack(('s'):rep(20), p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p)"],
    "string.char of many values": ["local t = {} for i = 1, 100000 do t[i] = 65 end local r = {} while true do r[#r + 1] = string.char(table.unpack(t)) end"],
    "varargs held by every frame": ["local function f(...) local r = f(1, 2, 3, 4, 5, 6, 7, 8, ...) return r end return f()"],
    "metamethod producing strings": ["local t = setmetatable({}, {__index = function(_, k) return ('x'):rep(1 << 16) .. k end}) " +
      "local r = {} local i = 0 while true do i = i + 1 r[i] = t[i] end"],
    "upvalue chains": ["local f = function() end while true do local g = f f = function() return g end end"],
    "utf8.char accumulation": ["local r = {} while true do r[#r + 1] = utf8.char(0x10FFFF):rep(10000) .. #r end"],
  };
  for (const [name, [src, extra]] of Object.entries(bombs)) {
    it(`${name} ends in a limit error`, () => {
      const opts: LuaOptions = { ...extra, budget: { memoryBytes: 4 << 20, timeoutMs: BACKSTOP } };
      const vm = Lua.create(opts);
      const err = failure(vm, src);
      if (err.kind === "limit") expect(err.message).toContain("memory limit exceeded");
      else {
        expect(err.kind).toBe("runtime");
        expect(err.message).toMatch(/too large|overflow|not enough memory/);
      }
      expect(err.message).not.toMatch(/RangeError|Invalid string length|Invalid array length|heap/);
      stillWorks(vm);
    });
  }

  it("a limit inside the __tostring of an error object is not swallowed", () => {
    // error() renders a table's message through __tostring; a limit there must still end the run
    limited("pcall(error, setmetatable({}, {__tostring = function() local s = 'x' while true do s = s .. s end end})) " +
      "local t = {} while true do t[#t + 1] = ('y'):rep(1 << 16) .. #t end", MEM, "memory limit exceeded");
    limited("pcall(error, setmetatable({}, {__tostring = function() while true do end end})) return 1",
      { budget: { instructions: 10_000, timeoutMs: BACKSTOP } }, "instruction limit exceeded");
  });
  it("memory limit is not catchable by pcall", () => {
    limited("while true do pcall(function() local s = 'x' while true do s = s .. s end end) end", MEM, "memory limit exceeded");
  });

  it("without a memory budget a huge string.rep is a clean error, not a host OOM", () => {
    fails("return #string.rep('x', 1 << 40)", "runtime", "resulting string too large");
  });
});

// ---------------------------------------------------------------------------------------------

describe("prototype pollution keys", () => {
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  const beforeArr = Object.getOwnPropertyNames(Array.prototype).sort();
  const beforeFn = Object.getOwnPropertyNames(Function.prototype).sort();
  afterAll(() => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(beforeArr);
    expect(Object.getOwnPropertyNames(Function.prototype).sort()).toEqual(beforeFn);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  const keys = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "isPrototypeOf"];

  it("fresh tables have none of the JS object keys", () => {
    const checks = keys.map((k) => `rawget(t, '${k}') == nil and t['${k}'] == nil`).join(" and ");
    returns(`local t = {} return ${checks}`, [true]);
  });

  it("JS keys on tables are ordinary keys with exact values", () => {
    const sets = keys.map((k, i) => `t['${k}'] = ${i + 1}`).join(" ");
    const sum = keys.map((k) => `t['${k}']`).join(" + ");
    returns(`local t = {} ${sets} local n = 0 for k in pairs(t) do n = n + 1 end return ${sum}, n`, [36, 8]);
  });

  it("__proto__ holding a table does not create a prototype chain", () => {
    returns("local t = {} t.__proto__ = {polluted = 1, x = 2} return t.polluted, t.x, rawget(t, 'polluted')", [undefined, undefined, undefined]);
  });

  it("table constructors with JS keys", () => {
    returns("local t = {__proto__ = {x = 1}, constructor = 'c', ['prototype'] = 'p'} return t.__proto__.x, t.constructor, t.prototype, t.x",
      [1, "c", "p", undefined]);
  });

  it("JS keys as global names", () => {
    const vm = returns("__proto__ = 7 constructor = 8 hasOwnProperty = 9 return __proto__, constructor, toString, hasOwnProperty, valueOf",
      [7, 8, undefined, 9, undefined]);
    expect(vm.eval("return __proto__ + constructor").values).toEqual([15]);
    returns("return __proto__, constructor, toString, hasOwnProperty", [undefined, undefined, undefined, undefined]);
  });

  it("JS keys on library tables and strings are nil", () => {
    returns("return string.__proto__, string.constructor, math.toString, table.hasOwnProperty, ('').constructor, ('x').__proto__, getmetatable('').__proto__, utf8.prototype",
      [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("writing JS keys on library tables is refused", () => {
    fails("string.__proto__ = {polluted = true}", "runtime", "attempt to modify a read-only table");
    fails("getmetatable('').constructor = 1", "runtime", "attempt to modify a read-only table");
  });

  it("JS keys in metatables are not metamethods", () => {
    returns("local t = setmetatable({}, {toString = function() return 'x' end, valueOf = function() return 1 end, __proto__ = {__index = function() return 1 end}}) " +
      "return tostring(t):sub(1, 6), t.foo, pcall(function() return t + 1 end)", ["table:", undefined, false, "input:1: attempt to perform arithmetic on a table value (upvalue 't')"]);
  });

  it("numeric and string keys that look like array indices stay distinct", () => {
    returns("local t = {} t['1'] = 'str' t[1] = 'int' t['length'] = 5 return t['1'], t[1], #t, t.length", ["str", "int", 1, 5]);
  });

  it("integer keys near JS limits are ordinary keys", () => {
    returns("local t = {} t[2^53] = 'a' t[math.maxinteger] = 'b' t[-0.0] = 'z' return t[2^53], t[math.maxinteger], t[0]", ["a", "b", "z"]);
  });

  it("string keys with JS-hostile content", () => {
    returns("local t = {} for _, k in ipairs({'__proto__', 'constructor.prototype', '__proto__.x', '\\0', ''}) do t[k] = k end " +
      "local n = 0 for k, v in pairs(t) do if k == v then n = n + 1 end end return n", [5]);
  });

  it("forks do not share JS-keyed globals", () => {
    const tpl = Lua.create();
    tpl.eval("x = 1");
    const a = tpl.fork();
    a.eval("__proto__ = {x = 2} constructor = 3");
    expect(tpl.fork().eval("return __proto__, constructor, x").values).toEqual([undefined, undefined, 1]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("hostile values handed back to the host", () => {
  it("a table containing itself comes back as a finite tree with markers", () => {
    const vm = Lua.create();
    const { values } = timed(() => vm.eval("local t = {} t.self = t t[1] = t return t"));
    expect(values[0]).toEqual({ 1: CIRCULAR, self: CIRCULAR });
    expect(() => JSON.stringify(values)).not.toThrow();
  });

  it("T.__index = T metatables: metatables are not followed, the cycle is cut", () => {
    const vm = Lua.create();
    const { values } = timed(() => vm.eval("local T = {} T.__index = T T.x = 1 return setmetatable({}, T), T"));
    expect(values).toEqual([{}, { __index: CIRCULAR, x: 1 }]);
  });

  it("a 1e6-element table comes back whole", () => {
    const vm = Lua.create();
    const { values } = timed(() => vm.eval("local t = {} for i = 1, 1000000 do t[i] = i end return t"));
    const arr = values[0] as number[];
    expect(arr.length).toBe(1_000_000);
    expect(arr[999_999]).toBe(1_000_000);
  });

  it("a shared subtable doubling at every level hits the size limit, not the host's memory", () => {
    const vm = Lua.create();
    const err = failure(vm, "local t = {} for i = 1, 64 do t = {t, t} end return t");
    expect(err.kind).toBe("limit");
    expect(err.message).toContain("result too large to marshal");
  });

  it("10k levels of nested tables is a limit error (depth), never a JS stack overflow", () => {
    const vm = Lua.create({ marshal: { maxDepth: 1e9 } });
    const err = failure(vm, "local t = {} for i = 1, 10000 do t = {t} end return t");
    expect(err.kind).toBe("limit");
    expect(err.message).toContain("nested too deeply");
    stillWorks(vm);
  });

  it("100k return values", () => {
    const vm = Lua.create();
    const { values } = timed(() => vm.eval("local t = {} for i = 1, 100000 do t[i] = i end return table.unpack(t)"));
    expect(values.length).toBe(100000);
    expect(values[99999]).toBe(100000);
  });

  it("functions, builtins and tables with hostile metamethods come back inert", () => {
    const vm = Lua.create();
    const { values } = timed(() => vm.eval(
      "local mt = {__tostring = function() while true do end end, __index = function() while true do end end, __gc = function() while true do end end} " +
      "return setmetatable({}, mt), print, function() while true do end end"));
    expect(values.length).toBe(3);
    expect(values[0]).toEqual({});
    expect(typeof values[1]).toBe("function");
    expect(typeof values[2]).toBe("function");
    stillWorks(vm);
  });

  it("binary strings come back as text with invalid UTF-8 replaced (run() gives the bytes)", () => {
    returns("return '\\255\\0\\254', ('\\0'):rep(3)", ["\ufffd\x00\ufffd", "\0\0\0"]);
  });

  it("a big table under a memory budget is a limit error, not a partial value", () => {
    limited("local t = {} for i = 1, 1000000 do t[i] = {i} end return t", MEM, "memory limit exceeded");
  });
});

// ---------------------------------------------------------------------------------------------

describe("syntax bombs", () => {
  function syntaxOrValue(src: string, opts: LuaOptions = {}): { err?: LuaError; values?: unknown[] } {
    const vm = Lua.create(opts);
    let out: { err?: LuaError; values?: unknown[] } = {};
    timed(() => {
      try {
        out = { values: vm.eval(src).values };
      } catch (e) {
        if (!(e instanceof LuaError)) throw new Error(`non-Lua error: ${String((e as Error)?.name)}: ${String((e as Error)?.message)}`);
        out = { err: e };
      }
    });
    stillWorks(vm);
    return out;
  }

  it("100k nested parentheses", () => {
    const { err } = syntaxOrValue("return " + "(".repeat(100_000) + "1" + ")".repeat(100_000));
    expect(err?.kind).toBe("syntax");
  });

  it("100k nested table constructors", () => {
    const { err } = syntaxOrValue("return " + "{".repeat(100_000) + "}".repeat(100_000));
    expect(err?.kind).toBe("syntax");
  });

  it("100k nested function expressions", () => {
    const { err } = syntaxOrValue("return " + "function() return ".repeat(100_000) + "1" + " end".repeat(100_000));
    expect(err?.kind).toBe("syntax");
  });

  it("100k nested blocks", () => {
    const { err } = syntaxOrValue("do ".repeat(100_000) + "end ".repeat(100_000));
    expect(err?.kind).toBe("syntax");
  });

  it("100k unary operators", () => {
    expect(syntaxOrValue("return " + "not ".repeat(100_000) + "1").err?.kind).toBe("syntax");
    expect(syntaxOrValue("return " + "- ".repeat(100_000) + "1").err?.kind).toBe("syntax");
  });

  it("100k right-associative operators", () => {
    expect(syntaxOrValue("return " + Array(100_000).fill("'a'").join(" .. ")).err?.kind).toBe("syntax");
    expect(syntaxOrValue("return " + Array(100_000).fill("1").join(" ^ ")).err?.kind).toBe("syntax");
  });

  it("100k left-associative additions parse and evaluate", () => {
    expect(syntaxOrValue("return " + Array(100_000).fill("1").join(" + ")).values).toEqual([100_000]);
  });

  it("1e5 locals", () => {
    const src = Array.from({ length: 100_000 }, (_, i) => `local a${i} = ${i}`).join("\n");
    const { err } = syntaxOrValue(src);
    expect(err?.kind).toBe("syntax");
    expect(err?.message).toContain("too many local variables");
  });

  it("a function with 300 parameters", () => {
    const params = Array.from({ length: 300 }, (_, i) => `p${i}`).join(", ");
    const { err } = syntaxOrValue(`local function f(${params}) end`);
    expect(err?.message).toContain("too many local variables");
  });

  it("a 10 MB string literal", () => {
    expect(syntaxOrValue('return #"' + "x".repeat(10_000_000) + '"').values).toEqual([10_000_000]);
  });

  it("a 10 MB long-bracket string and a 10 MB comment", () => {
    expect(syntaxOrValue("return #[==[" + "y".repeat(10_000_000) + "]==]").values).toEqual([10_000_000]);
    expect(syntaxOrValue("--[[" + "z".repeat(10_000_000) + "]] return 1").values).toEqual([1]);
  });

  it("a 1 MB unterminated string", () => {
    const { err } = syntaxOrValue('return "' + "x".repeat(1_000_000));
    expect(err?.kind).toBe("syntax");
    expect(err?.message).toContain("unfinished string");
  });

  it("a 1 MB identifier", () => {
    const id = "v" + "x".repeat(1_000_000);
    expect(syntaxOrValue(`local ${id} = 1 return ${id}`).values).toEqual([1]);
  });

  it("a 100k-digit numeral", () => {
    expect(syntaxOrValue("return " + "1".repeat(100_000) + " == math.huge").values).toEqual([true]);
  });

  it("a 100k-element table constructor", () => {
    expect(syntaxOrValue("return #{" + Array(100_000).fill("1").join(",") + "}").values).toEqual([100_000]);
  });

  it("100k distinct string constants", () => {
    const src = "local t = {" + Array.from({ length: 100_000 }, (_, i) => `"s${i}"`).join(",") + "} return t[100000]";
    expect(syntaxOrValue(src).values).toEqual(["s99999"]);
  });

  it("random bytes", () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 50; i++) {
      const bytes = Array.from({ length: 2000 }, rand);
      const src = String.fromCharCode(...bytes);
      const { err } = syntaxOrValue(src, { budget: { instructions: 100_000, timeoutMs: BACKSTOP } });
      if (err) expect(["syntax", "runtime", "limit"]).toContain(err.kind);
    }
  });

  it("NUL bytes and invalid escapes", () => {
    expect(syntaxOrValue("return '\\300'").err?.kind).toBe("syntax");
    expect(syntaxOrValue("return '\\u{80000000}'").err?.kind).toBe("syntax");
    expect(syntaxOrValue("return 1\0").err?.kind).toBe("syntax");
    expect(syntaxOrValue("return #'a\0b'").values).toEqual([3]);
  });
});
