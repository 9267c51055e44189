// Text functions: UTF-8 characters, invalid bytes kept, number text, TEXT formats, errors.
import { describe, expect, it } from "vitest";
import { err, f, formulaVM, luaType } from "./helpers.js";

/** Evaluate with raw byte strings (Lua results as bytes, for invalid UTF-8). */
function raw(formula: string): unknown {
  const vm = formulaVM();
  const [v] = vm.run(vm.compile(`return ${formula}`), []);
  return v;
}

describe("UTF-8 aware text", () => {
  it("LEN counts characters", () => {
    expect(f("LEN('日本語')")).toBe(3);
    expect(f("LEN('👍🏽')")).toBe(2); // two code points
    expect(f("LEN(12.50)")).toBe(4); // "12.5"
    expect(f("LEN('\\xff\\xfe')")).toBe(2); // stray bytes count one each
    expect(f("LEN('a\\xe2\\x82')")).toBe(3); // a truncated sequence: each byte
    expect(f("LEN('\\xed\\xa0\\x80')")).toBe(3); // an encoded surrogate is not valid UTF-8
    expect(f("LEN('\\xf0\\x9f\\x98\\x80')")).toBe(1);
  });
  it("LEFT, RIGHT, MID cut between characters", () => {
    expect(f("LEFT('日本語', 2)")).toBe("日本");
    expect(f("RIGHT('日本語', 2)")).toBe("本語");
    expect(f("MID('日本語テキスト', 3, 3)")).toBe("語テキ");
    expect(f("LEFT('abc', 0)")).toBe("");
    expect(f("RIGHT('abc', 0)")).toBe("");
    expect(f("MID('abc', 1, 0)")).toBe("");
    expect(f("MID('abc', 2, 100)")).toBe("bc");
    expect(f("LEFT('abc', math.maxinteger)")).toBe("abc");
    expect(f("RIGHT('abc', 2^53)")).toBe("abc");
    expect(raw("LEFT('\\xffab', 2)")).toBe("\xffa");
    expect(raw("RIGHT('a\\xff', 1)")).toBe("\xff");
  });
  it("UPPER and LOWER map all alphabets and keep stray bytes", () => {
    expect(f("UPPER('größe')")).toBe("GRÖSSE");
    expect(f("LOWER('ΑΒΓ')")).toBe("αβγ");
    expect(f("UPPER('i')")).toBe("I"); // locale-independent
    expect(f("UPPER(1.5)")).toBe("1.5");
    expect(raw("UPPER('a\\xffé')")).toBe("A\xff\xc3\x89");
    expect(raw("LOWER('\\xe2\\x82Ä')")).toBe("\xe2\x82\xc3\xa4");
  });
  it("TRIM", () => {
    expect(f("TRIM('   ')")).toBe("");
    expect(f("TRIM('a\\n  b')")).toBe("a\n b");
    expect(f("TRIM(' \\t a  b \\r\\n')")).toBe("a b");
    expect(f("TRIM('x')")).toBe("x");
  });
  it("SUBSTITUTE", () => {
    expect(f("SUBSTITUTE('aaa', 'a', 'bb')")).toBe("bbbbbb");
    expect(f("SUBSTITUTE('aaa', 'aa', 'x')")).toBe("xa");
    expect(f("SUBSTITUTE('a.b', '.', '%')")).toBe("a%b"); // no patterns
    expect(f("SUBSTITUTE('cost', 'o', '$&$1$$')")).toBe("c$&$1$$st"); // no replacement codes
    expect(f("SUBSTITUTE('abc', '', 'x')")).toBe("abc");
    expect(f("SUBSTITUTE('a-b', '-', '', 5)")).toBe("a-b");
    expect(f("SUBSTITUTE('Grüße', 'ü', 'ue')")).toBe("Grueße");
    expect(err("SUBSTITUTE('a', 'a', 'b', 0)")).toBe("input:1: bad argument #4 to 'SUBSTITUTE' (instance must be 1 or more)");
    expect(err("SUBSTITUTE('a', 'a')")).toBe("input:1: bad argument #3 to 'SUBSTITUTE' (string expected, got no value)");
  });
  it("CONTAINS, STARTS_WITH, ENDS_WITH", () => {
    expect(f("CONTAINS('abc', '')")).toBe(true);
    expect(f("STARTS_WITH('abc', 'abcd')")).toBe(false);
    expect(f("ENDS_WITH('12.5', 5)")).toBe(true);
    expect(err("CONTAINS(nil, 'a')")).toBe("input:1: bad argument #1 to 'CONTAINS' (string expected, got nil)");
  });
  it("SPLIT and JOIN", () => {
    expect(f("SPLIT('a', ',')")).toEqual(["a"]);
    expect(f("SPLIT(',', ',')")).toEqual(["", ""]);
    expect(f("SPLIT('a::b::c', '::')")).toEqual(["a", "b", "c"]);
    expect(f("JOIN(SPLIT('x-y-z', '-'), '-')")).toBe("x-y-z");
    expect(f("JOIN({'a', nil, 'c'}, '+')")).toBe("a+c");
    expect(f("JOIN({true, 3.0, 1/3}, ' ')")).toBe("true 3 0.33333333333333");
    expect(raw("SPLIT('\\xffa', '')")).toBeInstanceOf(Object);
    expect(err("JOIN({'a', {}})")).toBe("input:1: bad argument #1 to 'JOIN' (list item 2: string expected, got table)");
    expect(err("JOIN('abc')")).toBe("input:1: bad argument #1 to 'JOIN' (list expected, got string)");
    expect(err("SPLIT('abc')")).toBe("input:1: bad argument #2 to 'SPLIT' (string expected, got no value)");
  });
  it("CONCAT shows numbers naturally", () => {
    expect(f("CONCAT()")).toBe("");
    expect(f("CONCAT(1e20, ' ', 2^63, ' ', -0.0, ' ', 100)")).toBe("1e+20 9.2233720368548e+18 0 100");
    expect(f("CONCAT(math.maxinteger)")).toBe("9223372036854775807");
    expect(f("CONCAT(0/0 ~= 0/0)")).toBe("true");
    expect(err("CONCAT('a', {})")).toBe("input:1: bad argument #2 to 'CONCAT' (string expected, got table)");
  });
});

describe("TEXT", () => {
  it("decimals, free of binary artefacts", () => {
    expect(f("TEXT(1.005, 2)")).toBe("1.01");
    expect(f("TEXT(2.675, 2)")).toBe("2.68");
    expect(f("TEXT(-1.005, 2)")).toBe("-1.01");
    expect(f("TEXT(0.1 + 0.2, 2)")).toBe("0.30");
    expect(f("TEXT(1e21, 2)")).toBe("1000000000000000000000.00");
    expect(f("TEXT(2, 0)")).toBe("2");
    expect(f("TEXT(-0.001, 2)")).toBe("0.00"); // no minus on zero
    expect(f("TEXT(0.5, 0)")).toBe("1");
    expect(f("TEXT(math.pi, 20)")).toBe("3.14159265358979300000");
    expect(f("TEXT(math.mininteger, 0, true)")).toBe("-9,223,372,036,854,775,808");
    expect(f("TEXT(1/0, 2)")).toBe("inf");
    expect(f("TEXT(-1/0, 2)")).toBe("-inf");
    expect(f("TEXT(0/0, 2)")).toBe("nan");
    expect(f("TEXT(999.995, 2, true)")).toBe("1,000.00");
    expect(f("TEXT(123, 2, false)")).toBe("123.00");
    expect(f("TEXT('12.345', 1)")).toBe("12.3");
    expect(luaType("TEXT(1, 2)")).toBe("string");
  });
  it("format strings", () => {
    expect(f("TEXT(1234567.5, '#,##0')")).toBe("1,234,568");
    expect(f("TEXT(0.5, '#.00')")).toBe(".50");
    expect(f("TEXT(0.5, '0.00')")).toBe("0.50");
    expect(f("TEXT(3, '0.0#')")).toBe("3.0");
    expect(f("TEXT(3.14159, '0.0#')")).toBe("3.14");
    expect(f("TEXT(0.125, '0%')")).toBe("13%");
    expect(f("TEXT(0.1234, '0.00 %')")).toBe("12.34 %");
    expect(f("TEXT(42, '€ #,##0.00')")).toBe("€ 42.00");
    expect(f("TEXT(42, '0 EUR')")).toBe("42 EUR");
    expect(f("TEXT(1234, 'approx. #,###')")).toBe("approx. 1,234");
    expect(f("TEXT(-1234.5, '#,##0.0')")).toBe("-1,234.5");
  });
  it("errors", () => {
    expect(err("TEXT(1, 21)")).toBe("input:1: bad argument #2 to 'TEXT' (decimals must be between 0 and 20)");
    expect(err("TEXT(1, -1)")).toBe("input:1: bad argument #2 to 'TEXT' (decimals must be between 0 and 20)");
    expect(err("TEXT(1, 1e6)")).toBe("input:1: bad argument #2 to 'TEXT' (decimals must be between 0 and 20)");
    expect(err("TEXT(1, '0.' .. string.rep('0', 21))")).toBe("input:1: bad argument #2 to 'TEXT' (too many decimals (at most 20))");
    expect(err("TEXT(1, 'abc')")).toBe("input:1: bad argument #2 to 'TEXT' (invalid number format (use 0 # , . and %, e.g. \"#,##0.00\"))");
    expect(err("TEXT(1, string.rep('0', 65))")).toBe("input:1: bad argument #2 to 'TEXT' (format too long (at most 64 bytes))");
    expect(err("TEXT(1, 2, 'yes')")).toBe("input:1: bad argument #3 to 'TEXT' (boolean expected, got string)");
    expect(err("TEXT(1, '0.0', true)")).toBe("input:1: bad argument #3 to 'TEXT' (thousands separator given with a format string)");
    expect(err("TEXT('abc', 2)")).toBe("input:1: bad argument #1 to 'TEXT' (number expected, got string)");
    expect(err("TEXT(1, {})")).toBe("input:1: bad argument #2 to 'TEXT' (number or format string expected, got table)");
    expect(err("TEXT(1, 1.5)")).toBe("input:1: bad argument #2 to 'TEXT' (number has no integer representation)");
  });
});
