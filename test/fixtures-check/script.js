// Sample JavaScript for `moonrule check` tests.
import { lua } from "moonrule";

export const ok = lua`return fact.a and fact.b`;
export const bad = lua`return fact.a && fact.b`;
