/**
 * ESLint RuleTester, our way: a rule's behaviour as two tables, patches that
 * must stay quiet and patches with the exact findings expected.
 */
import { describe, expect, it } from 'vitest';
import { reviewPatch } from '../../src/engine/run.js';
import { viewOfDiff } from '../../src/patch/view.js';
import type { Finding, ReviewSettings, Rule, RuleVisitors, SeriesMemory } from '../../src/engine/types.js';
import { SeriesRuns } from '../../src/review/series-memory.js';
import { newFileDiff, patchOf } from './patches.js';

export interface Case {
  name: string;
  /** The diff section(s) of the patch (see hunkDiff, newFileDiff). */
  diff: string;
  message?: string;
  flowed?: boolean;
  /** What the command line would set (a rule that asks for the release needs --qemu-version). */
  settings?: ReviewSettings;
  /** Diffs of the earlier patches of its series, in order: the case is the next patch. */
  earlier?: string[];
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
  /**
   * The lines of the file (the new side the diff shows, joined) with every
   * suggested fix applied, as ESLint's RuleTester checks `output`: the
   * fixes of all findings together, and the rule quiet on the result.
   */
  output?: string;
  /** Where the fixed output is reviewed again (default qapi/fixed.json). */
  fixedPath?: string;
}

/** The memory the engine gives the patch after `earlier` in one series; a rule failing on an earlier patch fails the test. */
export function seriesAfter(earlier: readonly string[], rules: readonly Rule[]): SeriesMemory {
  const runs = new SeriesRuns();
  earlier.forEach((diff, i) => {
    const series = runs.enter({ key: 'series', number: i + 1, total: earlier.length + 1 }, i);
    const review = reviewPatch(patchOf(diff), rules, { series, trace: true });
    expect(review.failures, `rule failures on earlier patch ${i + 1} of the series`).toEqual([]);
    runs.record(i, review.trace!);
  });
  return runs.enter({ key: 'series', number: earlier.length + 1, total: earlier.length + 1 }, earlier.length)!;
}

/**
 * The rule, with every throw out of it recorded in `crashes` (and thrown on).
 * The engine reports a throw as one of the review's `failures`, except while
 * the fixer checks a proposed fix: there a throw only withholds the fix, so a
 * rule that crashes on its own fixed text would otherwise pass unseen.
 */
function watched(rule: Rule, crashes: string[]): Rule {
  const guard =
    <A extends unknown[], R>(where: string, f: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return f(...args);
      } catch (error) {
        crashes.push(`${rule.meta.id} threw in ${where}: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    };
  return {
    meta: rule.meta,
    create: guard('create', (context) => {
      const visitors = rule.create(context);
      const out: Record<string, unknown> = {};
      for (const [name, visit] of Object.entries(visitors) as [string, unknown][]) {
        out[name] = typeof visit === 'function' ? guard(name, (...args: unknown[]): unknown => visit.apply(visitors, args)) : visit;
      }
      return out as RuleVisitors;
    }),
  };
}

/** The rule's findings on the case; the test fails when the rule threw anywhere, the fixer's checks included. */
export function findingsOf(rule: Rule, c: Case): Finding[] {
  const patch = patchOf(c.diff, { ...(c.message !== undefined ? { message: c.message } : {}), ...(c.flowed ? { flowed: true } : {}) });
  const crashes: string[] = [];
  const checked = watched(rule, crashes);
  const series = c.earlier ? seriesAfter(c.earlier, [checked]) : null;
  const { findings, failures } = reviewPatch(patch, [checked], { settings: c.settings ?? {}, series });
  expect(failures, `${c.name}: rule failures the engine reported`).toEqual([]);
  expect(crashes, `${c.name}: what the rule threw`).toEqual([]);
  return findings;
}

/** The visible new-side lines of the case's one file, every suggestion applied (bottom up; overlapping ones must be equal). */
export function fixedOutput(rule: Rule, c: Case): string {
  const patch = patchOf(c.diff, { ...(c.message !== undefined ? { message: c.message } : {}) });
  const [file] = patch.files;
  if (!file || patch.files.length !== 1) throw new Error(`${c.name}: output needs a diff of exactly one file`);
  const lines = viewOfDiff(file)
    .segments.flat()
    .map((l) => ({ line: l.line, text: l.text }));
  const fixes = [...new Map(findingsOf(rule, c).flatMap((f) => (f.suggestion ? [[JSON.stringify(f.suggestion), f.suggestion] as const] : []))).values()];
  fixes.sort((a, b) => b.line - a.line);
  fixes.forEach((s, i) => {
    const below = fixes[i - 1];
    if (below && below.line <= s.endLine) throw new Error(`${c.name}: fixes of lines ${s.line}-${s.endLine} and ${below.line}-${below.endLine} overlap`);
    const at = lines.findIndex((l) => l.line === s.line);
    const count = lines.filter((l) => l.line >= s.line && l.line <= s.endLine).length;
    lines.splice(at, count, ...s.text.split('\n').map((text) => ({ line: s.line, text })));
  });
  return lines.map((l) => l.text).join('\n');
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
      // A rule just scaffolded (npm run new-rule) has no case yet: a reminder, not an empty suite.
      if (cases.invalid.length === 0) it.todo('patches the rule reports');
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
          if (c.output !== undefined) {
            const output = fixedOutput(rule, c);
            expect(output).toBe(c.output);
            // The fixed file, reviewed as a new file: the rule has nothing left to fix.
            const again = findingsOf(rule, { name: c.name, diff: newFileDiff(c.fixedPath ?? 'qapi/fixed.json', `${output}\n`) });
            expect(again.filter((f) => f.suggestion).map((f) => `${f.line}: ${f.message}`)).toEqual([]);
          }
        });
      }
    });
  });
}
