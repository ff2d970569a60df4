/**
 * The one fixer (ESLint's, for doc paragraphs): every rule proposes edits
 * for its finding; the fixer merges the proposals of all rules for one doc
 * paragraph (or for the lines a fix touches), applies them, rewraps last,
 * then runs the rules again on the result, in passes, until nothing is left
 * to fix.  The merged text is shown only when the rules pass on it: no rule
 * that proposed a fix still fires, and nothing new appears around it.  It
 * knows no rule by name.
 */
import type { FileView, SourceLine } from '../patch/types.js';
import { viewFromSegments } from '../patch/view.js';
import { columns } from '../qapi/prose.js';
import { DOC_WIDTH, rewrapEdited, rewritable } from '../qapi/rewrap.js';
import type { DocParagraph } from '../qapi/types.js';
import type { ChangedFile, Finding, Fix, Suggestion, TextEdit } from './types.js';
import { compareText } from './text-order.js';

/** `eslint --fix` stops after ten passes; a fix that needs more is no fix a reviewer would offer. */
const MAX_PASSES = 10;

/** A finding on a changed line, with what its rule proposed. */
export interface Proposal {
  finding: Finding;
  fix: Fix;
}

/** A finding of a check run: where, what, and whether its rule would fix it. */
export interface Checked {
  rule: string;
  line: number;
  message: string;
  fix: Fix | null;
}

export interface LineRange {
  line: number;
  endLine: number;
}

/**
 * Runs every rule on `file` seen through `view`: all findings, those in
 * `keep` kept even on lines not marked as changed; null when a rule threw.
 */
export interface Checker {
  (file: ChangedFile, view: FileView, keep: LineRange): Checked[] | null;
  /** Charges a check of `lines` lines to the patch's budget: false once it is spent (no check, no fix). */
  afford?(lines: number): boolean;
}

/** The lines one merged fix rewrites, and what the engine knows of them. */
export interface FixUnit extends LineRange {
  file: ChangedFile;
  /** The doc paragraph the lines are, or null for other lines (a definition's). */
  paragraph: DocParagraph | null;
  /** The lines the check runs on: the doc block and the definition around the unit. */
  window: LineRange;
  proposals: Proposal[];
}

/** What the rules find on windows as they stand, by file and window: units of one doc block share it. */
export type Baselines = Map<string, Checked[] | null>;

/** The unit's merged fix, checked; null when there is none the rules pass. */
export function mergeFix(unit: FixUnit, check: Checker, baselines: Baselines = new Map()): Suggestion | null {
  if (unit.paragraph && !rewritable(unit.paragraph)) return null;
  const original: string[] = [];
  for (let n = unit.line; n <= unit.endLine; n++) {
    const line = unit.file.view.line(n);
    if (!line) return null;
    original.push(line.text);
  }
  // Every finding of the window counts, on changed lines or not: what is compared is the text.
  const key = `${unit.file.path}\n${unit.window.line}\n${unit.window.endLine}`;
  const size = unit.window.endLine - unit.window.line + 1;
  const afford = () => check.afford?.(size) ?? true;
  // Charged up front: comparing with the baseline reads the whole window too.
  if (!afford()) return null;
  if (!baselines.has(key)) baselines.set(key, check(unit.file, windowView(unit.file.view, unit.window, unit, original), unit.window));
  const baseline = baselines.get(key);
  if (!baseline) return null;
  const inside = (c: Checked, r: LineRange) => c.line >= r.line && c.line <= r.endLine;
  const shiftBack = (c: Checked, delta: number) => (c.line > unit.endLine + delta ? c.line - delta : c.line);
  const before = baseline.filter((c) => inside(c, unit));
  const outsideBefore = new Set(baseline.filter((c) => !inside(c, unit)).map((c) => `${c.rule}\n${c.line}\n${c.message}`));
  const fixing = new Set(unit.proposals.map((p) => p.finding.rule));

  let fixes = unit.proposals.map((p) => p.fix);
  let current = original;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = applyFixes(current, unit.line, fixes, unit.paragraph);
    if (next === null || same(next, current)) return null;
    current = next;
    if (!afford()) return null;
    const range = { line: unit.line, endLine: unit.line + current.length - 1 };
    const delta = current.length - original.length;
    const after = check(unit.file, windowView(unit.file.view, unit.window, unit, current), { line: unit.window.line, endLine: unit.window.endLine + delta });
    if (!after) return null;
    // Around the fix, exactly what was there before: a fix must not break its neighbours.
    const outside = after.filter((c) => !inside(c, range)).map((c) => `${c.rule}\n${shiftBack(c, delta)}\n${c.message}`);
    if (outside.length !== outsideBefore.size || outside.some((k) => !outsideBefore.has(k))) return null;
    const left = after.filter((c) => inside(c, range));
    const fixable = left.filter((c) => c.fix !== null);
    if (fixable.length === 0) {
      // What is left was there before, and no rule claimed to fix it (a missing note, say).
      const kept = left.every((c) => !fixing.has(c.rule) && before.some((b) => b.rule === c.rule && b.message === c.message));
      if (!kept || same(current, original)) return null;
      return { line: unit.line, endLine: unit.endLine, text: current.join('\n') };
    }
    for (const c of fixable) fixing.add(c.rule);
    fixes = fixable.map((c) => c.fix!);
  }
  return null;
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((l, i) => l === b[i]);

/**
 * The unit's lines with the edits of all `fixes` applied (identical edits
 * once; of two that overlap, the first: the next pass brings the other back
 * if it is still needed), then rewrapped when a fix asks for it.  Null when
 * an edit does not fit the lines or the rewrap cannot be done.
 */
export function applyFixes(lines: readonly string[], firstLine: number, fixes: readonly Fix[], paragraph: DocParagraph | null): string[] | null {
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  const at = (line: number, index: number): number | null => {
    const i = line - firstLine;
    if (i < 0 || i >= lines.length || index < 0 || index > lines[i]!.length) return null;
    return starts[i]! + index;
  };
  const spans: { start: number; end: number; text: string }[] = [];
  for (const edit of fixes.flatMap((f) => f.edits ?? [])) {
    const start = at(edit.line, edit.start);
    const end = at(edit.endLine ?? edit.line, edit.end);
    if (start === null || end === null || end < start) return null;
    spans.push({ start, end, text: edit.text });
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end || compareText(a.text, b.text));
  const kept: typeof spans = [];
  for (const s of spans) {
    const last = kept[kept.length - 1];
    if (last && last.start === s.start && last.end === s.end && last.text === s.text) continue;
    if (last && (s.start < last.end || (s.start === last.start && s.start === s.end))) continue;
    kept.push(s);
  }
  let text = lines.join('\n');
  for (const s of [...kept].reverse()) text = text.slice(0, s.start) + s.text + text.slice(s.end);
  let out = text.split('\n');
  // An edit that takes a doc line past the width rewraps the paragraph, whichever rule made it.
  const widened = paragraph !== null && out.some((l, i) => l !== lines[i] && columns(l) > DOC_WIDTH);
  const rewraps = fixes.flatMap((f) => (f.rewrap ? [f.rewrap] : []));
  if (rewraps.length > 0 || widened) {
    if (!paragraph) return null;
    // A rule that says where continuation lines belong (doc-indent) wins over one that only asks for a rewrap.
    const indent = rewraps.find((r) => r.indent !== undefined)?.indent ?? paragraph.restIndent;
    const wrapped = rewrapEdited(paragraph, out, indent);
    if (!wrapped) return null;
    out = wrapped;
  }
  return out;
}

/**
 * The lines of `window` as `view` has them, with the unit's lines replaced
 * by `lines` and the lines below moved accordingly.  A replacement line
 * counts as changed when the line it stands in for did (the first for the
 * first, so that a `@name:` line keeps its novelty).
 */
function windowView(view: FileView, window: LineRange, unit: LineRange, lines: readonly string[]): FileView {
  const delta = lines.length - (unit.endLine - unit.line + 1);
  const segment: SourceLine[] = [];
  const segments: SourceLine[][] = [segment];
  const push = (l: SourceLine) => {
    const last = segments[segments.length - 1]!;
    if (last.length > 0 && last[last.length - 1]!.line + 1 !== l.line) segments.push([l]);
    else last.push(l);
  };
  for (let n = window.line; n < unit.line; n++) {
    const l = view.line(n);
    if (l) push(l);
  }
  lines.forEach((text, i) => {
    const stands = view.line(Math.min(unit.line + i, unit.endLine))!;
    push({ ...stands, line: unit.line + i, text });
  });
  for (let n = unit.endLine + 1; n <= window.endLine; n++) {
    const l = view.line(n);
    if (l) push({ ...l, line: n + delta });
  }
  return viewFromSegments(view.path, segments, false);
}

/** Edits of a whole-lines replacement, for rules that report a `suggestion`. */
export function suggestionEdits(s: Suggestion, view: FileView): TextEdit[] | null {
  const last = view.line(s.endLine);
  if (!last || !view.line(s.line)) return null;
  return [{ line: s.line, start: 0, endLine: s.endLine, end: last.text.length, text: s.text }];
}
