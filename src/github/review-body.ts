/**
 * The body of the pull request review: the counts, then every finding that
 * has no inline comment, grouped by why, as many as GitHub's limit on a
 * body takes.  It ends with the hidden state: a short key for each finding
 * the review posts (inline or listed), which is how a re-run knows them.  A
 * finding left out for want of room is not in it: the next run posts it.
 */
import { COMMIT_MESSAGE } from '../engine/types.js';
import type { Tally } from '../report/tally.js';
import { REVIEW_MARKER_PER_FINDING, reviewMarker } from './fingerprint.js';
import { short } from './line-map.js';
import { code, fenced, inline, oneLine, SEVERITY_WORD } from './markdown.js';
import type { BodyEntry, BodyReason } from './review-comments.js';
import { lines } from './review-comments.js';
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
  /** Fingerprints of the inline comments posted with this review. */
  inline: readonly string[];
  entries: readonly BodyEntry[];
  maxComments: number;
  /** Things the reader must know, e.g. a commit too large to review: Markdown, patch text in them escaped. */
  notes?: readonly string[];
}

export interface ReviewBody {
  text: string;
  /** The entries the body lists; those after them did not fit. */
  listed: BodyEntry[];
}

export function reviewBody(input: ReviewBodyInput): ReviewBody {
  const head = [
    '### qemu-review',
    '',
    `${countsLine(input.tally)}.${input.inline.length > 0 ? ` ${plural(input.inline.length, 'new comment')} on the diff.` : ''}`,
    // Notes are Markdown already, with anything from the patch in them escaped.
    ...(input.notes ?? []).flatMap((note) => ['', `> ${oneLine(note)}`]),
  ];
  const sections: { header: string[]; entries: { entry: BodyEntry; text: string }[] }[] = [];
  const shown = new Set<string>();
  for (const reason of Object.keys(SECTIONS) as BodyReason[]) {
    const entries = input.entries.filter((e) => e.reason === reason);
    if (entries.length === 0) continue;
    sections.push({
      header: ['', `#### ${SECTIONS[reason].replace('{{max}}', String(input.maxComments))}`, ''],
      entries: entries.map((entry) => ({ entry, text: entryText(entry, shown) })),
    });
  }
  // Cut between entries, never inside one (a half suggestion block would swallow the rest);
  // each entry listed also costs its key in the marker.
  const budget = MAX_REVIEW_BODY - reviewMarker(input.inline).length - 300;
  const out = [...head];
  const listed: BodyEntry[] = [];
  let size = out.join('\n').length;
  let full = false;
  for (const section of sections) {
    for (const [i, { entry, text }] of section.entries.entries()) {
      const lead = i === 0 ? section.header : [];
      const cost = [...lead, text].reduce((n, part) => n + part.length + 1, 0) + REVIEW_MARKER_PER_FINDING;
      if (full || size + cost > budget) {
        full = true;
        break;
      }
      out.push(...lead, text);
      listed.push(entry);
      size += cost;
    }
  }
  const left = input.entries.length - listed.length;
  if (left > 0) {
    out.push(
      '',
      `… and ${plural(left, 'more finding')}: GitHub limits a review body to ${MAX_REVIEW_BODY} characters. The job summary lists them all; the next run posts them.`,
    );
  }
  out.push('', reviewMarker([...input.inline, ...listed.map((e) => e.item.fingerprint)]));
  return { text: out.join('\n'), listed };
}

/** One finding as a list item; a suggestion already shown for the same lines is only referred to. */
function entryText(entry: BodyEntry, shown: Set<string>): string {
  const f = entry.item.finding;
  const tip = entry.item.tip;
  const where =
    f.file === COMMIT_MESSAGE || !tip
      ? `${code(`${f.file}:${f.line}`)} of ${short(entry.item.sha)} (${inline(entry.item.subject)})`
      : code(`${tip.path}:${tip.line}`);
  let text = `- **${SEVERITY_WORD[f.severity]}** ${where} ${code(f.rule)}: ${inline(f.message)}`;
  if (entry.note) text += ` _(${inline(entry.note)})_`;
  const s = tip?.suggestion ?? (tip ? undefined : f.suggestion);
  if (s) {
    const key = JSON.stringify([entry.item.sha, tip?.path ?? f.file, s.line, s.endLine, s.text]);
    if (shown.has(key)) {
      text += ` The suggestion above for ${lines(s.line, s.endLine)} fixes this too.`;
    } else {
      shown.add(key);
      const block = fenced('', s.text)
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n');
      text += `\n\n  Suggested ${lines(s.line, s.endLine)}:\n\n${block}`;
    }
  }
  return text;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
