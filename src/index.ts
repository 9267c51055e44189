// moonrule: a Lua 5.3 VM for untrusted code.
export { Lua, type LuaOptions, type EvalOptions, type EvalResult, type Profile } from "./vm/lua.js";
export { LuaError, type LuaErrorKind } from "./vm/errors.js";
export { LuaTable } from "./vm/table.js";
export { LuaFloat, type LuaValue } from "./vm/value.js";
