/**
 * Findings of one version carried to the next.  An old finding is `open`
 * when the new version has a finding of the same rule for the same problem
 * on the line its line became; otherwise it is `fixed`.  The new version's
 * findings that continue none are `new`.  Messages are compared loosely
 * (numbers and wording may differ between runs and rules evolve); what
 * must agree is the rule, the file and the place.
 */
import type { Finding } from '../engine/types.js';
import type { LineFate } from './align.js';

export type FindingStatus = 'fixed' | 'open' | 'new';

export interface CarriedFinding {
  status: FindingStatus;
  rule: string;
  file: string;
  /** The file in the new version: another path when the respin renamed it (null when the file is gone). */
  newFile: string | null;
  /** The line in the old version (null for a new finding). */
  oldLine: number | null;
  /** The line in the new version: of the finding still there, or where the old line went (null when gone). */
  newLine: number | null;
  message: string;
  old: Finding | null;
  new: Finding | null;
}

/** Where an old line of a file went in the new version (column: the word a finding points at). */
export type FateOf = (file: string, line: number, column?: number) => LineFate;

/** The quoted words of a message (`"virtio-net/tap."`, `'backend-transfer'`), which name the problem's subject. */
function quotedParts(message: string): string[] {
  return [...message.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** Same text once numbers are set aside (a line 77 columns wide, then 72). */
const shape = (message: string): string => message.replace(/\d+(?:\.\d+)*/g, '#');

/** Two messages of one rule name the same problem: the same text, or the same quoted words once numbers are set aside. */
export function sameProblem(a: Pick<Finding, 'message'>, b: Pick<Finding, 'message'>): boolean {
  if (a.message === b.message) return true;
  const qa = quotedParts(a.message);
  const qb = quotedParts(b.message);
  if (qa.length > 0 && qb.length > 0)
    return qa.join('\n') === qb.join('\n') && shape(a.message.replace(/"[^"]*"|'[^']*'/g, '')) === shape(b.message.replace(/"[^"]*"|'[^']*'/g, ''));
  return shape(a.message) === shape(b.message);
}

const covers = (f: Finding, line: number): boolean => f.line <= line && line <= (f.endLine ?? f.line);

/** The path a file of the old version has in the new one (null: none continues it). */
export type NewFileOf = (file: string) => string | null;

export function carryFindings(
  oldFindings: readonly Finding[],
  newFindings: readonly Finding[],
  fate: FateOf,
  newFileOf: NewFileOf = (file) => file,
): CarriedFinding[] {
  const placed = oldFindings.map((f) => ({ f, to: fate(f.file, f.line, f.column), file: newFileOf(f.file) }));
  const taken = new Set<Finding>();
  const match = new Map<Finding, Finding>();
  // First the same problem, then (a message that changed its numbers or words) the same rule alone.
  for (const loose of [false, true]) {
    for (const { f, to, file } of placed) {
      if (match.has(f)) continue;
      // A line the old patch did not show (a finding about the patch as a whole): only the same message continues it.
      if (to.status === 'unknown') {
        const same = loose ? undefined : newFindings.find((g) => !taken.has(g) && g.rule === f.rule && g.file === file && g.message === f.message);
        if (same) {
          match.set(f, same);
          taken.add(same);
        }
        continue;
      }
      if (to.newLine === null) continue;
      const candidates = newFindings.filter((g) => !taken.has(g) && g.rule === f.rule && g.file === file && covers(g, to.newLine!));
      const chosen = loose ? (candidates.length === 1 ? candidates[0] : undefined) : candidates.find((g) => sameProblem(f, g));
      if (!chosen) continue;
      if (loose && placed.some((p) => p !== undefined && p.f !== f && !match.has(p.f) && p.f.rule === f.rule && p.to.newLine === to.newLine)) continue;
      match.set(f, chosen);
      taken.add(chosen);
    }
  }
  const out: CarriedFinding[] = placed.map(({ f, to, file }) => {
    const g = match.get(f);
    return {
      status: g ? 'open' : 'fixed',
      rule: f.rule,
      file: f.file,
      newFile: g ? g.file : file,
      oldLine: f.line,
      newLine: g ? g.line : to.newLine,
      message: g ? g.message : f.message,
      old: f,
      new: g ?? null,
    };
  });
  for (const g of newFindings) {
    if (taken.has(g)) continue;
    out.push({ status: 'new', rule: g.rule, file: g.file, newFile: g.file, oldLine: null, newLine: g.line, message: g.message, old: null, new: g });
  }
  return out;
}
