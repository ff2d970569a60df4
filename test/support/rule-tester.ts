/**
 * ESLint RuleTester, our way: a rule's behaviour as two tables, patches that
 * must stay quiet and patches with the exact findings expected.
 */
import { describe, expect, it } from 'vitest';
import { reviewPatch } from '../../src/engine/run.js';
import type { Finding, ReviewSettings, Rule } from '../../src/engine/types.js';
import { patchOf } from './patches.js';

export interface Case {
  name: string;
  /** The diff section(s) of the patch (see hunkDiff, newFileDiff). */
  diff: string;
  message?: string;
  flowed?: boolean;
  /** What the command line would set (a rule that asks for the release needs --qemu-version). */
  settings?: ReviewSettings;
}

export interface ExpectedFinding {
  line: number;
  /** A fragment the message must contain. */
  message?: string;
  file?: string;
  column?: number;
  endLine?: number;
  /** The suggested replacement text, or null when there must be none. */
  suggestion?: string | null;
}

export interface InvalidCase extends Case {
  findings: ExpectedFinding[];
}

export function findingsOf(rule: Rule, c: Case): Finding[] {
  const patch = patchOf(c.diff, { ...(c.message !== undefined ? { message: c.message } : {}), ...(c.flowed ? { flowed: true } : {}) });
  const { findings, failures } = reviewPatch(patch, [rule], c.settings ? { settings: c.settings } : {});
  expect(failures).toEqual([]);
  return findings;
}

export function testRule(rule: Rule, cases: { valid: Case[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          expect(findingsOf(rule, c).map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          const found = findingsOf(rule, c);
          expect(found.map((f) => f.line)).toEqual(c.findings.map((e) => e.line));
          c.findings.forEach((e, i) => {
            const f = found[i]!;
            expect(f.rule).toBe(rule.meta.id);
            if (e.message !== undefined) expect(f.message).toContain(e.message);
            if (e.file !== undefined) expect(f.file).toBe(e.file);
            if (e.column !== undefined) expect(f.column).toBe(e.column);
            if (e.endLine !== undefined) expect(f.endLine).toBe(e.endLine);
            if (e.suggestion !== undefined) expect(f.suggestion?.text ?? null).toBe(e.suggestion);
          });
        });
      }
    });
  });
}
