/**
 * QEMU's own parser tests (tests/qapi-schema of QEMU 10.0.13): for each
 * case NAME.err (what the generator prints; empty when it accepts NAME.json)
 * our last error line must equal the .err file's last line.
 *
 * Cases are classified by running QEMU's code on them (a python3 driver
 * written to a temporary directory at test time): 'parse' when
 * QAPISchemaParser alone rejects the file (lexical, syntax, include,
 * pragma and doc comment structure errors), 'expressions' when expr.py's
 * checks do, 'schema' when schema.py's do, 'accepted' otherwise.  The
 * driver also records what QEMU prints today, so that stale .err files
 * (left in the directory but no longer run by QEMU's meson.build) are
 * reported and left out instead of being held against us.
 *
 * Score 1 (parse + accepted) must be 100%.  Score 2 (expressions + schema)
 * must not fall below SCORE_2_FLOOR.  Skipped without ../shared or python3.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSchema, formatSchemaError } from '../../src/qapi/schema-check/index.js';
import { shared } from '../support/shared.js';

const release = shared('qemu', '10.0.13');
const casesDir = join(release, 'tests', 'qapi-schema');
const hasPython = spawnSync('python3', ['--version']).status === 0;
const runnable = existsSync(casesDir) && existsSync(join(release, 'scripts', 'qapi')) && hasPython;

/**
 * Every expressions and schema case QEMU reproduces, 142 of 142 at the time
 * of writing; raise it when more pass, never lower it to make a test pass.
 */
const SCORE_2_FLOOR = 142;

type Stage = 'parse' | 'expressions' | 'schema' | 'accepted';

const DRIVER = `
import json, sys
from qapi.error import QAPIError
from qapi.expr import check_exprs
from qapi.parser import QAPISchemaParser
from qapi.schema import QAPISchema

def stage(fname):
    try:
        parser = QAPISchemaParser(fname)
    except (QAPIError, OSError):
        return 'parse'
    try:
        check_exprs(parser.exprs)
    except QAPIError:
        return 'expressions'
    try:
        QAPISchema(fname)
    except QAPIError:
        return 'schema'
    return 'accepted'

def stderr(fname):
    try:
        QAPISchema(fname)
    except QAPIError as err:
        return str(err)
    return ''

print(json.dumps({name: {'stage': stage(name + '.json'), 'stderr': stderr(name + '.json')}
                  for name in sys.argv[1:]}))
`;

interface Case {
  name: string;
  stage: Stage;
  expected: string;
  /** What QEMU 10.0.13 prints for the case now; differs from `expected` for stale .err files. */
  qemu: string;
  ours: string;
}

const lastLine = (text: string): string => text.trimEnd().split('\n').pop() ?? '';

function classify(names: string[]): Record<string, { stage: Stage; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'qapi-classify-'));
  try {
    writeFileSync(join(dir, 'classify.py'), DRIVER);
    const run = spawnSync('python3', [join(dir, 'classify.py'), ...names], {
      cwd: casesDir,
      env: { ...process.env, PYTHONPATH: join(release, 'scripts'), PYTHONIOENCODING: 'utf-8' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`classify.py failed: ${run.stderr}`);
    return JSON.parse(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Our output for a case, with the directory stripped as QEMU's test-qapi.py strips it. */
function ours(name: string): string {
  const result = checkSchema(join(casesDir, `${name}.json`));
  return result.errors.map(formatSchemaError).join('\n').replaceAll(`${casesDir}/`, '');
}

describe.skipIf(!runnable)("QEMU 10.0.13's tests/qapi-schema", () => {
  const cases: Case[] = [];
  const stale: Case[] = [];

  it('classifies the cases by running QEMU', () => {
    const names = readdirSync(casesDir)
      .filter((f) => f.endsWith('.err'))
      .map((f) => f.slice(0, -'.err'.length))
      .sort();
    const qemu = classify(names);
    for (const name of names) {
      const c: Case = {
        name,
        stage: qemu[name]!.stage,
        expected: lastLine(readFileSync(join(casesDir, `${name}.err`), 'utf8')),
        qemu: lastLine(qemu[name]!.stderr),
        ours: lastLine(ours(name)),
      };
      (c.qemu === c.expected ? cases : stale).push(c);
    }
    expect(cases.length).toBeGreaterThan(200);
  });

  const score = (stages: Stage[]) => {
    const inScope = cases.filter((c) => stages.includes(c.stage));
    return { passed: inScope.filter((c) => c.ours === c.expected), failed: inScope.filter((c) => c.ours !== c.expected), total: inScope.length };
  };

  afterAll(() => {
    if (cases.length === 0) return;
    const rows = (['parse', 'accepted', 'expressions', 'schema'] as Stage[]).map((stage) => {
      const s = score([stage]);
      return `  ${stage.padEnd(12)} ${String(s.passed.length).padStart(4)} / ${s.total}`;
    });
    const one = score(['parse', 'accepted']);
    const two = score(['expressions', 'schema']);
    console.log(
      [
        'QAPI schema conformance (QEMU 10.0.13 tests/qapi-schema)',
        ...rows,
        `  score 1 (parse + accepted):      ${one.passed.length}/${one.total}`,
        `  score 2 (expressions + schema):  ${two.passed.length}/${two.total}`,
        `  stale .err files left out: ${stale.map((c) => c.name).join(', ') || 'none'}`,
      ].join('\n'),
    );
  });

  it('score 1: every parse error and every accepted case matches (100%)', () => {
    const { failed } = score(['parse', 'accepted']);
    expect(failed.map((c) => `${c.name}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.ours)}`)).toEqual([]);
  });

  it(`score 2: at least ${SCORE_2_FLOOR} expression and schema errors match`, () => {
    const { passed, failed } = score(['expressions', 'schema']);
    if (passed.length < SCORE_2_FLOOR) {
      const detail = failed.map((c) => `${c.name}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.ours)}`);
      expect.fail(`${passed.length} < ${SCORE_2_FLOOR}\n${detail.join('\n')}`);
    }
  });

  it('leaves out only .err files QEMU itself no longer reproduces', () => {
    // Not in meson.build: a .err without its .json, and one whose message has since changed.
    expect(stale.map((c) => c.name).sort()).toEqual(['escape-outside-string', 'event-args-if-unboxed']);
  });
});
