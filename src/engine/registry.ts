/** Choosing the rules of a run: all of them, or those named with --rule / --no-rule. */
import type { Rule } from './types.js';

export class RuleSelectionError extends Error {}

/** Does `pattern` (an id, `area/*`, or an area) name the rule? */
export function matches(pattern: string, id: string): boolean {
  if (pattern === id) return true;
  const area = pattern.endsWith('/*') ? pattern.slice(0, -2) : pattern;
  return !pattern.includes('/') || pattern.endsWith('/*') ? id.startsWith(`${area}/`) : false;
}

export function selectRules(all: readonly Rule[], only: readonly string[] = [], skip: readonly string[] = []): Rule[] {
  for (const pattern of [...only, ...skip]) {
    if (!all.some((r) => matches(pattern, r.meta.id))) {
      throw new RuleSelectionError(`unknown rule '${pattern}' (\`qemu-review rules\` lists them)`);
    }
  }
  return all.filter((r) => (only.length === 0 || only.some((p) => matches(p, r.meta.id))) && !skip.some((p) => matches(p, r.meta.id)));
}

/** Checks what the engine relies on: unique ids, and messages for every rule. */
export function checkRules(all: readonly Rule[]): void {
  const seen = new Set<string>();
  for (const rule of all) {
    const { id, messages } = rule.meta;
    if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(id)) throw new Error(`rule id '${id}' is not of the form area/name`);
    if (seen.has(id)) throw new Error(`rule id '${id}' is defined twice`);
    if (Object.keys(messages).length === 0) throw new Error(`rule ${id} has no messages`);
    seen.add(id);
  }
}
