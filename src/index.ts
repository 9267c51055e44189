// moonrule: a Lua 5.3 VM for untrusted code.
export type { JitMode } from "./vm/jit-mode.js";
export { Lua, type LuaOptions, type EvalOptions, type CallOptions, type EvalResult, type Profile, type Budget, type Usage, type OptionalLibrary } from "./vm/lua.js";
export { LuaError, type LuaErrorKind } from "./vm/errors.js";
export { defineApi, params, multiple, Api, MultipleValues, type HostContext, type HostVM, type HostFunction, type ParamType, type ArgsOf } from "./vm/host.js";
export { facts, CIRCULAR, type MarshalLimits } from "./vm/marshal.js";
export { compile, lua, Script, type Interpolation } from "./vm/script.js";
export { serializeChunk, loadChunk, scriptHash, isChunk, COMPILER_VERSION, CHUNK_FORMAT_VERSION, type SerializeOptions } from "./vm/chunk.js";
export { disassemble, type DisasmOptions } from "./vm/disasm.js";
export { formatTrace, type Trace, type TraceEntry } from "./vm/trace.js";
export { CompileCache, defaultCompileCache, type CompileCacheOptions, type CacheStats } from "./cache/compile-cache.js";
export { diagnose, type Diagnostic, type Severity } from "./vm/diagnose.js";
export { LuaTable } from "./vm/table.js";
export { LuaFloat, type LuaValue } from "./vm/value.js";
export { FormulaEngine, ComputedFields, type CompiledFormula, type FormulaEngineOptions, type EvaluateOptions, type EvaluationResult, type FieldsResult, type FormulaKind, type ResultType } from "./formula/engine.js";
export { validateFormula, completeFormula, didYouMean, type ValidateOptions, type CompletionItem, type FunctionSignature, type JsonSchema } from "./formula/validate.js";
export {
  FORMULA_FUNCTIONS, createFormulaLibrary, installFormulaLibrary, renderFormulaDocs,
  type FormulaCategory, type FormulaExample, type FormulaFunctionInfo, type FormulaLibraryOptions, type FormulaParam, type FormulaType, type FormulaTypeSpec,
} from "./stdlib-formula/index.js";
export {
  RuleSet, RuleSetError, RULESET_SCHEMA,
  type RuleSetDocument, type RuleDocument, type RuleProblem, type RuleResult, type RecordResult, type Explanation, type RuleMode, type RuleBudget, type EvaluateRecordOptions, type RuleSetOptions,
} from "./rules/ruleset.js";
export { runBatch, Batch, formatOf, SourceError, type BatchOptions, type BatchResult, type BatchSummary, type BatchSource, type BatchFormat, type SourceItem } from "./rules/batch.js";
export { runDistributedBatch, DistributedBatch, startWorker, STALLED_DEFAULTS, parseRedisUrl, type DistributedBatchOptions, type DistributedSummary, type QueueWorkerOptions, type QueueWorkerHandle, type WorkerStats, type StalledSettings, type QueueConnection } from "./queue/index.js";
