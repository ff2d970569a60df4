/**
 * Where each finding goes in a pull request review: an inline comment on the
 * lines of the PR's diff it is about, with a suggestion GitHub can apply, or
 * an entry of the review body when the diff does not show its lines.
 */
import { COMMIT_MESSAGE } from '../engine/types.js';
import type { DiffLines } from './diff-lines.js';
import { commentMarker } from './fingerprint.js';
import { short } from './line-map.js';
import { code, fenced, inline, SEVERITY_WORD, truncate } from './markdown.js';
import type { DraftComment } from './pulls.js';
import type { SeriesFinding, TipPlace } from './series.js';

/** GitHub's limit on a comment body. */
export const MAX_COMMENT_BODY = 65_535;

export interface InlineComment {
  item: SeriesFinding;
  draft: DraftComment;
}

export type BodyReason = 'commit-message' | 'not-at-tip' | 'outside-diff' | 'over-limit';

export interface BodyEntry {
  item: SeriesFinding;
  reason: BodyReason;
  /** Why, in a few words, when the reason alone does not say. */
  note?: string;
}

export interface Placement {
  inline: InlineComment[];
  body: BodyEntry[];
}

interface Claim {
  line: number;
  endLine: number;
  text: string;
  rule: string;
}

export function placeFindings(findings: readonly SeriesFinding[], diff: DiffLines): Placement {
  const placement: Placement = { inline: [], body: [] };
  // GitHub applies one suggestion per line: the first finding to claim lines keeps its block.
  // Claims never overlap, so each line has at most one: looked up by line, not by a scan of
  // every claim (which made a patch with thousands of suggestions quadratic).
  const claims = new Map<string, Map<number, Claim>>();
  for (const item of findings) {
    const tip = item.tip;
    if (!tip) {
      const reason = item.finding.file === COMMIT_MESSAGE ? 'commit-message' : 'not-at-tip';
      placement.body.push({ item, reason, ...(item.note ? { note: item.note } : {}) });
      continue;
    }
    const mismatch = textMismatch(tip, diff);
    if (mismatch !== null) {
      placement.body.push({ item, reason: 'not-at-tip', note: `the pull request's diff shows other text at line ${mismatch}` });
      continue;
    }
    const taken = claims.get(tip.path) ?? new Map<number, Claim>();
    claims.set(tip.path, taken);
    const s = tip.suggestion;
    let block: Block = 'none';
    let same: Claim | undefined;
    if (s && diff.spans(tip.path, s.line, s.endLine)) {
      const first = taken.get(s.line);
      same = first && first.line === s.line && first.endLine === s.endLine && first.text === s.text ? first : undefined;
      if (same) block = 'same';
      else if (claimed(taken, s.line, s.endLine)) block = 'overlaps';
      else {
        block = 'live';
        const claim = { line: s.line, endLine: s.endLine, text: s.text, rule: item.finding.rule };
        for (let n = s.line; n <= s.endLine; n++) taken.set(n, claim);
      }
    } else if (s) {
      block = 'off-diff';
    }
    // A live suggestion replaces exactly the lines the comment hangs on.
    let anchor: { line: number; endLine: number } | null = block === 'live' ? { line: s!.line, endLine: s!.endLine } : null;
    anchor ??= diff.spans(tip.path, tip.line, tip.endLine) ? { line: tip.line, endLine: tip.endLine } : null;
    anchor ??= diff.line(tip.path, tip.line) ? { line: tip.line, endLine: tip.line } : null;
    if (!anchor) {
      placement.body.push({
        item,
        reason: 'outside-diff',
        ...(diff.has(tip.path) ? {} : { note: `the diff of ${tip.path} is not shown (binary or too large)` }),
      });
      continue;
    }
    const draft: DraftComment = { path: tip.path, line: anchor.endLine, side: 'RIGHT', body: commentBody(item, tip, block, same) };
    if (anchor.endLine > anchor.line) {
      draft.start_line = anchor.line;
      draft.start_side = 'RIGHT';
    }
    placement.inline.push({ item, draft });
  }
  return placement;
}

function claimed(taken: Map<number, Claim>, line: number, endLine: number): boolean {
  for (let n = line; n <= endLine; n++) if (taken.has(n)) return true;
  return false;
}

/** The first line whose text at the tip differs from the text the finding was made on, or null. */
function textMismatch(tip: TipPlace, diff: DiffLines): number | null {
  for (const [line, text] of tip.text) {
    const shown = diff.line(tip.path, line);
    if (shown && shown.text !== text) return line;
  }
  return null;
}

/**
 * How a finding's suggestion appears: `live` as a suggestion block, `same` by
 * reference to an identical one, `overlaps` and `off-diff` as plain text
 * (another suggestion holds some of its lines; the diff does not show them all).
 */
type Block = 'live' | 'same' | 'overlaps' | 'off-diff' | 'none';

function commentBody(item: SeriesFinding, tip: TipPlace, block: Block, same: Claim | undefined): string {
  const f = item.finding;
  const head = `**${SEVERITY_WORD[f.severity]}** ${code(f.rule)}: ${inline(f.message)}`;
  const where = `line ${tip.line}${tip.endLine > tip.line ? `-${tip.endLine}` : ''}${f.column !== undefined ? `, column ${f.column}` : ''}`;
  const origin = `<sub>${where} · ${inline(item.subject)} (${short(item.sha)})</sub>`;
  const parts = [head];
  const s = tip.suggestion;
  if (s && block === 'live') parts.push(fenced('suggestion', s.text));
  if (s && block === 'same') parts.push(`The suggestion on the ${code(same!.rule)} comment for these lines fixes this too.`);
  if (s && (block === 'overlaps' || block === 'off-diff')) {
    const why = block === 'overlaps' ? 'another suggestion holds some of these lines' : 'the diff does not show all of these lines';
    parts.push(`Suggested ${lines(s.line, s.endLine)} (not offered as a suggestion: ${why}):`);
    parts.push(fenced('', s.text));
  }
  if (item.note) parts.push(`_${inline(item.note)}_`);
  parts.push(origin);
  const body = parts.join('\n\n');
  const marker = commentMarker(item.fingerprint);
  if (body.length + marker.length + 1 <= MAX_COMMENT_BODY || !s) return truncate(body, MAX_COMMENT_BODY, marker);
  // A cut suggestion would apply half a fix: leave it out instead.
  return truncate([head, `_The suggestion for ${lines(s.line, s.endLine)} is too long for a comment._`, origin].join('\n\n'), MAX_COMMENT_BODY, marker);
}

export const lines = (line: number, endLine: number): string => (endLine > line ? `lines ${line}-${endLine}` : `line ${line}`);

