/**
 * Entries of sorted lists as a patch shows them (QAPI enum values and union
 * branches, meson.build string lists), and where a new entry breaks a
 * visibly sorted run.  Judged from the visible lines alone: an entry is
 * misplaced only when the old entries around it are themselves in order,
 * so the lists QEMU keeps in some other order, and its historic
 * exceptions, stay quiet.
 */
import type { FileView, SourceLine } from '../patch/types.js';
import type { Suggestion } from '../engine/types.js';
import type { Problem } from '../engine/types.js';

/** One entry of a list: a quoted name at the start of its line, with its continuation lines. */
export interface ListEntry {
  name: string;
  line: number;
  endLine: number;
  indent: number;
  /** How it is written: a value (`'name'`, `{ 'name': … }`) or a member (`'name': …`). */
  form: 'value' | 'member';
  /** A member that looks like a union branch: not optional, of a named (capitalised) type. */
  branchLike: boolean;
}

/** `'name',`, `{ 'name': 'name', …`, `'name': 'Type'` / `'name': { …`: an entry's first line. */
const ENTRY = /^(?:'([^'\s]+)'\s*(?:,|\]|\)|$)|\{\s*'name'\s*:\s*'([^'\s]+)'|'(\*?[^'\s]+)'\s*:)/;
/** `'name': 'Type'` or `'name': { 'type': 'Type'`: a branch's shape (members of built-in types are lower case). */
const BRANCH_LIKE = /^'[^'*\s][^'\s]*'\s*:\s*(?:'[A-Z]|\{\s*'type'\s*:\s*'[A-Z])/;

const indentOf = (text: string): number => text.length - text.trimStart().length;

/**
 * Runs of entries: consecutive visible lines at one indentation, each
 * opening an entry, with deeper-indented lines continuing the entry above
 * (an `'if':` under `{ 'name': …`).  A line `accept` refuses (a comment, a
 * doc line), a line opening a nested list, or a shallower line ends a run.
 */
export function entryRuns(view: FileView, accept: (line: SourceLine) => boolean): ListEntry[][] {
  const runs: ListEntry[][] = [];
  for (const segment of view.segments) {
    let run: ListEntry[] = [];
    const close = () => {
      if (run.length > 0) runs.push(run);
      run = [];
    };
    for (const line of segment) {
      const text = line.text.trimEnd();
      const trimmed = text.trim();
      if (!accept(line) || trimmed === '') {
        close();
        continue;
      }
      const indent = indentOf(text);
      const last = run[run.length - 1];
      if (last && indent > last.indent) {
        last.endLine = line.line;
        continue;
      }
      const m = ENTRY.exec(trimmed);
      // `'data': [` opens a list of its own: no entry of this one.
      if (!m || /[[{(]$/.test(trimmed)) {
        close();
        continue;
      }
      if (last && indent !== last.indent) close();
      const member = m[3] !== undefined;
      run.push({
        name: (m[1] ?? m[2] ?? m[3]!.replace(/^\*/, ''))!,
        line: line.line,
        endLine: line.line,
        indent,
        form: member ? 'member' : 'value',
        branchLike: member && BRANCH_LIKE.test(trimmed),
      });
    }
    close();
  }
  return runs;
}

/**
 * The order QEMU's sorted lists follow (ObjectType, ObjectOptions,
 * qapi/meson.build, pragma name lists): byte order, so capitalised names
 * come first, a name and its longer variants in either order ('block',
 * 'block-core', but 'machine-common', 'machine'),
 * `_` taken as `-` ('secret', 'secret_keyring', 'sev-guest').  File names
 * are sorted both ways in QEMU's meson.build files: by bytes
 * ('qed-cluster.c', 'qed.c') and by stem ('qcow2.c', 'qcow2-cluster.c');
 * where the two disagree the pair has no order (0), and whatever stands
 * there is taken as sorted.
 */
export function qemuOrder(a: string, b: string): number {
  const [x, y] = [a.replace(/_/g, '-'), b.replace(/_/g, '-')];
  // A name and its variants go either way: 'block' before 'block-core', yet 'machine-common' before 'machine'.
  if (x !== y && (y.startsWith(`${x}-`) || x.startsWith(`${y}-`))) return 0;
  const bytes = compare(x, y);
  const stem = (s: string): string => s.replace(/_/g, '-').replace(/(?<=[^./])\.[A-Za-z0-9]+$/, '');
  const byStem = compare(stem(a), stem(b)) || bytes;
  return bytes === byStem ? bytes : 0;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Old entries needed before an append, or around an insertion, before a
 * run counts as sorted.  An entry prepended at a list's start is not
 * judged: the lists QEMU orders by meaning put their first entry first
 * ('none', 'default'), which reads as out of order.
 */
const SIDE_EVIDENCE = 3;
const AROUND_EVIDENCE = 4;
/** How far from the new entry the old ones are read. */
const REACH = 3;

export interface Misplaced {
  entry: ListEntry;
  /** Where it belongs: after `after`, or before `before` (one of them is set). */
  after: ListEntry | null;
  before: ListEntry | null;
  /** Its place is out of sight: only the direction is known. */
  beyondView: boolean;
  /** The entry moved to its place, when that is within sight and the move needs no other change. */
  move: Suggestion | null;
}

export interface RunShape {
  /** The entry was in the file before the patch (on an unchanged line, or one the patch only re-punctuates). */
  isOld(entry: ListEntry): boolean;
  /** The list closes right after the run (`]`, `}` or `)` follows): an entry at its end was appended. */
  closesAfter: boolean;
}

const sorted = (entries: readonly ListEntry[]): boolean => entries.every((e, i) => i === 0 || qemuOrder(entries[i - 1]!.name, e.name) < 0);

/** New entries of the run that break its visible order, with where each belongs. */
export function misplacedEntries(run: readonly ListEntry[], shape: RunShape, view: FileView): Misplaced[] {
  const olds = run.filter((e) => shape.isOld(e));
  const found: Misplaced[] = [];
  // olds[seen] is the first old entry after the current one: one pass, however many entries are new.
  let seen = 0;
  run.forEach((entry) => {
    if (seen < olds.length && olds[seen] === entry) {
      seen++;
      return;
    }
    const before = olds.slice(Math.max(0, seen - REACH), seen);
    const after = olds.slice(seen, seen + REACH);
    const window = [...before, ...after];
    if (!sorted(window) || window.some((w) => qemuOrder(w.name, entry.name) === 0)) return;
    const prev = before[before.length - 1];
    const next = after[0];
    let wrong: boolean;
    if (prev && next) wrong = window.length >= AROUND_EVIDENCE && !(qemuOrder(prev.name, entry.name) < 0 && qemuOrder(entry.name, next.name) < 0);
    else if (prev) wrong = shape.closesAfter && before.length >= SIDE_EVIDENCE && qemuOrder(entry.name, prev.name) < 0;
    else wrong = false;
    if (wrong) found.push(placeOf(entry, olds, seen, view));
  });
  return found;
}

/** How far from the entry its place is looked for: a whole file's list, not a generated one's tens of thousands. */
const PLACE_REACH = 500;

/** Where the entry goes: between two adjacent old entries that bracket it, else past the end of what is visible. */
function placeOf(entry: ListEntry, allOlds: readonly ListEntry[], at: number, view: FileView): Misplaced {
  const from = Math.max(0, at - PLACE_REACH);
  const olds = allOlds.slice(from, at + PLACE_REACH);
  for (let k = 0; k + 1 < olds.length; k++) {
    const a = olds[k]!;
    const b = olds[k + 1]!;
    // A pair next to an exception ('thread-context', 's390-pv-guest', 'throttle-group') says nothing.
    const steady = (k === 0 || qemuOrder(olds[k - 1]!.name, a.name) < 0) && (k + 2 >= olds.length || qemuOrder(b.name, olds[k + 2]!.name) < 0);
    if (steady && qemuOrder(a.name, entry.name) < 0 && qemuOrder(entry.name, b.name) < 0) {
      return { entry, after: a, before: null, beyondView: false, move: moveAfter(entry, a, view) };
    }
  }
  const first = olds[0]!;
  if (qemuOrder(entry.name, first.name) < 0) return { entry, after: null, before: first, beyondView: true, move: null };
  return { entry, after: olds[olds.length - 1]!, before: null, beyondView: true, move: null };
}

/** Where the message says the entry belongs. */
export function whereOf(m: Misplaced): string {
  const where = m.after ? `after '${m.after.name}'` : `before '${m.before!.name}'`;
  return m.beyondView ? `${where}, ${m.before ? 'further up' : 'further down'}` : where;
}

const textOf = (view: FileView, from: number, to: number): string[] | null => {
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const l = view.line(n);
    if (!l) return null;
    out.push(l.text);
  }
  return out;
};

/**
 * The entry's lines moved to just after `anchor`, as a replacement of the
 * lines between: only when both end in a comma, so that nothing else of
 * the list changes.
 */
function moveAfter(entry: ListEntry, anchor: ListEntry, view: FileView): Suggestion | null {
  const own = textOf(view, entry.line, entry.endLine);
  const anchorLast = view.line(anchor.endLine)?.text;
  if (!own || anchorLast === undefined || !own[own.length - 1]!.trimEnd().endsWith(',') || !anchorLast.trimEnd().endsWith(',')) return null;
  if (anchor.endLine < entry.line) {
    const between = textOf(view, anchor.endLine + 1, entry.line - 1);
    if (!between) return null;
    return { line: anchor.endLine + 1, endLine: entry.endLine, text: [...own, ...between].join('\n') };
  }
  const between = textOf(view, entry.endLine + 1, anchor.endLine);
  if (!between) return null;
  return { line: entry.line, endLine: anchor.endLine, text: [...between, ...own].join('\n') };
}

/** Does the list close right after the run: its last entry closes more brackets than it opens, or the next visible line starts with a closer? */
export function closesAfter(view: FileView, run: readonly ListEntry[]): boolean {
  const last = run[run.length - 1]!;
  let depth = 0;
  for (let n = last.line; n <= last.endLine; n++) {
    const code = (view.line(n)?.text ?? '').replace(/'[^']*'|"[^"]*"/g, "''").replace(/#.*$/, '');
    for (const c of code) depth += '[{('.includes(c) ? 1 : ']})'.includes(c) ? -1 : 0;
  }
  if (depth < 0) return true;
  const next = view.line(last.endLine + 1)?.text.trim();
  return next !== undefined && /^[\])}]/.test(next);
}

/** What a rule reports for an entry out of place: where it belongs, and the move when it is in sight. */
export function misplacedProblem(m: Misplaced, path: string): Problem {
  return {
    messageKey: 'misplaced',
    data: { name: m.entry.name, where: whereOf(m) },
    file: path,
    line: m.entry.line,
    ...(m.entry.endLine !== m.entry.line ? { endLine: m.entry.endLine } : {}),
    ...(m.move ? { suggestion: m.move } : {}),
  };
}
