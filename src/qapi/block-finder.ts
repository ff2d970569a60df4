/**
 * Where doc comment blocks lie in a run of consecutive lines.
 *
 * A `##` line opens a block when outside one and closes it when inside, so
 * everything hinges on whether the first lines of a run are inside a block.
 * A run that starts at line 1 starts outside.  Any other run is judged from
 * its own lines: code cannot stand inside a block, the first `##` tells by
 * what follows it, and doc markup (a member description, a `Since:` tag, a
 * directive) does not occur in plain comments.  When the run gives no such
 * evidence its leading comment lines stay undetermined.
 */
import type { SourceLine } from '../patch/types.js';
import { isFeaturesLine, isHeading, matchDirective } from './doc-syntax.js';

export type LexicalKind = 'blank' | 'code' | 'comment' | 'delimiter';

/** What a line is before knowing about blocks. */
export function lexicalKind(text: string): LexicalKind {
  const body = text.trimStart();
  if (body === '') return 'blank';
  if (body.startsWith('##')) return 'delimiter';
  if (body.startsWith('#')) return 'comment';
  return 'code';
}

/** The lines of one doc block as far as the run shows them. */
export interface DocSpan {
  /** The opening `##`, when visible. */
  open: SourceLine | null;
  /** Lines between the delimiters (comment lines, and blank lines the generator skips). */
  body: SourceLine[];
  /** The closing `##`, when visible. */
  close: SourceLine | null;
  /** The block started above the run: its top is not visible. */
  startsAbove: boolean;
}

export type RunPiece =
  | { kind: 'doc'; span: DocSpan }
  /** Code, plain comments and blank lines between blocks. */
  | { kind: 'outside'; lines: SourceLine[] }
  /** A whole run whose lines do not tell whether they lie inside a block. */
  | { kind: 'undetermined'; lines: SourceLine[] };

type Start = 'outside' | 'inside' | 'undetermined';

/**
 * Whether the `##` at `at` opens or closes a block, judged from the lines after it; null when they do not tell.
 * Comment lines can follow either kind (a closing `##` may be followed by a plain comment), but code cannot
 * stand inside a block, and the next `##` is of the other kind, so a chain of them is settled from its far end.
 */
function delimiterKind(run: SourceLine[], at: number): 'opens' | 'closes' | null {
  // Each entry: a `##`, followed by comments up to the next `##` at `end`, which decides it.
  const chain: { at: number; end: number }[] = [];
  let kind: 'opens' | 'closes' | null;
  for (let d = at; ;) {
    const next = run[d + 1];
    if (!next) {
      kind = null;
      break;
    }
    if (lexicalKind(next.text) !== 'comment') {
      kind = 'closes';
      break;
    }
    // The generator skips blank lines inside blocks (7.2's stats.json has one), so they decide nothing.
    let end = d + 1;
    while (end < run.length && ['comment', 'blank'].includes(lexicalKind(run[end]!.text))) end++;
    if (end < run.length && lexicalKind(run[end]!.text) === 'code') {
      // Code cannot stand inside a block.
      kind = 'closes';
      break;
    }
    if (end >= run.length) {
      kind = docEvidenceAfter(run, d, end) ? 'opens' : null;
      break;
    }
    chain.push({ at: d, end });
    d = end;
  }
  for (let link = chain.pop(); link; link = chain.pop()) {
    if (kind !== null) kind = kind === 'opens' ? 'closes' : 'opens';
    else kind = docEvidenceAfter(run, link.at, link.end) ? 'opens' : null;
  }
  return kind;
}

/** Doc markup among the comments between a `##` and `end` shows the `##` opened a block. */
function docEvidenceAfter(run: SourceLine[], at: number, end: number): boolean {
  return run.slice(at + 1, end).some((l, i) => isDocEvidence(l.text, i === 0));
}

/**
 * A comment line that only a doc block would hold: a description, a section tag or a directive.
 * Plain comments in the schemas do say `Note:` and `TODO`, so those tell nothing; a symbol line
 * or a heading tell only as the first line after a `##`.
 */
function isDocEvidence(text: string, firstInBlock: boolean): boolean {
  if (lexicalKind(text) !== 'comment') return false;
  const body = text.trimStart().replace(/^# ?/, '');
  if (firstInBlock && (/^@[^:\s]*:\s*$/.test(body) || isHeading(body))) return true;
  if (/^@[A-Za-z0-9_.-]+:(\s|$)/.test(body)) return true;
  if (/^(Since|Returns|Errors):\s+\S/.test(body) || isFeaturesLine(body)) return true;
  const directive = matchDirective(body);
  return directive !== null && directive.name !== '';
}

/** Whether the top of a run that starts somewhere in the middle of a file is inside a doc block. */
function judgeStart(run: SourceLine[]): Start {
  for (let i = 0; i < run.length; i++) {
    const kind = lexicalKind(run[i]!.text);
    if (kind === 'code') return 'outside';
    if (kind !== 'delimiter') continue;
    const first = delimiterKind(run, i);
    if (first !== null) return first === 'opens' ? 'outside' : 'inside';
    return run.slice(0, i).some((l) => isDocEvidence(l.text, false)) ? 'inside' : 'undetermined';
  }
  // No `##` in sight: doc markup still shows the run lies inside a block.
  return run.some((l) => isDocEvidence(l.text, false)) ? 'inside' : 'undetermined';
}

/** Splits a run into doc blocks and the lines between them. */
export function findBlocks(run: SourceLine[], startsAtTop: boolean): RunPiece[] {
  const pieces: RunPiece[] = [];
  const state: Start = startsAtTop ? 'outside' : judgeStart(run);
  if (state === 'undetermined') {
    // Either no `##` at all or only one on the last line: nothing tells which side of a block these lines are on.
    return [{ kind: 'undetermined', lines: [...run] }];
  }

  let span: DocSpan | null = state === 'inside' ? { open: null, body: [], close: null, startsAbove: true } : null;
  let outside: SourceLine[] = [];
  const flushOutside = (): void => {
    if (outside.length > 0) pieces.push({ kind: 'outside', lines: outside });
    outside = [];
  };

  for (const line of run) {
    const kind = lexicalKind(line.text);
    if (span) {
      if (kind === 'delimiter') {
        span.close = line;
        pieces.push({ kind: 'doc', span });
        span = null;
      } else if (kind === 'code') {
        // The generator would reject this; the block ends here without its `##`.
        pieces.push({ kind: 'doc', span });
        span = null;
        outside.push(line);
      } else {
        span.body.push(line);
      }
    } else if (kind === 'delimiter') {
      flushOutside();
      span = { open: line, body: [], close: null, startsAbove: false };
    } else {
      outside.push(line);
    }
  }
  if (span) pieces.push({ kind: 'doc', span });
  flushOutside();
  return pieces;
}
