/**
 * Where a line of one version of a patch went in the next: the interdiff of
 * two views of the same file.  Lines whose text is unchanged are paired by
 * a line diff (patience anchors, then a longest common subsequence); the
 * old lines left between two pairs face the new lines left between the same
 * pairs, and there the words are aligned, so that a sentence rewrapped onto
 * another line is still found.  Each side only knows the lines its patch
 * shows; a line the old side never showed has no fate.
 */

export interface NumberedLine {
  line: number;
  text: string;
}

export type LineFate =
  | { status: 'unchanged'; newLine: number }
  | { status: 'changed'; newLine: number }
  | { status: 'removed'; newLine: null }
  | { status: 'unknown'; newLine: null };

/** Above this many cells a region's word alignment is not attempted (it stays 'removed'). */
const MAX_WORD_CELLS = 1_500_000;
/** Above this many cells a line gap with no unique anchor is left unpaired. */
const MAX_LINE_CELLS = 4_000_000;

interface Token {
  text: string;
  /** Index of the old or new line (in the flattened sequence) it stands on. */
  at: number;
  /** 1-based column span, end exclusive. */
  column: number;
  endColumn: number;
  weight: number;
}

export class LineMap {
  private readonly oldIndex = new Map<number, number>();
  /** Old index → new index, for unchanged lines. */
  private readonly same = new Map<number, number>();
  /** Old index → the word-level result, filled lazily per region. */
  private readonly regionOf = new Map<number, Region>();

  constructor(
    oldLines: readonly NumberedLine[],
    private readonly newLines: readonly NumberedLine[],
  ) {
    oldLines.forEach((l, i) => this.oldIndex.set(l.line, i));
    const pairs = alignLines(
      oldLines.map((l) => l.text.trimEnd()),
      newLines.map((l) => l.text.trimEnd()),
    );
    for (const [i, j] of pairs) this.same.set(i, j);
    // The unpaired old lines between two pairs face the unpaired new lines between them.
    let prevI = -1;
    let prevJ = -1;
    for (const [i, j] of [...pairs, [oldLines.length, newLines.length] as const]) {
      if (i > prevI + 1) {
        const region = new Region(oldLines, newLines, prevI + 1, i, prevJ + 1, j);
        for (let k = prevI + 1; k < i; k++) this.regionOf.set(k, region);
      }
      prevI = i;
      prevJ = j;
    }
  }

  /** The old line is shown by the old side. */
  knows(oldLine: number): boolean {
    return this.oldIndex.has(oldLine);
  }

  /**
   * What became of an old line; with a column, of the word there (a
   * finding points at a word, and a rewrap moves words between lines).
   */
  fate(oldLine: number, column?: number): LineFate {
    const i = this.oldIndex.get(oldLine);
    if (i === undefined) return { status: 'unknown', newLine: null };
    const j = this.same.get(i);
    if (j !== undefined) return { status: 'unchanged', newLine: this.newLines[j]!.line };
    const region = this.regionOf.get(i);
    const k = region?.follow(i, column) ?? null;
    return k === null ? { status: 'removed', newLine: null } : { status: 'changed', newLine: this.newLines[k]!.line };
  }
}

/** Old lines [oldFrom, oldTo) against new lines [newFrom, newTo): their words aligned on first use. */
class Region {
  private tokens: { old: Token[]; new: Token[]; match: Map<Token, Token> } | null = null;

  constructor(
    private readonly oldLines: readonly NumberedLine[],
    private readonly newLines: readonly NumberedLine[],
    private readonly oldFrom: number,
    private readonly oldTo: number,
    private readonly newFrom: number,
    private readonly newTo: number,
  ) {}

  /** The new line (index) old line `i` went to, or null when its words are gone. */
  follow(i: number, column?: number): number | null {
    if (this.newFrom === this.newTo) return null;
    const { old, match } = this.aligned();
    const own = old.filter((t) => t.at === i);
    const words = own.filter(isWord);
    if (column !== undefined) {
      // The word under the column, else the next one, else the one before.
      const at =
        words.find((t) => t.column <= column && column < t.endColumn) ??
        words.find((t) => t.column >= column) ??
        [...words].reverse().find((t) => t.endColumn <= column);
      const moved = at ? match.get(at) : undefined;
      if (moved) return moved.at;
    }
    // The new line that took most of its words.
    const votes = new Map<number, number>();
    let kept = 0;
    for (const t of words.length > 0 ? words : own) {
      const to = match.get(t);
      if (!to) continue;
      kept += t.weight;
      votes.set(to.at, (votes.get(to.at) ?? 0) + t.weight);
    }
    const total = (words.length > 0 ? words : own).reduce((n, t) => n + t.weight, 0);
    // A line of which little is left (a stray word or bracket) is gone, not changed.
    if (votes.size === 0 || kept * 3 < total) return null;
    return [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  }

  private aligned() {
    if (this.tokens) return this.tokens;
    const old: Token[] = [];
    for (let i = this.oldFrom; i < this.oldTo; i++) old.push(...tokenize(this.oldLines[i]!.text, i));
    const fresh: Token[] = [];
    for (let j = this.newFrom; j < this.newTo; j++) fresh.push(...tokenize(this.newLines[j]!.text, j));
    const match = new Map<Token, Token>();
    if (old.length * fresh.length <= MAX_WORD_CELLS) {
      for (const [a, b] of weightedLcs(old, fresh)) match.set(old[a]!, fresh[b]!);
    }
    this.tokens = { old, new: fresh, match };
    return this.tokens;
  }
}

const isWord = (t: Token): boolean => /[A-Za-z0-9]/.test(t.text);

/** Words (letters, digits, `_`, `-`, `@`) and single punctuation marks, with their columns. */
function tokenize(text: string, at: number): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\w@-]+|[^\s\w@-]/g)) {
    const column = m.index + 1;
    const word = /[A-Za-z0-9]/.test(m[0]);
    out.push({ text: m[0], at, column, endColumn: column + m[0].length, weight: word ? m[0].length : 0.25 });
  }
  return out;
}

/** A heaviest common subsequence of two token lists (words weigh their length, marks little). */
function weightedLcs(a: readonly Token[], b: readonly Token[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const score = new Float64Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const skip = Math.max(score[(i + 1) * width + j]!, score[i * width + j + 1]!);
      const take = a[i]!.text === b[j]!.text ? a[i]!.weight + score[(i + 1) * width + j + 1]! : -1;
      score[i * width + j] = Math.max(skip, take);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i]!.text === b[j]!.text && score[i * width + j] === a[i]!.weight + score[(i + 1) * width + j + 1]!) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (score[(i + 1) * width + j]! >= score[i * width + j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/** Pairs of equal lines (old index, new index), increasing on both sides. */
export function alignLines(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  alignRange(a, b, 0, a.length, 0, b.length, out, 0);
  return out;
}

/** Anchors found inside gaps between anchors, and so on: deeper than this, a gap gets the plain LCS. */
const MAX_DEPTH = 32;

function alignRange(
  a: readonly string[],
  b: readonly string[],
  aLo: number,
  aHi: number,
  bLo: number,
  bHi: number,
  out: Array<[number, number]>,
  depth: number,
): void {
  // Common ends first: cheap, and they keep the anchors below meaningful.
  const head: Array<[number, number]> = [];
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) head.push([aLo++, bLo++]);
  const tail: Array<[number, number]> = [];
  while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) tail.unshift([--aHi, --bHi]);
  out.push(...head);
  if (aLo < aHi && bLo < bHi) {
    const anchors = depth < MAX_DEPTH ? uniqueAnchors(a, b, aLo, aHi, bLo, bHi) : [];
    if (anchors.length > 0) {
      let i0 = aLo;
      let j0 = bLo;
      for (const [i, j] of anchors) {
        alignRange(a, b, i0, i, j0, j, out, depth + 1);
        out.push([i, j]);
        i0 = i + 1;
        j0 = j + 1;
      }
      alignRange(a, b, i0, aHi, j0, bHi, out, depth + 1);
    } else if ((aHi - aLo) * (bHi - bLo) <= MAX_LINE_CELLS) {
      out.push(...lcs(a, b, aLo, aHi, bLo, bHi));
    }
  }
  out.push(...tail);
}

/** Lines found exactly once on each side, kept where their order agrees (patience diff). */
function uniqueAnchors(a: readonly string[], b: readonly string[], aLo: number, aHi: number, bLo: number, bHi: number): Array<[number, number]> {
  const count = new Map<string, { a: number; b: number; ai: number; bj: number }>();
  for (let i = aLo; i < aHi; i++) {
    const c = count.get(a[i]!) ?? { a: 0, b: 0, ai: -1, bj: -1 };
    c.a++;
    c.ai = i;
    count.set(a[i]!, c);
  }
  for (let j = bLo; j < bHi; j++) {
    const c = count.get(b[j]!);
    if (!c) continue;
    c.b++;
    c.bj = j;
  }
  // A blank or one-character line is unique by accident; it anchors nothing.
  const candidates = [...count.entries()]
    .filter(([text, c]) => c.a === 1 && c.b === 1 && text.replace(/[\s#*/]/g, '').length > 1)
    .map(([, c]) => [c.ai, c.bj] as [number, number])
    .sort((x, y) => x[0] - y[0]);
  return longestIncreasing(candidates);
}

/** The longest run of pairs whose second members increase too. */
function longestIncreasing(pairs: Array<[number, number]>): Array<[number, number]> {
  const tails: number[] = [];
  const prev: number[] = new Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < pairs[k]![1]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const out: Array<[number, number]> = [];
  for (let k = tails.length > 0 ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) out.unshift(pairs[k]!);
  return out;
}

function lcs(a: readonly string[], b: readonly string[], aLo: number, aHi: number, bLo: number, bHi: number): Array<[number, number]> {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const width = m + 1;
  const len = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * width + j] = a[aLo + i] === b[bLo + j] ? len[(i + 1) * width + j + 1]! + 1 : Math.max(len[(i + 1) * width + j]!, len[i * width + j + 1]!);
    }
  }
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[aLo + i] === b[bLo + j]) {
      out.push([aLo + i, bLo + j]);
      i++;
      j++;
    } else if (len[(i + 1) * width + j]! >= len[i * width + j + 1]!) i++;
    else j++;
  }
  return out;
}
