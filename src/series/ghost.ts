/**
 * A patch kept only as a place in its series: its subject, ids and author, and the part of
 * its body above the diff (where `Supersedes:` and `change-id:` are read), with no diff.
 *
 * Check mode compares a respin with the earlier versions in a window of recent mail, to mark
 * findings already reported there. A patch without findings has nothing to carry into a later
 * version, but its series still needs it: a respin's patches are paired with the old ones by
 * subject, and a patch missing from the old version would leave its counterpart to be paired
 * with another by diff likeness. As a ghost it holds its place at a small fraction of a parsed
 * patch's memory (an archive's patches mostly have no findings), and pairUp pairs nothing by
 * diff likeness against a ghost's place.
 */
import type { Mail } from '../mail/types.js';
import type { Patch } from '../patch/types.js';
import { ownString } from '../engine/own-string.js';

const ghosts = new WeakSet<Patch>();

export const isGhost = (patch: Patch): boolean => ghosts.has(patch);

/** The body above the diff, at most this long: tags are read there, and nothing past the first diff line. */
const HEAD_LIMIT = 16 * 1024;

function headOf(body: string): string {
  const diff = body.search(/^(?:diff --git |Index: )/m);
  return ownString(body.slice(0, Math.min(diff < 0 ? body.length : diff, HEAD_LIMIT)));
}

/** The ghost of a patch and its mail; the original objects are left as they are. */
export function ghostOf(patch: Patch): Patch {
  // Copied by descriptor, not spread: a spread would read To and Cc, parsed only when first read.
  const descriptors: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(patch.mail);
  const replaced: Partial<Mail> = { to: [], cc: [], body: headOf(patch.mail.body), decodeWarnings: [] };
  for (const [key, value] of Object.entries(replaced)) descriptors[key] = { value, writable: true, enumerable: true, configurable: true };
  const mail = Object.defineProperties({}, descriptors) as Mail;
  const ghost: Patch = { mail, commit: { title: patch.commit.title, body: [] }, files: [], mangled: patch.mangled };
  ghosts.add(ghost);
  return ghost;
}

/** The memory a ghost stands for in a window's budget: its head, and a little for the rest. */
export const ghostBytes = (ghost: Patch): number => 256 + ghost.mail.body.length;
