/**
 * Differential test against QEMU 10.0.13's generator: QEMU's own test
 * schemas, mutated (characters, doc comment lines, keywords and names
 * inserted, deleted, swapped) with a fixed seed, must give exactly the
 * output QEMU gives, line for line.  This reaches combinations the
 * conformance cases do not.  Mutants QEMU crashes on (an assertion or a
 * Python exception instead of an error message) are left out.  Skipped
 * without ../shared or python3.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSchema, formatSchemaError } from '../../src/qapi/schema-check/index.js';
import { shared } from '../support/shared.js';

const release = shared('qemu', '10.0.13');
const casesDir = join(release, 'tests', 'qapi-schema');
const hasPython = spawnSync('python3', ['--version']).status === 0;
const runnable = existsSync(casesDir) && existsSync(join(release, 'scripts', 'qapi')) && hasPython;

const MUTANTS = 600;
const SEED = 20251126;

const DRIVER = `
import json, sys
from qapi.error import QAPIError
from qapi.schema import QAPISchema

out = {}
for name in sys.argv[1:]:
    try:
        QAPISchema(name)
        out[name] = ''
    except QAPIError as err:
        out[name] = str(err)
    except Exception:
        out[name] = None
print(json.dumps(out))
`;
import { tempDir } from '../support/temp.js';

/** Insertions: schema syntax, doc comment lines in both good and bad shapes, directives. */
const INSERTS = [
  "'",
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '#',
  ' ',
  '\n',
  '\t',
  '@',
  'x',
  '\\',
  '=',
  '*',
  '##',
  '\n##\n',
  '# Since: 1.0\n',
  '# @foo: bar\n',
  '#\n# Features:\n#\n# @feat: x\n',
  '#     indented\n',
  '# Returns: x\n',
  '# Note: x\n',
  '# = Heading\n',
  '#\n',
  '# @a:\n',
  '#  @b: x\n',
  '# Errors: x\n',
  '# TODO: x\n',
  "'if': 'X', ",
  "'features': ['f'], ",
  "'base': 'Base', ",
  "'*opt': 'int', ",
  "'boxed': true, ",
  "'data': {}, ",
  "{ 'include': 'include-simple-sub.json' }\n",
  "{ 'pragma': { 'doc-required': true } }\n",
];
const WORDS = [
  "'int'",
  "'str'",
  "'bool'",
  "'any'",
  "'enum'",
  "'struct'",
  "'union'",
  "'alternate'",
  "'command'",
  "'event'",
  "'data'",
  "'base'",
  "'discriminator'",
  "'returns'",
  "'features'",
  "'if'",
  "'type'",
  "'name'",
  'true',
  'false',
  '{}',
  '[]',
  "'q_x'",
  "'a_b'",
  "'Foo'",
  "'FOO'",
  "'deprecated'",
];

/** mulberry32: small, seedable, good enough to spread mutations. */
function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

function mutate(text: string, pick: (n: number) => number): string {
  let t = text;
  for (let k = 1 + pick(3); k > 0; k--) {
    const at = pick(t.length + 1);
    const lines = t.split('\n');
    switch (pick(6)) {
      case 0:
        t = t.slice(0, at) + t.slice(at + 1);
        break;
      case 1:
      case 2:
        t = t.slice(0, at) + INSERTS[pick(INSERTS.length)] + t.slice(at);
        break;
      case 3:
        lines.splice(pick(lines.length), 1);
        t = lines.join('\n');
        break;
      case 4:
        lines.splice(pick(lines.length), 0, lines[pick(lines.length)]!);
        t = lines.join('\n');
        break;
      default: {
        const words = [...t.matchAll(/'[a-z*-]+'|true|false/g)];
        if (words.length === 0) break;
        const w = words[pick(words.length)]!;
        t = t.slice(0, w.index) + WORDS[pick(WORDS.length)] + t.slice(w.index + w[0].length);
      }
    }
  }
  return t;
}

describe.skipIf(!runnable)("mutants of QEMU's test schemas", () => {
  it(`give QEMU 10.0.13's output, byte for byte (${MUTANTS} mutants)`, () => {
    const dir = tempDir('qapi-differential-');
    try {
      // The originals stay beside the mutants, so that include directives find their files.
      cpSync(casesDir, dir, { recursive: true });
      const originals = readdirSync(casesDir).filter((f) => f.endsWith('.json'));
      const pick = random(SEED);
      const names: string[] = [];
      for (let i = 0; i < MUTANTS; i++) {
        const name = `mutant-${i}.json`;
        writeFileSync(join(dir, name), mutate(readFileSync(join(casesDir, originals[pick(originals.length)]!), 'utf8'), pick));
        names.push(name);
      }
      writeFileSync(join(dir, 'driver.py'), DRIVER);
      const run = spawnSync('python3', ['driver.py', ...names], {
        cwd: dir,
        env: { ...process.env, PYTHONPATH: join(release, 'scripts'), PYTHONIOENCODING: 'utf-8' },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (run.status !== 0) throw new Error(`driver.py failed: ${run.stderr}`);
      const qemu: Record<string, string | null> = JSON.parse(run.stdout);

      const mismatches: string[] = [];
      let compared = 0;
      for (const name of names) {
        const expected = qemu[name];
        if (expected === null || expected === undefined) continue;
        compared++;
        const result = checkSchema(join(dir, name), { qemuVersion: '10.0.13' });
        const ours = result.errors.map(formatSchemaError).join('\n').replaceAll(`${dir}/`, '');
        if (ours !== expected) mismatches.push(`${name}:\n  QEMU: ${JSON.stringify(expected)}\n  ours: ${JSON.stringify(ours)}`);
      }
      expect(compared).toBeGreaterThan(MUTANTS * 0.9);
      expect(mismatches).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
