/** What every rule module owes the project: a place, an id, messages, a test file, a line in the README. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs dev script, without types
import { renderIndex, ruleModules } from '../../src/devtools/rule-index.mjs';
import { rules } from '../../rules/index.js';
import { listRules } from '../../src/cli/rules.js';
import { checkRules, selectRules } from '../../src/engine/registry.js';
import { repoRoot } from '../support/shared.js';

describe('rule modules', () => {
  it('rules/index.ts lists every module under rules/ (npm run rules:index)', () => {
    expect(readFileSync(join(repoRoot, 'rules', 'index.ts'), 'utf8')).toBe(renderIndex());
  });

  it('each rule id is the path of its module, and ids are unique', () => {
    expect(rules.map((r) => `${r.meta.id}.ts`).sort()).toEqual((ruleModules() as string[]).slice().sort());
    expect(() => checkRules(rules)).not.toThrow();
  });

  it('each rule has messages, a source, and a test file of its own', () => {
    for (const { meta } of rules) {
      expect(Object.keys(meta.messages).length, meta.id).toBeGreaterThan(0);
      expect(meta.source.title.length, meta.id).toBeGreaterThan(0);
      expect(meta.description.length, meta.id).toBeLessThan(160);
      expect(existsSync(join(repoRoot, 'test', 'rules', `${meta.id}.test.ts`)), `test/rules/${meta.id}.test.ts`).toBe(true);
    }
  });

  it('error means the interface contract or the patch itself is broken; everything else is a warning or a note', () => {
    // A missing 'unstable' feature changes what QMP clients are promised; a corrupt, re-flowed or
    // escaping patch cannot be applied as sent.  Style, wording, releases and advice never fail a build on "error".
    const errors = rules
      .filter((r) => r.meta.severity === 'error')
      .map((r) => r.meta.id)
      .sort();
    expect(errors).toEqual(['patch/corrupt', 'patch/mangled', 'patch/unsafe-path', 'qapi/unstable-feature']);
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain('`error` only for what breaks the interface');
  });

  it("the README's rule table is `qemu-review rules --format markdown`", () => {
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(listRules(rules, 'markdown'));
  });
});

describe('rule selection', () => {
  it('selects by id, by area, and leaves out by either', () => {
    const ids = (only?: string[], skip?: string[]) => selectRules(rules, only, skip).map((r) => r.meta.id);
    expect(ids(['qapi/doc-line-width'])).toEqual(['qapi/doc-line-width']);
    const c = ['c/comment-sentence-spacing', 'c/comment-width', 'c/lengthy-macro', 'c/single-use-macro'];
    expect(ids(['c'])).toEqual(c);
    expect(ids(['c/*'])).toEqual(c);
    expect(ids(undefined, ['qapi', 'patch', 'commit', 'build'])).toEqual(c);
    expect(() => ids(['qapi/nope'])).toThrow("unknown rule 'qapi/nope'");
    expect(() => ids(['qap'])).toThrow("unknown rule 'qap'");
  });
});
