/**
 * Just enough of action.yml for the tests: its inputs with their defaults
 * and its outputs (a YAML library is not among the project's dependencies;
 * the file is small and kept in plain block style).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/shared.js';

export interface ActionYml {
  inputs: Map<string, { default?: string }>;
  outputs: string[];
  runs: Record<string, string>;
}

export function readActionYml(): ActionYml {
  const lines = readFileSync(join(repoRoot, 'action.yml'), 'utf8').split('\n');
  const yml: ActionYml = { inputs: new Map(), outputs: [], runs: {} };
  let section = '';
  let current = '';
  for (const line of lines) {
    const top = /^([a-z-]+):/.exec(line);
    if (top) {
      section = top[1]!;
      continue;
    }
    const key = /^ {2}([a-z-]+):\s*(.*)$/.exec(line);
    if (key) {
      current = key[1]!;
      if (section === 'inputs') yml.inputs.set(current, {});
      if (section === 'outputs') yml.outputs.push(current);
      if (section === 'runs') yml.runs[current] = key[2]!;
      continue;
    }
    const def = /^ {4}default:\s*(.*)$/.exec(line);
    if (def && section === 'inputs') yml.inputs.get(current)!.default = def[1]!;
  }
  return yml;
}
