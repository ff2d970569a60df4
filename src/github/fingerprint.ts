/**
 * Hidden fingerprints, so that a re-run recognises what it already posted
 * (reviewdog's way: an HTML comment in the body, invisible on GitHub).
 * A fingerprint covers what the reader sees: rule, place at the tip, message
 * and suggestion.  When any of them changes the old comment is outdated.
 */
import { createHash } from 'node:crypto';

const TAG = 'qemu-review';

/** 16 hex digits: collisions among one PR's findings are not a concern at 64 bits. */
export function fingerprint(parts: readonly (string | number | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/** The marker closing an inline comment of ours. */
export const commentMarker = (fp: string): string => `<!-- ${TAG}:fp=${fp} -->`;

/** The marker an outdated comment is rewritten to: still ours, no longer a live finding. */
export const outdatedMarker = (fp: string): string => `<!-- ${TAG}:outdated=${fp} -->`;

/**
 * What a review body keeps of a fingerprint: its first 48 bits, as 8 base64
 * characters with no separator.  A review listing 3,000 findings then spends
 * 24 KB on state, not 51 KB of the 65 KB a body may hold; 48 bits keep a
 * collision among one pull request's findings out of reach.
 */
export const STATE_KEY_LENGTH = 8;

export function stateKey(fp: string): string {
  return Buffer.from(fp.slice(0, 12), 'hex').toString('base64');
}

/** The marker of a review body: the state keys of the findings it posted, inline or listed in it. */
export const reviewMarker = (fps: readonly string[]): string => `<!-- ${TAG}:state=${fps.map(stateKey).join('')} -->`;

/** Characters the marker adds per finding it records. */
export const REVIEW_MARKER_PER_FINDING = STATE_KEY_LENGTH;

// On a line of its own: a reply quoting our comment has `> ` in front, and is not ours.
const COMMENT_MARKER = new RegExp(`^<!-- ${TAG}:fp=([0-9a-f]{16}) -->$`, 'm');
const REVIEW_MARKER = new RegExp(`^<!-- ${TAG}:state=((?:[A-Za-z0-9+/]{${STATE_KEY_LENGTH}})*) -->$`, 'm');
/** The marker earlier versions wrote: every fingerprint in full. */
const OLD_REVIEW_MARKER = new RegExp(`^<!-- ${TAG}:review fps=([0-9a-f,]*) -->$`, 'm');

export function commentFingerprint(body: string): string | null {
  return COMMENT_MARKER.exec(body)?.[1] ?? null;
}

/** The state keys a review body of ours records. */
export function reviewStateKeys(body: string): string[] {
  const keys = REVIEW_MARKER.exec(body)?.[1];
  if (keys !== undefined) return keys.match(new RegExp(`.{${STATE_KEY_LENGTH}}`, 'g')) ?? [];
  const old = OLD_REVIEW_MARKER.exec(body)?.[1];
  return old
    ? old
        .split(',')
        .filter((fp) => /^[0-9a-f]{16}$/.test(fp))
        .map(stateKey)
    : [];
}

const OUTDATED_MARKER = new RegExp(`^<!-- ${TAG}:outdated=([0-9a-f]{16}) -->$`, 'm');

/** The fingerprint of a comment of ours marked outdated by an earlier run, or null. */
export function outdatedFingerprint(body: string): string | null {
  return OUTDATED_MARKER.exec(body)?.[1] ?? null;
}

export function replaceWithOutdated(body: string, fp: string): string {
  return body.replace(COMMENT_MARKER, outdatedMarker(fp));
}
