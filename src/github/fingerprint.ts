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

/** The marker of a review body: every finding it reports, inline or in the body. */
export const reviewMarker = (fps: readonly string[]): string => `<!-- ${TAG}:review fps=${fps.join(',')} -->`;

// On a line of its own: a reply quoting our comment has `> ` in front, and is not ours.
const COMMENT_MARKER = new RegExp(`^<!-- ${TAG}:fp=([0-9a-f]{16}) -->$`, 'm');
const REVIEW_MARKER = new RegExp(`^<!-- ${TAG}:review fps=([0-9a-f,]*) -->$`, 'm');

export function commentFingerprint(body: string): string | null {
  return COMMENT_MARKER.exec(body)?.[1] ?? null;
}

export function reviewFingerprints(body: string): string[] {
  const list = REVIEW_MARKER.exec(body)?.[1];
  return list ? list.split(',').filter(Boolean) : [];
}

export function replaceWithOutdated(body: string, fp: string): string {
  return body.replace(COMMENT_MARKER, outdatedMarker(fp));
}
