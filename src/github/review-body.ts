/**
 * The body of the pull request review: the counts, then every finding that
 * has no inline comment, grouped by why.  It ends with the hidden list of
 * every finding the review reports, which is how a re-run knows them.
 */
import { COMMIT_MESSAGE } from '../engine/types.js';
import type { Tally } from '../report/tally.js';
import { reviewMarker } from './fingerprint.js';
import { short } from './line-map.js';
import { code, fenced, SEVERITY_WORD } from './markdown.js';
import type { BodyEntry, BodyReason } from './review-comments.js';
import { escapeHtml, lines } from './review-comments.js';
import { countsLine } from './summary.js';

/** GitHub's limit on a review body. */
export const MAX_REVIEW_BODY = 65_535;

const SECTIONS: Record<BodyReason, string> = {
  'commit-message': 'On commit messages',
  'outside-diff': "On lines the pull request's diff does not show",
  'not-at-tip': 'On lines a later commit of the pull request changed again',
  'over-limit': 'Not posted inline: a review takes at most {{max}} comments, and these came after them',
};

export interface ReviewBodyInput {
  tally: Tally;
  inline: number;
  entries: readonly BodyEntry[];
  /** Fingerprints of everything this review reports, inline or here. */
  fingerprints: readonly string[];
  maxComments: number;
}

export function reviewBody(input: ReviewBodyInput): string {
  const marker = reviewMarker(input.fingerprints);
  const head = [
    '### qemu-review',
    '',
    `${countsLine(input.tally)}.${input.inline > 0 ? ` ${plural(input.inline, 'new comment')} on the diff.` : ''}`,
  ];
  const sections: string[][] = [];
  const shown = new Set<string>();
  for (const reason of Object.keys(SECTIONS) as BodyReason[]) {
    const entries = input.entries.filter((e) => e.reason === reason);
    if (entries.length === 0) continue;
    sections.push(['', `#### ${SECTIONS[reason].replace('{{max}}', String(input.maxComments))}`, '', ...entries.map((e) => entryText(e, shown))]);
  }
  // Cut between entries, never inside one (a half suggestion block would swallow the rest).
  const budget = MAX_REVIEW_BODY - marker.length - 200;
  const out = [...head];
  let size = out.join('\n').length;
  let left = 0;
  for (const section of sections) {
    for (const [i, part] of section.entries()) {
      if (left > 0 || size + part.length + 1 > budget) {
        // Header lines of a section count as nothing left out.
        if (i >= 3) left++;
        continue;
      }
      out.push(part);
      size += part.length + 1;
    }
  }
  if (left > 0) out.push('', `… and ${plural(left, 'more finding')}: GitHub limits a review body to ${MAX_REVIEW_BODY} characters. The job summary lists them all.`);
  out.push('', marker);
  return out.join('\n');
}

/** One finding as a list item; a suggestion already shown for the same lines is only referred to. */
function entryText(entry: BodyEntry, shown: Set<string>): string {
  const f = entry.item.finding;
  const tip = entry.item.tip;
  const where = f.file === COMMIT_MESSAGE || !tip
    ? `${code(`${f.file}:${f.line}`)} of ${short(entry.item.sha)} (${escapeHtml(entry.item.subject)})`
    : code(`${tip.path}:${tip.line}`);
  let text = `- **${SEVERITY_WORD[f.severity]}** ${where} ${code(f.rule)}: ${f.message}`;
  if (entry.note) text += ` _(${entry.note})_`;
  const s = tip?.suggestion ?? (tip ? undefined : f.suggestion);
  if (s) {
    const key = JSON.stringify([entry.item.sha, tip?.path ?? f.file, s.line, s.endLine, s.text]);
    if (shown.has(key)) {
      text += ` The suggestion above for ${lines(s.line, s.endLine)} fixes this too.`;
    } else {
      shown.add(key);
      const block = fenced('', s.text).split('\n').map((l) => `  ${l}`).join('\n');
      text += `\n\n  Suggested ${lines(s.line, s.endLine)}:\n\n${block}`;
    }
  }
  return text;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
