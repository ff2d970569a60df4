/**
 * `npm run new-rule -- area/name` in a scratch copy of the checkout: the
 * rule, its test and its README line appear, the index lists it, the
 * generated code type-checks under the strict flags, and its test runs
 * green; a name that exists is refused.  And the README's rule table is
 * exactly what the rules' metadata makes.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs dev script, without types
import { TABLE_BEGIN, TABLE_END } from '../../src/devtools/rule-docs.mjs';
import { listRules } from '../../src/cli/rules.js';
import { rules } from '../../rules/index.js';
import { repoRoot } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

const SLOW = 180_000;

function run(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: SLOW });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the README rule table', () => {
  it('is, between its markers, `qemu-review rules --format markdown` of the rules there are', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const begin = readme.indexOf(TABLE_BEGIN as string);
    const end = readme.indexOf(TABLE_END as string);
    expect(begin).toBeGreaterThan(0);
    expect(readme.slice(begin + (TABLE_BEGIN as string).length + 1, end)).toBe(listRules(rules, 'markdown'));
  });
});

describe('npm run new-rule', () => {
  let root: string;
  const script = join(repoRoot, 'src', 'devtools', 'new-rule.mjs');
  beforeAll(() => {
    root = join(tempDir('qr-new-rule-'), 'checkout');
    for (const part of ['src', 'rules', 'test/support', 'README.md', 'tsconfig.json', 'package.json']) {
      cpSync(join(repoRoot, part), join(root, part), { recursive: true });
    }
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  });

  it(
    'scaffolds the rule, its test and its README line; the code type-checks and its test passes',
    () => {
      const made = run(process.execPath, [script, 'qapi/fresh-idea', '--root', root, '--description', 'a thing maintainers keep asking for'], repoRoot);
      expect(made.stderr).toBe('');
      expect(made.status).toBe(0);
      const rule = readFileSync(join(root, 'rules', 'qapi', 'fresh-idea.ts'), 'utf8');
      expect(rule).toContain("id: 'qapi/fresh-idea',");
      expect(rule).toContain("severity: 'warning',");
      expect(existsSync(join(root, 'test', 'rules', 'qapi', 'fresh-idea.test.ts'))).toBe(true);
      expect(readFileSync(join(root, 'rules', 'index.ts'), 'utf8')).toMatch(/import qapiFreshIdea from '\.\/qapi\/fresh-idea\.js';[\s\S]* {2}qapiFreshIdea,/);
      expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(
        '| `qapi/fresh-idea` | warning | a thing maintainers keep asking for | TODO: docs/devel/..., "Section" |\n',
      );

      // The strict flags the project moves to, on the generated files and what they import.
      writeFileSync(
        join(root, 'tsconfig.check.json'),
        JSON.stringify({
          extends: './tsconfig.json',
          compilerOptions: { noEmit: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true },
          include: [],
          files: ['rules/qapi/fresh-idea.ts', 'test/rules/qapi/fresh-idea.test.ts'],
        }),
      );
      const tsc = run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.check.json'], root);
      expect(tsc.stderr).toBe('');
      expect([0, 2]).toContain(tsc.status);
      // Errors elsewhere in src/ under the new flags belong to another change; none may be in the new files.
      expect(tsc.stdout.split('\n').filter((l) => l.includes('fresh-idea'))).toEqual([]);

      const vitest = run(
        process.execPath,
        [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', root, 'test/rules/qapi/fresh-idea.test.ts'],
        root,
      );
      expect(vitest.status, vitest.stdout + vitest.stderr).toBe(0);
      expect(vitest.stdout).toMatch(/1 passed/);
      expect(vitest.stdout).toMatch(/1 todo/);
    },
    SLOW,
  );

  it(
    'refuses a rule that exists, and a name that is not area/name',
    () => {
      const again = run(process.execPath, [script, 'qapi/doc-line-width', '--root', root], repoRoot);
      expect(again.status).toBe(2);
      expect(again.stderr).toBe(`new-rule: ${join(root, 'rules', 'qapi', 'doc-line-width.ts')} exists: rule qapi/doc-line-width is there already\n`);
      expect(readFileSync(join(root, 'rules', 'qapi', 'doc-line-width.ts'), 'utf8')).toBe(
        readFileSync(join(repoRoot, 'rules', 'qapi', 'doc-line-width.ts'), 'utf8'),
      );
      const bad = run(process.execPath, [script, 'Fresh Idea', '--root', root], repoRoot);
      expect(bad).toMatchObject({ status: 2, stderr: "new-rule: a rule is named area/name in lower case, such as qapi/doc-line-width, not 'Fresh Idea'\n" });
    },
    SLOW,
  );
});
