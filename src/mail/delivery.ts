/**
 * Whether a mail went through the list: the Date of a posted mail is the day
 * the list saw it, while the Date of a local patch file is its author date,
 * which a rebase keeps (a series written in March and rebased in November
 * still says March).
 */

/** `git format-patch` (and b4 prep, which runs it) opens every patch with this line: a commit id and git's birthday. */
const FORMAT_PATCH_ENVELOPE = /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$/;

/**
 * Envelopes of mboxes cut from a list archive: public-inbox (lore) downloads
 * write `From mboxrd@z`, `b4 am`/`b4 shazam` write `From git@z`, both with the
 * epoch as date.  b4 keeps only From, Date, Subject and Message-Id of the
 * list copy, so the envelope is all that tells.
 */
const ARCHIVE_ENVELOPE = /^From (?:mboxrd|git)@z Thu Jan {1,2}1 00:00:00 1970$/;

/** Headers only a delivery adds: a list's (RFC 2919, RFC 5064) or a mail server's trace. */
const DELIVERY_HEADERS = new Set(['list-id', 'archived-at', 'received']);

/**
 * `headerKeys` are the mail's header names in lower case; `envelope` the
 * mbox envelope line it stood under, if any.
 */
export function wentThroughList(headerKeys: readonly string[], envelope: string | undefined): boolean {
  const line = envelope?.trimEnd();
  // A format-patch file is local whatever headers it carries: they were typed, not added on the way.
  if (line !== undefined && FORMAT_PATCH_ENVELOPE.test(line)) return false;
  if (line !== undefined && ARCHIVE_ENVELOPE.test(line)) return true;
  return headerKeys.some((k) => DELIVERY_HEADERS.has(k));
}
