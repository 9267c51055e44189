// One batch item evaluated: shared by the inline path and the workers (src/rules/batch-worker.ts).

import type { RecordResult, RuleSet } from "./ruleset.js";
import type { SourceItem } from "./sources.js";

/** A batch result without its index: the evaluation, or why the item is not a record. */
export type ItemOutcome = { record?: unknown; result: RecordResult } | { error: { message: string } };

export function evaluateItem(ruleSet: RuleSet, item: SourceItem, explain: boolean, includeRecord: boolean): ItemOutcome {
  let record: unknown;
  if ("raw" in item) {
    try {
      record = JSON.parse(item.raw);
    } catch (e) {
      return { error: { message: `not valid JSON: ${(e as Error).message}` } };
    }
  } else record = item.value;
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return { error: { message: `not a record (a JSON object): ${record === null ? "null" : Array.isArray(record) ? "an array" : typeof record}` } };
  }
  let result: RecordResult;
  try {
    result = ruleSet.evaluate(record, { explain });
  } catch (e) {
    // evaluate never throws for a bad record; anything else is reported on the record, not fatal
    return { error: { message: `evaluation failed: ${(e as Error).message}` } };
  }
  return includeRecord ? { record, result } : { result };
}
