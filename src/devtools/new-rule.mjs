// `npm run new-rule -- area/name`: a rule in one step.  Writes rules/area/name.ts (its metadata
// and a create() that reports nothing yet), its table-driven test test/rules/area/name.test.ts,
// then rebuilds rules/index.ts and the README's rule table, where the new rule gets its line.
// Refuses a name that exists.  `--root DIR` scaffolds into another checkout (tests use a copy);
// `--severity`, `--description` fill the metadata in (they can be edited after).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { regen } from './regen.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const SEVERITIES = ['error', 'warning', 'info'];

export class NewRuleError extends Error {}

/** A string as a single-quoted TypeScript literal. */
const literal = (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function ruleSource(id, { description, severity }) {
  return `/** ${description.replace(/\*\//g, '* /')}. */
import type { Rule } from '../../src/engine/types.js';

const rule: Rule = {
  meta: {
    id: ${literal(id)},
    description: ${literal(description)},
    severity: ${literal(severity)},
    source: {
      // Where the convention comes from: a section of QEMU's docs, or a maintainer's review (quote it).
      title: 'TODO: docs/devel/..., "Section"',
    },
    messages: {
      problem: 'TODO: what the author reads, with {{placeholders}} from the report',
    },
  },
  // Stays quiet until it knows what to look for: precision beats recall.
  create: () => ({}),
};

export default rule;
`;
}

export function testSource(id) {
  const [area, name] = id.split('/');
  return `import rule from '../../../rules/${area}/${name}.js';
import { newFileDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'a patch it has nothing to say about', diff: newFileDiff('qapi/test.json', "##\\n# @Foo:\\n#\\n# Since: 10.2\\n##\\n{ 'struct': 'Foo', 'data': {} }\\n") },
  ],
  // Each case: { name, diff, findings: [{ line, message }] }, and \`output\` for a fix.
  invalid: [],
});
`;
}

export async function newRule(id, { root = repo, description = 'TODO: one line, what the rule reports', severity = 'warning' } = {}) {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(id ?? ''))
    throw new NewRuleError(`a rule is named area/name in lower case, such as qapi/doc-line-width, not '${id ?? ''}'`);
  if (!SEVERITIES.includes(severity)) throw new NewRuleError(`--severity is one of ${SEVERITIES.join(', ')}, not '${severity}'`);
  const ruleFile = join(root, 'rules', `${id}.ts`);
  const testFile = join(root, 'test', 'rules', `${id}.test.ts`);
  for (const file of [ruleFile, testFile]) {
    if (existsSync(file)) throw new NewRuleError(`${file} exists: rule ${id} is there already`);
  }
  for (const [file, text] of [
    [ruleFile, ruleSource(id, { description, severity })],
    [testFile, testSource(id)],
  ]) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' });
  }
  await regen(root, { dist: false });
  return { ruleFile, testFile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const value = (flag) => {
    const at = args.indexOf(flag);
    if (at < 0) return undefined;
    const [v] = args.splice(at, 2).slice(1);
    return v;
  };
  const root = value('--root');
  const severity = value('--severity');
  const description = value('--description');
  try {
    const { ruleFile, testFile } = await newRule(args[0], {
      ...(root !== undefined ? { root: resolve(root) } : {}),
      ...(severity !== undefined ? { severity } : {}),
      ...(description !== undefined ? { description } : {}),
    });
    console.log(`wrote ${ruleFile}\nwrote ${testFile}\nrules/index.ts and the README's rule table rebuilt; \`npm run regen\` also rebuilds dist/`);
  } catch (error) {
    if (!(error instanceof NewRuleError)) throw error;
    console.error(`new-rule: ${error.message}`);
    process.exitCode = 2;
  }
}
