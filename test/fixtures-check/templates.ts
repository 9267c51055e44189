// Sample file for `moonrule check` tests: lua`` templates, good and bad (never run).
import * as moonrule from "../../src/index.js";
import { lua } from "../../src/index.js";

export const good = lua`return fact.price * fact.qty`;
export const goodHole = (rate: number) => lua`return fact.price * ${rate} + 1`;
export const badCompare = lua`if fact.price = 100 then return 1 end`;
export const badAfterHole = (min: number) => lua`return ${min} <> fact.price`;
export const badEscape = moonrule.lua`print("a\nb")`;
export const multiLine = lua`
  local total = 0
  for i = 1, #fact.items do
    total = total + fact.items[i].price
  end
  if total > 100 then
    return total * 0.9
`;
export const greeting = (name: string) => lua`return "hello ${name}"`;
export const notLua = String.raw`if x = 1 then`;
