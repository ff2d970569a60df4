/** Markdown pieces every GitHub reporter writes: code fences, inline code, severities, size limits. */
import type { Severity } from '../engine/types.js';

export const SEVERITY_WORD: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * A fenced block whose fence is longer than any run of backticks in the
 * text, so that a backtick in the suggested code cannot close it early.
 */
export function fenced(info: string, text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text === '' ? '' : `${text}\n`}${fence}`;
}

/** Inline code that survives backticks inside (CommonMark: a longer delimiter, padded). */
export function code(text: string): string {
  // A line break inside would let the next line start a block of its own (a heading, a fence).
  text = oneLine(text);
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  if (longest === 0) return `\`${text}\``;
  const tick = '`'.repeat(longest + 1);
  return `${tick} ${text} ${tick}`;
}

/**
 * Every line break Unicode or a renderer knows of (CR, LF, VT, FF, NEL,
 * LS, PS), each turned into a space: text from the patch stays on its line.
 */
const LINE_BREAKS = /\r\n|[\n\v\f\r\x85\u2028\u2029]/g;

export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ');
}

/**
 * A name GitHub would turn into an @-mention (a user, or `org/team`): an `@`
 * not preceded by a letter or digit (an e-mail address is no mention).  QAPI
 * writes member references exactly so (`@alpha`).
 */
const MENTION = /(?<![A-Za-z0-9])@[A-Za-z0-9_](?:[A-Za-z0-9_./-]*[A-Za-z0-9_])?/g;

/**
 * Text from the patch (a rule's message, a commit subject, a path in a
 * note) as inline Markdown that renders as exactly that text and does
 * nothing else: HTML (`<img>`, an unclosed `<!--`) and entities are escaped,
 * Markdown's own punctuation (links, images, emphasis, code) is escaped, and
 * every `@name` goes in a code span, where GitHub neither mentions anyone
 * nor (as in `&#64;name`) looks through an escape.
 */
export function inline(text: string): string {
  let out = '';
  let at = 0;
  const flat = oneLine(text);
  for (const m of flat.matchAll(MENTION)) {
    out += escapeText(flat.slice(at, m.index)) + code(m[0]);
    at = m.index + m[0].length;
  }
  return out + escapeText(flat.slice(at));
}

function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]~!]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** One table cell: no line breaks, no column separators (GitHub's tables split on `|` even in code). */
export function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

/**
 * Cuts `text` to `max` characters (GitHub counts UTF-16 code units, as
 * JavaScript does) and says so, keeping `tail` (the hidden marker) whole.
 */
export function truncate(text: string, max: number, tail = '', note = 'truncated: GitHub limits this text'): string {
  const whole = tail ? `${text}\n${tail}` : text;
  if (whole.length <= max) return whole;
  const ending = `\n\n… (${note} to ${max} characters)${tail ? `\n${tail}` : ''}`;
  let cut = text.slice(0, Math.max(0, max - ending.length));
  // Never leave half a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}${ending}`;
}
