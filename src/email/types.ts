/** The replies qemu-review writes, and the options that shape them. */
import type { Address } from '../mail/types.js';
import type { DroppedAddress, MailParts } from './render.js';

/** A reply ready to be written to an mbox or sent. */
export interface OutgoingMail {
  /** Without angle brackets. */
  messageId: string;
  from: Address;
  to: Address[];
  cc: Address[];
  /** Decoded, as the reader sees it. */
  subject: string;
  /** The message replied to, without angle brackets (null when its id could not be used). */
  inReplyTo: string | null;
  references: string[];
  date: Date;
  /** The whole message, header and body, lines ending in LF. */
  raw: string;
  /** Which input message it answers: the patch, or the series' cover letter (or first patch). */
  answers: { messageIndex: number; source: string };
  /** Addresses left out because they could not be written safely (see headers.unsafeAddressReason); never delivered to. */
  dropped: DroppedAddress[];
  /** What else narrowed the recipients (the recipient limit), one sentence each, for stderr. */
  notes: string[];
  /** What the mail was rendered from, so that delivery can narrow its recipients and render it again. */
  parts: MailParts;
  /** The mail (or series) the reply is about, for the delivery policy and the outbox. */
  reviewed: Reviewed;
}

/** What a delivery policy and the outbox need to know of the mail a reply answers. */
export interface Reviewed {
  /** Its Message-ID, without angle brackets (null for an unsent `git format-patch` file). */
  messageId: string | null;
  /** Its Date header. */
  date: Date | null;
  author: Address | null;
  /** Its To and Cc, as sent: the lists it went to are among them. */
  to: Address[];
  cc: Address[];
  /** Files the patch (or series) touches. */
  files: string[];
  /** One key per finding (rule, file, line, message), sorted: the finding set the outbox remembers. */
  findings: string[];
}

/**
 * Stands in for --from when none is given: `.invalid` (RFC 2606) can never
 * be delivered to, so a forgotten From bounces instead of speaking for
 * somebody, and sendReplies refuses it outright.
 */
export const PLACEHOLDER_FROM: Address = { name: 'qemu-review', address: 'set-your-address@qemu-review.invalid' };

export interface ReplyOptions {
  /** The sender; required for sending, PLACEHOLDER_FROM otherwise. */
  from?: Address;
  /** Replaces the author as recipient. */
  to?: Address[];
  /** Replaces the original To and Cc. */
  cc?: Address[];
  /** No Cc at all: the reply goes to the author (or `to`) only. */
  noCc?: boolean;
  /** Where false positives go (an address or a URL), named in the footer; default: reply to this mail. */
  reportTo?: string;
  /** qemu-review's version for X-Mailer and the footer. */
  version?: string;
  /** Addresses known to be mailing lists (from the delivery policy and MAINTAINERS), besides qemu-*@nongnu.org. */
  lists?: readonly string[];
  /** The clock, for tests. */
  now?: () => Date;
}

export const isPlaceholderAddress = (address: string): boolean => /\.invalid$/i.test(address);
