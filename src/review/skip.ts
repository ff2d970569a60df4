/**
 * Why a message was not reviewed, as a value: the kind reporters and the
 * exit status decide on, and the words a person reads.  Reporters switch
 * on the kind; the text is only ever shown.
 */
export type SkipKind =
  /** A reply carries no patch of its own. */
  | 'reply'
  /** A series' `0/n` mail. */
  | 'cover-letter'
  /** `[PULL …]`: patches the list has reviewed already. */
  | 'pull-request'
  /** A mail without a diff, and not saying it is a patch. */
  | 'not-a-patch'
  /** A mail whose subject says PATCH, but without a diff. */
  | 'no-diff'
  /** Input that could not be read (a corrupt archive, an I/O error). */
  | 'unreadable'
  /** A message over the size limit. */
  | 'too-large'
  /** Bytes that are not a mail. */
  | 'unparseable'
  /** A mail whose diff could not be read. */
  | 'unparseable-patch'
  /** The review itself failed (a worker crashed or overran): a bug in qemu-review. */
  | 'internal-error'
  /** `--files`: a path that is not a file of the tree. */
  | 'not-in-tree'
  /** A merge commit (the Action): its changes come from the branches it joins. */
  | 'merge';

export interface SkipReason {
  kind: SkipKind;
  /** The reason in words, whole (`cover letter (0/3)`, `unreadable: …`). */
  text: string;
}

export const skip = (kind: SkipKind, text: string): SkipReason => ({ kind, text });

/**
 * Skips in the normal course of an archive or a series (replies, cover letters, mails without a
 * diff, pull requests), as opposed to mail that could not be read: counted without alarm.
 */
export function isRoutineSkip(reason: SkipReason | undefined): boolean {
  return reason !== undefined && isRoutineKind(reason.kind);
}

export function isRoutineKind(kind: SkipKind): boolean {
  switch (kind) {
    case 'reply':
    case 'cover-letter':
    case 'pull-request':
    case 'not-a-patch':
      return true;
    default:
      return false;
  }
}

/** "2 replies", "1 cover letter", "3 without a diff": a kind of skip, counted. */
export function skipCount(kind: SkipKind, n: number): string {
  const plural = (word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;
  switch (kind) {
    case 'reply':
      return plural('reply', 'replies');
    case 'cover-letter':
      return plural('cover letter');
    case 'pull-request':
      return plural('pull request');
    case 'not-a-patch':
    case 'no-diff':
      return `${n} without a diff`;
    case 'internal-error':
      return plural('internal error');
    case 'unreadable':
      return `${n} unreadable`;
    case 'too-large':
      return `${n} too large`;
    case 'unparseable':
      return `${n} unparseable`;
    case 'unparseable-patch':
      return `${n} unparseable patch${n === 1 ? '' : 'es'}`;
    case 'not-in-tree':
      return `${n} not in the tree`;
    case 'merge':
      return plural('merge commit');
  }
}

/** "1 unparseable, 2 without a diff": skips counted by kind, the kinds that read alike counted once. */
export function skipCounts(byKind: ReadonlyMap<SkipKind, number>): string {
  const kinds = new Map<SkipKind, number>();
  for (const [kind, n] of byKind) {
    const as = kind === 'no-diff' ? 'not-a-patch' : kind;
    kinds.set(as, (kinds.get(as) ?? 0) + n);
  }
  return [...kinds].map(([kind, n]) => skipCount(kind, n)).join(', ');
}
