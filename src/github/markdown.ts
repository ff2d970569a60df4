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
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  if (longest === 0) return `\`${text}\``;
  const tick = '`'.repeat(longest + 1);
  return `${tick} ${text} ${tick}`;
}

/** One table cell: no line breaks, no column separators. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
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
