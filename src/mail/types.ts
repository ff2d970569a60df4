/** The mailing list's own vocabulary: raw messages from an input, parsed mails, subjects. */

/** One message cut out of an input (an mbox entry, a single .eml/.patch file, stdin). */
export interface RawMessage {
  /** Position of the message across the whole run, 0-based. */
  index: number;
  /** The input it came from: a path, or "<stdin>". */
  source: string;
  /** Byte offset of the message in its source (after any gzip decoding). */
  offset: number;
  bytes: Buffer;
  /** Set when the input is a bare diff with no mail headers (`git diff > x.patch`). */
  bareDiff?: boolean;
  /** The message stood under an mbox envelope line (`From <sha> Mon Sep 17 ...`), which `bytes` leaves out. */
  envelope?: boolean;
  /** That envelope line, without its line end (at most 200 characters): who wrote the mbox. */
  envelopeLine?: string;
  /** For a commit's patch (the Action): the committer date, ISO 8601. */
  committed?: string;
}

/**
 * A message that could not be cut out of its input at all (unreadable file, truncated gzip), or
 * one passed over unread because it is larger than the limit (`tooLarge`).
 */
export interface UnreadableInput {
  index: number;
  source: string;
  offset: number;
  error: string;
  /** Not broken but over the size limit (--max-message-size): `error` says by how much. */
  tooLarge?: true;
}

export interface Address {
  name: string;
  address: string;
}

/** A parsed subject line, `[RFC PATCH v2 3/7] hw/foo: bar` and its relatives. */
export interface Subject {
  /** The decoded subject as sent. */
  raw: string;
  /** `Re:`, `Aw:`, `Fwd:` and the like at the start. */
  isReply: boolean;
  /** Every bracketed tag, in order, e.g. ["Qemu-devel", "RFC PATCH v2 3/7"]. */
  tags: string[];
  /** A PATCH (or RFC) tag is present. */
  isPatch: boolean;
  rfc: boolean;
  resend: boolean;
  /** 1 unless `vN` says otherwise. */
  version: number;
  /** `n/m` of the series, when present. */
  counter?: { index: number; total: number };
  /** The subject with reply markers and tags removed: what the commit will be called. */
  title: string;
  /**
   * Other words of the patch tag, in order: `for-10.2`, `qemu-web`, `python`. They name the
   * target branch or project (a `qemu-web` patch is not a QEMU patch). Always set by parseSubject.
   */
  extraPrefixes?: string[];
  /**
   * A `[PULL …]` tag (a maintainer's pull request): not a patch tag, but it carries a counter
   * (`[PULL 03/28]`) and version like one. Always set by parseSubject.
   */
  pull?: boolean;
}

/** A parsed mail with the text that may carry a patch. */
export interface Mail {
  index: number;
  source: string;
  offset: number;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: Address | null;
  to: Address[];
  cc: Address[];
  date: Date | null;
  subject: Subject;
  /** Decoded text of the body part that carries the patch (or the main text part). LF line ends. */
  body: string;
  /** Where the diff text came from: the main text, or an attachment (text/x-patch, *.diff, or any part holding a diff, as git mailinfo reads one). */
  bodySource: 'text' | 'attachment';
  /** The text part declared `format=flowed`: the mailer re-wrapped it and the diff cannot be trusted. */
  flowed: boolean;
  /** Problems met while decoding (unknown charset and the like), for the skip reason or a finding. */
  decodeWarnings: string[];
  /**
   * The input was a bare diff without mail headers: subject, addresses and ids are empty and the
   * body is the diff itself. Set (true or false) by parseMail.
   */
  bareDiff?: boolean;
  /**
   * The mail went through a mailing list or at least a mail server (List-Id, Archived-At or
   * Received headers; a lore or b4 mbox envelope): its Date is the day it was posted. A `git
   * format-patch` file, a `b4 prep --check` run or a draft has none of these, and its Date is
   * only the author date. Set by parseMail.
   */
  delivered?: boolean;
  /** For a commit's patch (the Action): its committer date, when the commit took its present form. */
  committed?: Date;
}
