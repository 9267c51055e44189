// The disassembler: listings in the manner of `luac -l -l`, written out by hand from luac's
// conventions (PrintHeader, PrintCode, PrintDebug in luac.c) and the bytecode lua5.3 emits.
import { describe, expect, it } from "vitest";
import { compile, disassemble, loadChunk, serializeChunk } from "../src/index.js";
import { createABC, createABx, createAx, Op } from "../src/vm/opcodes.js";
import type { Proto } from "../src/vm/proto.js";

const T = "\t";
const lines = (...ls: string[]): string => ls.join("\n") + "\n";

describe("disassemble", () => {
  it("a small chunk: header, instructions with constant operands and comments, debug lists, source lines", () => {
    const s = compile("local x = 10\nprint(x + 1)");
    expect(disassemble(s)).toBe(lines(
      "",
      "main <input:0,2> (5 instructions at 0x00000000)",
      "0+ params, 3 slots, 1 upvalue, 1 local, 3 constants, 0 functions",
      `${T}1${T}[1]${T}LOADK    ${T}0 -1${T}; 10${T}-- local x = 10`,
      `${T}2${T}[2]${T}GETTABUP ${T}1 0 -2${T}; _ENV "print"${T}-- print(x + 1)`,
      `${T}3${T}[2]${T}ADD      ${T}2 0 -3${T}; - 1`,
      `${T}4${T}[2]${T}CALL     ${T}1 2 1`,
      `${T}5${T}[2]${T}RETURN   ${T}0 1`,
      "constants (3) for 0x00000000:",
      `${T}1${T}10`,
      `${T}2${T}"print"`,
      `${T}3${T}1`,
      "locals (1) for 0x00000000:",
      `${T}0${T}x${T}2${T}6`,
      "upvalues (1) for 0x00000000:",
      `${T}0${T}_ENV${T}1${T}0`,
    ));
  });

  it("nested functions follow their parent, with upvalues, a numeric for loop and escaped strings", () => {
    const src = [
      "local function counter()",
      "  local n = 0",
      "  return function() n = n + 1; return n end",
      "end",
      "local c = counter()",
      "for i = 1, 2 do c() end",
      'return c(), "a\\tb"',
    ].join("\n");
    const s = compile(src);
    expect(disassemble(s)).toBe(lines(
      "",
      "main <input:0,7> (15 instructions at 0x00000000)",
      "0+ params, 7 slots, 1 upvalue, 6 locals, 3 constants, 1 function",
      `${T}1${T}[4]${T}CLOSURE  ${T}0 0${T}; 0x00000001${T}-- end`,
      `${T}2${T}[5]${T}MOVE     ${T}1 0${T}-- local c = counter()`,
      `${T}3${T}[5]${T}CALL     ${T}1 1 2`,
      `${T}4${T}[6]${T}LOADK    ${T}2 -1${T}; 1${T}-- for i = 1, 2 do c() end`,
      `${T}5${T}[6]${T}LOADK    ${T}3 -2${T}; 2`,
      `${T}6${T}[6]${T}LOADK    ${T}4 -1${T}; 1`,
      `${T}7${T}[6]${T}FORPREP  ${T}2 2${T}; to 10`,
      `${T}8${T}[6]${T}MOVE     ${T}6 1`,
      `${T}9${T}[6]${T}CALL     ${T}6 1 1`,
      `${T}10${T}[6]${T}FORLOOP  ${T}2 -3${T}; to 8`,
      `${T}11${T}[7]${T}MOVE     ${T}2 1${T}-- return c(), "a\\tb"`,
      `${T}12${T}[7]${T}CALL     ${T}2 1 2`,
      `${T}13${T}[7]${T}LOADK    ${T}3 -3${T}; "a\\tb"`,
      `${T}14${T}[7]${T}RETURN   ${T}2 3`,
      `${T}15${T}[7]${T}RETURN   ${T}0 1`,
      "constants (3) for 0x00000000:",
      `${T}1${T}1`,
      `${T}2${T}2`,
      `${T}3${T}"a\\tb"`,
      "locals (6) for 0x00000000:",
      `${T}0${T}counter${T}2${T}16`,
      `${T}1${T}c${T}4${T}16`,
      `${T}2${T}(for index)${T}7${T}11`,
      `${T}3${T}(for limit)${T}7${T}11`,
      `${T}4${T}(for step)${T}7${T}11`,
      `${T}5${T}i${T}8${T}10`,
      "upvalues (1) for 0x00000000:",
      `${T}0${T}_ENV${T}1${T}0`,
      "",
      "function <input:1,4> (4 instructions at 0x00000001)",
      "0 params, 2 slots, 0 upvalues, 1 local, 1 constant, 1 function",
      `${T}1${T}[2]${T}LOADK    ${T}0 -1${T}; 0${T}-- local n = 0`,
      `${T}2${T}[3]${T}CLOSURE  ${T}1 0${T}; 0x00000002${T}-- return function() n = n + 1; return n end`,
      `${T}3${T}[3]${T}RETURN   ${T}1 2`,
      `${T}4${T}[4]${T}RETURN   ${T}0 1${T}-- end`,
      "constants (1) for 0x00000001:",
      `${T}1${T}0`,
      "locals (1) for 0x00000001:",
      `${T}0${T}n${T}2${T}5`,
      "upvalues (0) for 0x00000001:",
      "",
      "function <input:3,3> (6 instructions at 0x00000002)",
      "0 params, 2 slots, 1 upvalue, 0 locals, 1 constant, 0 functions",
      `${T}1${T}[3]${T}GETUPVAL ${T}0 0${T}; n${T}-- return function() n = n + 1; return n end`,
      `${T}2${T}[3]${T}ADD      ${T}0 0 -1${T}; - 1`,
      `${T}3${T}[3]${T}SETUPVAL ${T}0 0${T}; n`,
      `${T}4${T}[3]${T}GETUPVAL ${T}0 0${T}; n`,
      `${T}5${T}[3]${T}RETURN   ${T}0 2`,
      `${T}6${T}[3]${T}RETURN   ${T}0 1`,
      "constants (1) for 0x00000002:",
      `${T}1${T}1`,
      "locals (0) for 0x00000002:",
      "upvalues (1) for 0x00000002:",
      `${T}0${T}n${T}1${T}0`,
    ));
  });

  it("tests and jumps, SETTABLE and SETTABUP with constants, SELF, a vararg method, float constants, long lines cut", () => {
    const src = "local t = {}\nfunction t:m(a, ...) if a == 2.5 then g = nil end return self end\nreturn t:m(1.0)";
    const quote = "-- function t:m(a, ...) if a == 2.5 then g = nil end return ..."; // the 65-character line, cut to 60
    expect(disassemble(compile(src), { constants: false, locals: false, upvalues: false })).toBe(lines(
      "",
      "main <input:0,3> (8 instructions at 0x00000000)",
      "0+ params, 4 slots, 1 upvalue, 1 local, 2 constants, 1 function",
      `${T}1${T}[1]${T}NEWTABLE ${T}0 0 0${T}-- local t = {}`,
      `${T}2${T}[2]${T}CLOSURE  ${T}1 0${T}; 0x00000001${T}${quote}`,
      `${T}3${T}[2]${T}SETTABLE ${T}0 -1 1${T}; "m" -`,
      `${T}4${T}[3]${T}SELF     ${T}1 0 -1${T}; "m"${T}-- return t:m(1.0)`,
      `${T}5${T}[3]${T}LOADK    ${T}3 -2${T}; 1.0`,
      `${T}6${T}[3]${T}TAILCALL ${T}1 3 0`,
      `${T}7${T}[3]${T}RETURN   ${T}1 0`,
      `${T}8${T}[3]${T}RETURN   ${T}0 1`,
      "",
      "function <input:2,2> (5 instructions at 0x00000001)",
      "2+ params, 2 slots, 1 upvalue, 2 locals, 3 constants, 0 functions",
      `${T}1${T}[2]${T}EQ       ${T}0 1 -1${T}; - 2.5${T}${quote}`,
      `${T}2${T}[2]${T}JMP      ${T}0 1${T}; to 4`,
      `${T}3${T}[2]${T}SETTABUP ${T}0 -2 -3${T}; _ENV "g" nil`,
      `${T}4${T}[2]${T}RETURN   ${T}0 2`,
      `${T}5${T}[2]${T}RETURN   ${T}0 1`,
    ));
  });

  it("LOADKX / EXTRAARG and SETLIST with its block number in EXTRAARG (hand-built), without source", () => {
    const code = [
      createABx(Op.LOADKX, 0, 0), createAx(Op.EXTRAARG, 2),
      createABC(Op.NEWTABLE, 1, 0, 0), createABx(Op.LOADK, 2, 0), createABC(Op.SETLIST, 1, 1, 0), createAx(Op.EXTRAARG, 600),
      createABC(Op.RETURN, 0, 1, 0),
    ];
    const p: Proto = {
      code: Int32Array.from(code), k: [1, 2.5, "c"], p: [], upvalues: [{ name: "_ENV", instack: true, idx: 0 }],
      lineinfo: Int32Array.from([1, 1, 2, 2, 2, 2, 0]), colinfo: new Int32Array(7), locvars: [],
      numparams: 0, isVararg: true, maxstacksize: 3, linedefined: 0, lastlinedefined: 0, source: "=x",
    };
    expect(disassemble(p, { constants: false, locals: false, upvalues: false })).toBe(lines(
      "",
      "main <=x:0,0> (7 instructions at 0x00000000)",
      "0+ params, 3 slots, 1 upvalue, 0 locals, 3 constants, 0 functions",
      `${T}1${T}[1]${T}LOADKX   ${T}0`,
      `${T}2${T}[1]${T}EXTRAARG ${T}-3${T}; "c"`,
      `${T}3${T}[2]${T}NEWTABLE ${T}1 0 0`,
      `${T}4${T}[2]${T}LOADK    ${T}2 -1${T}; 1`,
      `${T}5${T}[2]${T}SETLIST  ${T}1 1 0${T}; 600`,
      `${T}6${T}[2]${T}EXTRAARG ${T}-601`,
      `${T}7${T}[-]${T}RETURN   ${T}0 1`,
    ));
  });

  it("is the same for a loaded chunk (with its source) and quotes nothing when the source is stripped or refused", () => {
    const s = compile("local a = 'x'\nreturn a .. a");
    expect(disassemble(loadChunk(serializeChunk(s)))).toBe(disassemble(s));
    const bare = disassemble(loadChunk(serializeChunk(s, { stripSource: true })));
    expect(bare).not.toContain("--");
    expect(disassemble(s, { source: false })).toBe(bare);
    expect(disassemble(s.proto)).toBe(bare);
    expect(disassemble(s.proto, { source: "local a = 'x'\nreturn a .. a" })).toBe(disassemble(s));
    expect(bare).toContain(`${T}3${T}[2]${T}MOVE     ${T}2 0`);
    expect(bare).toContain(`CONCAT   ${T}1 1 2`);
  });

  it("escapes control and non-ASCII bytes in string constants as luac does", () => {
    const text = disassemble(compile('return "\\0\\1\\a\\b\\f\\n\\r\\t\\v\\"\\\\\\127\\200\\255x"'));
    expect(text).toContain(`; "\\000\\001\\a\\b\\f\\n\\r\\t\\v\\"\\\\\\127\\200\\255x"`);
  });
});
