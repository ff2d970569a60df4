/**
 * Writing header fields that nothing taken from the input can break: every
 * value is cleaned of control characters (no CR/LF, so no injected header),
 * anything that is not plain printable ASCII goes into RFC 2047 encoded
 * words, and long values fold at spaces (RFC 5322 2.2.3), so that unfolding
 * gives the value back.
 */
import type { Address } from '../mail/types.js';
import { isTrailerWord } from './trailer-guard.js';

/** RFC 5322 2.1.1: lines SHOULD stay within 78 characters. */
const FOLD_WIDTH = 78;
/** RFC 2047 2: an encoded word is at most 75 characters. */
const ENCODED_WORD_MAX = 75;
const ENCODED_WORD_OPEN = '=?UTF-8?Q?';
const ENCODED_WORD_CLOSE = '?=';
/** A plain word longer than this could not be folded onto a line of its own: it is encoded instead. */
const LONGEST_PLAIN_WORD = 70;
/** Longer ids and addresses are refused rather than written into a header. */
const LONGEST_ID = 250;

/** Control characters (CR, LF, NUL, TAB, ...) in a header value become one space each run. */
export function cleanHeaderText(text: string): string {
  return text.replace(/[\x00-\x1f\x7f\u0085\u2028\u2029]+/g, ' ');
}

/**
 * Characters RFC 2047 5(3) allows unencoded in a Q-encoded word that stands
 * in a phrase (the strictest of its three places), so one encoder serves
 * subjects and display names alike.
 */
const Q_SAFE = /[A-Za-z0-9!*+\-/]/;

function qEncodeChar(char: string): string {
  if (char === ' ') return '_';
  if (Q_SAFE.test(char)) return char;
  return [...Buffer.from(char, 'utf8')].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/**
 * Encoded words for `text`, each within 75 characters and never splitting a
 * character's bytes between two words (RFC 2047 5). Decoders drop the
 * space between adjacent encoded words, so the words may be joined by the
 * spaces folding needs.
 */
export function encodedWords(text: string): string[] {
  const room = ENCODED_WORD_MAX - ENCODED_WORD_OPEN.length - ENCODED_WORD_CLOSE.length;
  const words: string[] = [];
  let current = '';
  for (const char of text) {
    const encoded = qEncodeChar(char);
    if (current.length + encoded.length > room) {
      words.push(current);
      current = '';
    }
    current += encoded;
  }
  if (current !== '' || words.length === 0) words.push(current);
  return words.map((w) => `${ENCODED_WORD_OPEN}${w}${ENCODED_WORD_CLOSE}`);
}

/** A word that cannot stand as it is in a header: 8-bit, mistakable for an encoded word or a trailer, or too long to fold. */
function needsEncoding(word: string): boolean {
  return /[^\x20-\x7e]/.test(word) || word.includes('=?') || isTrailerWord(word) || word.length > LONGEST_PLAIN_WORD;
}

/**
 * An unstructured value (Subject): plain words stay readable, runs of words
 * that need it become encoded words.  Spaces inside a run go into the
 * encoding, because a decoder drops whitespace between encoded words.  A
 * run of spaces too long to fold (a header line must stay within 998
 * octets) is encoded too, as `_`s spread over encoded words that fold.
 * One pass over the words and one over the runs: linear in the length.
 */
export function encodeUnstructured(text: string): string {
  const words = cleanHeaderText(text).split(' ');
  const encode = words.map(needsEncoding);
  // Empty words (from runs of spaces) join the encoding when encoded words stand on both sides, or when there are too many to fold.
  for (let i = 0; i < words.length;) {
    if (words[i] !== '' || encode[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < words.length && words[j] === '' && !encode[j]) j++;
    const between = i > 0 && encode[i - 1] && j < words.length && encode[j];
    if (between || j - i > LONGEST_PLAIN_WORD) for (let k = i; k < j; k++) encode[k] = true;
    i = j;
  }
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    if (!encode[i]) {
      out.push(words[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < words.length && encode[j]) j++;
    out.push(...encodedWords(words.slice(i, j).join(' ')));
    i = j;
  }
  return out.join(' ');
}

/** RFC 5322 atext, plus the spaces between words of a phrase. */
const PLAIN_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;

/**
 * A display name as a phrase: plain when it is atoms, a quoted string when
 * it is other printable ASCII, encoded words otherwise (and whenever it
 * holds a colon, so that no folded line of it can read as a trailer).
 */
export function encodePhrase(name: string): string {
  const clean = cleanHeaderText(name).trim().replace(/ {2,}/g, ' ');
  if (clean === '') return '';
  if (PLAIN_PHRASE.test(clean) && !clean.split(' ').some(needsEncoding)) return clean;
  if (/^[\x20-\x7e]+$/.test(clean) && !clean.includes(':') && !clean.split(' ').some((w) => w.length > LONGEST_PLAIN_WORD) && !clean.includes('=?')) {
    return `"${clean.replace(/(["\\])/g, '\\$1')}"`;
  }
  return encodedWords(clean).join(' ');
}

const LOCAL_PART = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/**
 * The address can be written as it is: a dot-atom local part and a host
 * name, within RFC 5321's lengths.  Quoted local parts, address literals and
 * non-ASCII addresses are refused rather than risked.
 */
export function isSafeAddress(address: string): boolean {
  return unsafeAddressReason(address) === null;
}

/** Why the address cannot be written into a header (and so is not sent to), or null when it can. */
export function unsafeAddressReason(address: string): string | null {
  if (address.length > 254) return 'longer than 254 characters (RFC 5321 4.5.3.1)';
  if (/[^\x20-\x7e]/.test(address)) return 'not plain ASCII (internationalised or with control characters)';
  const at = address.lastIndexOf('@');
  if (at <= 0) return 'no local part and domain';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.startsWith('"')) return 'a quoted local part';
  if (domain.startsWith('[')) return 'an address literal instead of a host name';
  if (local.length > 64) return 'a local part longer than 64 characters (RFC 5321 4.5.3.1)';
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'a local part that is not a plain dot-atom';
  if (!DOMAIN.test(domain)) return 'a domain that is not a host name';
  return null;
}

/** `Name <address>`, or null when the address is not safe to write. */
export function formatAddress(a: Address): string | null {
  if (!isSafeAddress(a.address)) return null;
  const phrase = encodePhrase(a.name);
  return phrase === '' ? a.address : `${phrase} <${a.address}>`;
}

/** `<id>`, or null for an id that would not survive in a header (spaces, brackets, 8-bit, control characters). */
export function formatMessageId(id: string): string | null {
  if (id.length === 0 || id.length > LONGEST_ID || !/^[\x21-\x7e]+$/.test(id) || /[<>]/.test(id)) return null;
  return `<${id}>`;
}

/**
 * `Name: value`, folded before spaces so that lines stay within 78
 * characters where the words allow.  Never folds before an empty word
 * (that would leave a line of only whitespace).
 */
export function foldHeader(name: string, value: string): string {
  const words = value.split(' ');
  const lines: string[] = [];
  let line = `${name}:`;
  let first = true;
  for (const word of words) {
    const joined = `${line} ${word}`;
    if (!first && word !== '' && joined.length > FOLD_WIDTH && line.trim() !== '') {
      lines.push(line);
      line = ` ${word}`;
    } else {
      line = joined;
    }
    first = false;
  }
  lines.push(line);
  return lines.join('\n');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** RFC 5322 3.3 date in UTC: `Mon, 06 Oct 2025 13:23:06 +0000`. */
export function formatDate(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

/** The asctime form of an mbox `From ` line: `Mon Oct  6 13:23:06 2025` (UTC). */
export function asctime(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${date.getUTCFullYear()}`
  );
}
