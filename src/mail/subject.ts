/**
 * Subject lines in the mailing list's own grammar: reply markers, list tags, and the patch tag
 * `[RFC PATCH v2 3/7]` with its version, counter and extra prefixes.
 */
import type { Subject } from './types.js';

/**
 * Reply and forward markers mailers put in front, in the languages seen on the lists
 * (Re, Aw, Sv, Antw, Odp; Fwd, Fw, Wg), optionally counted (`Re[2]:`) or with a space before
 * the colon. `Tr:`/`Vs:` are left out: they collide with real subsystem prefixes.
 */
const REPLY_MARKER = /^(re|aw|sv|antw|odp|fwd?|wg)\s*(?:\[\d+\])?\s*:\s*/i;
const BRACKET_TAG = /^\[([^\]]*)\]\s*/;

/** One token of a patch tag and what it says. */
const PATCH_WORD = /^patch(?:v(\d+))?$/i;
const PULL_WORD = /^pull(?:v(\d+))?$/i;
const RFC_WORD = /^rfc$/i;
const RESEND_WORD = /^resend$/i;
const VERSION_WORD = /^v(\d+)$/i;
const COUNTER_WORD = /^(\d+)\/(\d+)$/;

/** `PATCH-for-9.1` and `RFC-v2` are written as one word but mean two. */
function splitGluedWord(word: string): string[] {
  const glued = /^(patch|rfc|pull)-(.+)$/i.exec(word);
  return glued ? [glued[1]!, glued[2]!] : [word];
}

/** Parses a decoded subject; never fails (an empty or odd subject gives a non-patch Subject). */
export function parseSubject(raw: string): Subject {
  // Folding leaves CRLF plus whitespace inside a decoded header; the words are what count.
  let rest = raw.replace(/\s+/g, ' ').trim();
  const subject: Subject = {
    raw,
    isReply: false,
    tags: [],
    isPatch: false,
    rfc: false,
    resend: false,
    version: 1,
    title: '',
    extraPrefixes: [],
    pull: false,
  };

  // Markers and tags interleave: mailman puts `[Qemu-devel]` before or after `Re:`.
  for (;;) {
    const reply = REPLY_MARKER.exec(rest);
    if (reply) {
      subject.isReply = true;
      rest = rest.slice(reply[0].length);
      continue;
    }
    const tag = BRACKET_TAG.exec(rest);
    if (tag) {
      subject.tags.push(tag[1]!.trim());
      readTag(tag[1]!, subject);
      rest = rest.slice(tag[0].length);
      continue;
    }
    break;
  }
  subject.title = rest.trim();
  return subject;
}

/** Reads one bracket's words into `subject` if it is a patch (or pull) tag. */
function readTag(tag: string, subject: Subject): void {
  const words = tag
    .split(/[\s,]+/)
    .filter((w) => w !== '')
    .flatMap(splitGluedWord);
  const isPatchTag = words.some((w) => PATCH_WORD.test(w) || RFC_WORD.test(w));
  const isPullTag = !isPatchTag && words.some((w) => PULL_WORD.test(w));
  if (!isPatchTag && !isPullTag) {
    // A lone `[RESEND]` next to `[PATCH]` still means a resend.
    if (words.length === 1 && RESEND_WORD.test(words[0]!)) subject.resend = true;
    return;
  }
  if (isPatchTag) subject.isPatch = true;
  if (isPullTag) subject.pull = true;
  for (const word of words) {
    const patch = PATCH_WORD.exec(word) ?? PULL_WORD.exec(word);
    if (patch) {
      if (patch[1] !== undefined) subject.version = Number.parseInt(patch[1], 10);
      continue;
    }
    if (RFC_WORD.test(word)) {
      subject.rfc = true;
      continue;
    }
    if (RESEND_WORD.test(word)) {
      subject.resend = true;
      continue;
    }
    const version = VERSION_WORD.exec(word);
    if (version) {
      subject.version = Number.parseInt(version[1]!, 10);
      continue;
    }
    const counter = COUNTER_WORD.exec(word);
    if (counter) {
      // Leading zeros (`01/10`) are common in long series.
      subject.counter = { index: Number.parseInt(counter[1]!, 10), total: Number.parseInt(counter[2]!, 10) };
      continue;
    }
    subject.extraPrefixes!.push(word);
  }
}
