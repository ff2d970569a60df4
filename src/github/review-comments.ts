/**
 * Where each finding goes in a pull request review: an inline comment on the
 * lines of the PR's diff it is about, with a suggestion GitHub can apply, or
 * an entry of the review body when the diff does not show its lines.  The
 * findings of one voice (src/report/voices.ts: one doc paragraph) make one
 * comment with one suggestion; each copy of the same text gets a short
 * comment of its own, pointing at the first and carrying its suggestion, so
 * that every flagged line has a comment GitHub can apply.
 */
import { COMMIT_MESSAGE, type Finding, type FindingGroup, type Suggestion } from '../engine/types.js';
import { copiesSentence, flaggedLines, voicesOf, type Voice, type VoicePlace } from '../report/voices.js';
import type { DiffLines } from './diff-lines.js';
import { commentMarker } from './fingerprint.js';
import { short } from './line-map.js';
import { code, fenced, inline, SEVERITY_WORD, truncate } from './markdown.js';
import type { DraftComment } from './pulls.js';
import type { SeriesFinding, TipPlace } from './series.js';

/** GitHub's limit on a comment body. */
export const MAX_COMMENT_BODY = 65_535;

export interface InlineComment {
  /** The finding whose fingerprint keys the comment. */
  item: SeriesFinding;
  /** Every finding the comment speaks for (item first): listed one by one when it cannot be posted. */
  items: SeriesFinding[];
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

/** What one inline comment says: the findings of a place, and the voice they belong to. */
interface Speech {
  /** The findings of the place; the first one's fingerprint keys the comment. */
  items: SeriesFinding[];
  voice: Voice | null;
  /** For a copy: the place of the voice's comment. */
  copyOf: VoicePlace | null;
}

/** The speeches of a series' findings: per voice, its place and then each copy. */
function speechesOf(findings: readonly SeriesFinding[]): Speech[] {
  const itemOf = new Map<Finding, SeriesFinding>(findings.map((i) => [i.finding, i]));
  const groups = [...new Map(findings.flatMap((i) => (i.group ? [[i.group.id, i.group] as const] : []))).values()] as FindingGroup[];
  const out: Speech[] = [];
  for (const voice of voicesOf(
    findings.map((i) => i.finding),
    groups,
  )) {
    out.push({ items: voice.lead.findings.map((f) => itemOf.get(f)!), voice, copyOf: null });
    for (const copy of voice.copies) out.push({ items: copy.findings.map((f) => itemOf.get(f)!), voice, copyOf: voice.lead });
  }
  return out;
}

export function placeFindings(findings: readonly SeriesFinding[], diff: DiffLines): Placement {
  const placement: Placement = { inline: [], body: [] };
  // GitHub applies one suggestion per line: the first finding to claim lines keeps its block.
  // Claims never overlap, so each line has at most one: looked up by line, not by a scan of
  // every claim (which made a patch with thousands of suggestions quadratic).
  const claims = new Map<string, Map<number, Claim>>();
  const toBody = (speech: Speech, reason: BodyReason, note?: string) => {
    for (const item of speech.items) {
      const why = note ?? item.note;
      placement.body.push({ item, reason, ...(why ? { note: why } : {}) });
    }
  };
  for (const speech of speechesOf(findings)) {
    const item = speech.items[0]!;
    const tip = item.tip;
    if (!tip) {
      for (const i of speech.items) {
        const reason = i.finding.file === COMMIT_MESSAGE ? 'commit-message' : 'not-at-tip';
        placement.body.push({ item: i, reason, ...(i.note ? { note: i.note } : {}) });
      }
      continue;
    }
    const mismatch = speech.items.map((i) => (i.tip ? textMismatch(i.tip, diff) : null)).find((m) => m !== null) ?? null;
    if (mismatch !== null) {
      toBody(speech, 'not-at-tip', `the pull request's diff shows other text at line ${mismatch}`);
      continue;
    }
    const taken = claims.get(tip.path) ?? new Map<number, Claim>();
    claims.set(tip.path, taken);
    const s = fixOf(speech);
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
    // The lines of all the place's findings, where the diff shows them as one range.
    const tips = speech.items.flatMap((i) => (i.tip && i.tip.path === tip.path ? [i.tip] : []));
    const span = { line: Math.min(...tips.map((t) => t.line)), endLine: Math.max(...tips.map((t) => t.endLine)) };
    // A live suggestion replaces exactly the lines the comment hangs on.
    let anchor: { line: number; endLine: number } | null = block === 'live' ? { line: s!.line, endLine: s!.endLine } : null;
    anchor ??= diff.spans(tip.path, span.line, span.endLine) ? span : null;
    anchor ??= diff.spans(tip.path, tip.line, tip.endLine) ? { line: tip.line, endLine: tip.endLine } : null;
    anchor ??= diff.line(tip.path, tip.line) ? { line: tip.line, endLine: tip.line } : null;
    if (!anchor) {
      toBody(speech, 'outside-diff', diff.has(tip.path) ? undefined : `the diff of ${tip.path} is not shown (binary or too large)`);
      continue;
    }
    const draft: DraftComment = { path: tip.path, line: anchor.endLine, side: 'RIGHT', body: commentBody(speech, tip, block, same) };
    if (anchor.endLine > anchor.line) {
      draft.start_line = anchor.line;
      draft.start_side = 'RIGHT';
    }
    placement.inline.push({ item, items: speech.items, draft });
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

function commentBody(speech: Speech, tip: TipPlace, block: Block, same: Claim | undefined): string {
  const item = speech.items[0]!;
  const f = item.finding;
  const heads = speech.copyOf
    ? [copyHead(speech)]
    : distinctMessages(speech.items).map((i) => `**${SEVERITY_WORD[i.finding.severity]}** ${code(i.finding.rule)}: ${inline(i.finding.message)}`);
  const flagged = [...new Set(speech.items.flatMap((i) => (i.tip ? [i.tip.line] : [])))].sort((a, b) => a - b);
  const where = `${flagged.length > 1 ? `lines ${flagged.join(', ')}` : `line ${tip.line}${tip.endLine > tip.line ? `-${tip.endLine}` : ''}`}${f.column !== undefined && flagged.length <= 1 ? `, column ${f.column}` : ''}`;
  const origin = `<sub>${where} · ${inline(item.subject)} (${short(item.sha)})</sub>`;
  const parts = [...heads];
  const s = fixOf(speech);
  if (s && block === 'live') parts.push(fenced('suggestion', s.text));
  if (s && block === 'same') parts.push(`The suggestion on the ${code(same!.rule)} comment for these lines fixes this too.`);
  if (s && (block === 'overlaps' || block === 'off-diff')) {
    const why = block === 'overlaps' ? 'another suggestion holds some of these lines' : 'the diff does not show all of these lines';
    parts.push(`Suggested ${lines(s.line, s.endLine)} (not offered as a suggestion: ${why}):`);
    parts.push(fenced('', s.text));
  }
  if (!speech.copyOf && speech.voice && speech.voice.copies.length > 0) {
    parts.push(`${inline(copiesSentence(speech.voice))}${speech.voice.copies.some((c) => c.fix) ? '  Each has its own suggestion.' : ''}`);
  }
  const notes = [...new Set(speech.items.flatMap((i) => (i.note ? [i.note] : [])))];
  for (const note of notes) parts.push(`_${inline(note)}_`);
  parts.push(origin);
  const body = parts.join('\n\n');
  const marker = commentMarker(item.fingerprint);
  if (body.length + marker.length + 1 <= MAX_COMMENT_BODY || !s) return truncate(body, MAX_COMMENT_BODY, marker);
  // A cut suggestion would apply half a fix: leave it out instead.
  return truncate([...heads, `_The suggestion for ${lines(s.line, s.endLine)} is too long for a comment._`, origin].join('\n\n'), MAX_COMMENT_BODY, marker);
}

/** The place's one fix: the findings of a place share it, but not every finding has one (a missing note). */
function fixOf(speech: Speech): Suggestion | undefined {
  return speech.items.find((i) => i.tip?.suggestion && i.tip.path === speech.items[0]!.tip?.path)?.tip?.suggestion;
}

/** One item per rule and message: a line too long twice in a paragraph is said once. */
function distinctMessages(items: readonly SeriesFinding[]): SeriesFinding[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.finding.rule}\n${i.finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The head of a copy's comment: the same problems as at the voice's place, by rule. */
function copyHead(speech: Speech): string {
  const lead = speech.copyOf!;
  const worst = speech.items.some((i) => i.finding.severity === 'error')
    ? 'error'
    : speech.items.some((i) => i.finding.severity === 'warning')
      ? 'warning'
      : 'info';
  const rules = [...new Set(speech.items.map((i) => code(i.finding.rule)))].join(', ');
  const there = `${lead.owner ? `in ${code(lead.owner)}, ` : 'at '}line ${flaggedLines(lead)[0]}`;
  return `**${SEVERITY_WORD[worst]}** ${rules}: the same as ${there} (see the comment there).`;
}

export const lines = (line: number, endLine: number): string => (endLine > line ? `lines ${line}-${endLine}` : `line ${line}`);
