/**
 * What `reply` does with the replies once the review is done: each goes
 * through the delivery policy (who, when, or not at all) and the outbox
 * (never twice), then to the SMTP server with --send, or, without it, is
 * printed as it would be sent, with its envelope recipients on stderr.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readdress } from '../email/compose.js';
import { parseMaintainers, type MaintainersSection } from '../maintainers/maintainers.js';
import { mboxEntry } from '../email/mbox-out.js';
import { Outbox, OutboxError, defaultStateDir, outboxKey, type OutboxRecord } from '../email/outbox.js';
import { decide, loadPolicy, PolicyError, unknownSections, type DeliveryPolicy } from '../email/policy.js';
import { sendReplies, visibleRecipients } from '../email/send.js';
import type { OutgoingMail } from '../email/types.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';

export interface DeliveryOptions {
  send: boolean;
  smtp?: string;
  policy?: string;
  maintainers?: string;
  stateDir?: string;
  tree?: string;
}

/** The policy, MAINTAINERS and outbox a run delivers under, read before any review starts. */
export interface Delivery {
  options: DeliveryOptions;
  policy: DeliveryPolicy | null;
  sections: MaintainersSection[];
  /** Known list addresses: the policy's and MAINTAINERS' `L:` lines. */
  lists: string[];
  stateDir: string;
}

/** Reads and checks everything delivery needs; any problem is a usage error (exit 2) before a mail is read. */
export function prepareDelivery(options: DeliveryOptions, io: Io): Delivery {
  if (options.send && options.policy === undefined) {
    throw new UsageError(
      '--send needs a delivery policy (--policy FILE): without one nothing is sent, because no list or MAINTAINERS section has opted in (see "Delivery policy" in the README)',
    );
  }
  let policy: DeliveryPolicy | null = null;
  if (options.policy !== undefined) {
    try {
      policy = loadPolicy(options.policy);
    } catch (error) {
      if (error instanceof PolicyError) throw new UsageError(error.message);
      throw error;
    }
  }
  const maintainersPath =
    options.maintainers ??
    policy?.maintainers ??
    (options.tree !== undefined && existsSync(join(options.tree, 'MAINTAINERS')) ? join(options.tree, 'MAINTAINERS') : undefined);
  let sections: MaintainersSection[] = [];
  if (maintainersPath !== undefined) {
    try {
      sections = parseMaintainers(readFileSync(maintainersPath, 'utf8'));
    } catch (error) {
      throw new UsageError(`${maintainersPath}: cannot read the MAINTAINERS file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  if (policy) {
    const named = policy.policies.some((p) => p.sections.length > 0);
    if (named && maintainersPath === undefined) {
      throw new UsageError(
        `${policy.path}: the policy names MAINTAINERS sections: give the file with --maintainers FILE, "maintainers" in the policy, or --tree`,
      );
    }
    const unknown = unknownSections(policy, sections);
    if (unknown.length > 0) throw new UsageError(`${policy.path}: no section ${unknown.map((n) => `"${n}"`).join(', ')} in ${maintainersPath}`);
  }
  const lists = [...new Set([...(policy?.policies.flatMap((p) => p.lists) ?? []), ...sections.flatMap((s) => s.lists)])];
  return { options, policy, sections, lists, stateDir: options.stateDir ?? defaultStateDir(io.env) };
}

/** Says on stderr what composing a reply left out (unwritable addresses, the recipient limit). */
export function reportComposed(mail: OutgoingMail, io: Io): void {
  const about = replyName(mail);
  for (const d of mail.dropped) io.stderr.write(`qemu-review: ${about}: not sent to ${oneLine(d.address)}: ${d.reason}\n`);
  for (const note of mail.notes) io.stderr.write(`qemu-review: ${about}: ${note}\n`);
}

/** Policy, outbox, then the server (or stdout for a dry run); 1 when a mail could not be sent. */
export async function deliver(mails: OutgoingMail[], delivery: Delivery, io: Io, now: Date = new Date()): Promise<number> {
  const { options, policy } = delivery;
  let outbox: Outbox;
  try {
    outbox = options.send ? Outbox.openForSending(delivery.stateDir) : Outbox.read(delivery.stateDir);
  } catch (error) {
    if (error instanceof OutboxError) throw new UsageError(error.message);
    throw error;
  }
  try {
    const ready: { mail: OutgoingMail; key: string }[] = [];
    for (const composed of mails) {
      const about = replyName(composed);
      let mail = composed;
      if (policy) {
        const decision = decide(composed, policy, { sections: delivery.sections, lists: delivery.lists, now });
        if (decision.kind === 'skip') {
          io.stderr.write(`qemu-review: ${about}: not sent: ${decision.reason}\n`);
          continue;
        }
        if (decision.kind === 'hold') {
          io.stderr.write(
            `qemu-review: ${about}: held until ${decision.until.toISOString()}: the mail is younger than the delay of policy ${decision.policies.join(', ')}\n`,
          );
          continue;
        }
        for (const l of decision.left) io.stderr.write(`qemu-review: ${about}: not sent to ${oneLine(l.address)}: ${l.reason}\n`);
        mail = readdress(composed, decision.to, decision.cc);
      }
      const key = outboxKey(mail.reviewed);
      const earlier = outbox.get(key);
      if (earlier && (earlier.state === 'sent' || earlier.state === 'sending')) {
        io.stderr.write(`qemu-review: ${about}: ${alreadyDone(earlier, outbox.path)}\n`);
        continue;
      }
      ready.push({ mail, key });
    }

    if (!options.send) {
      for (const { mail } of ready) io.stdout.write(mboxEntry(mail));
      // A write error is reported a tick after the write: the account of what would be sent
      // belongs to a dry run whose mails reached their reader, not to one cut short.
      await new Promise((resolve) => setImmediate(resolve));
      io.stdout.throwIfFailed?.();
      for (const { mail } of ready) {
        io.stderr.write(`qemu-review: would send <${mail.messageId}> "${oneLine(mail.subject)}" to ${visibleRecipients(mail.raw).join(', ')}\n`);
      }
      if (ready.length > 0 && !policy) io.stderr.write('qemu-review: dry run: --send would refuse without a delivery policy (--policy FILE)\n');
      return 0;
    }
    if (ready.length === 0) {
      io.stdout.write(mails.length === 0 ? 'no replies to send: no patch had findings\n' : 'no replies to send\n');
      return 0;
    }
    const record = (mail: OutgoingMail, key: string, state: OutboxRecord['state'], extra: Partial<OutboxRecord> = {}): void =>
      outbox.set({
        key,
        state,
        reviewed: mail.reviewed.messageId,
        reply: mail.messageId,
        to: visibleRecipients(mail.raw),
        at: new Date().toISOString(),
        ...extra,
      });
    const keys = new Map(ready.map(({ mail, key }) => [mail, key]));
    for (const { mail, key } of ready) record(mail, key, 'pending');
    let failed = 0;
    await sendReplies(
      ready.map((r) => r.mail),
      {
        smtp: options.smtp!,
        before: (mail) => record(mail, keys.get(mail)!, 'sending'),
        after: (mail, r) => {
          if (r.ok) {
            record(mail, keys.get(mail)!, 'sent', { to: r.accepted });
            io.stdout.write(`sent <${r.messageId}> "${oneLine(mail.subject)}" to ${r.accepted.join(', ')}\n`);
            if (r.rejected.length > 0) io.stderr.write(`qemu-review: ${replyName(mail)}: refused by the server: ${r.rejected.join(', ')}\n`);
          } else if (r.uncertain) {
            // Left in 'sending': the server may have it, so no later run sends it again.
            failed++;
            io.stderr.write(
              `qemu-review: ${replyName(mail)}: <${r.messageId}> may or may not have gone out (${r.error}): the connection failed after the whole message was handed over; not retried (see ${outbox.path})\n`,
            );
          } else {
            failed++;
            record(mail, keys.get(mail)!, 'failed', { error: r.error ?? `refused: ${r.rejected.join(', ')}` });
            io.stderr.write(`qemu-review: not sent <${r.messageId}> "${oneLine(mail.subject)}": ${r.error ?? `refused: ${r.rejected.join(', ')}`}\n`);
          }
        },
      },
    );
    return failed > 0 ? 1 : 0;
  } finally {
    outbox.close();
  }
}

function alreadyDone(record: OutboxRecord, path: string): string {
  if (record.state === 'sent') return `already sent as <${record.reply}> on ${record.at}: not sent again`;
  return (
    `was being sent as <${record.reply}> when an earlier run stopped or lost the server (${record.at}); it may have gone out, so it is not sent again: ` +
    `check the list archive, and delete its lines from ${path} to send it anyway`
  );
}

function replyName(mail: OutgoingMail): string {
  const id = mail.reviewed.messageId;
  return id === null ? `reply to ${oneLine(mail.answers.source)}` : `reply to <${oneLine(id)}>`;
}

const oneLine = (s: string): string => s.replace(/[\x00-\x1f\x7f\x85\u2028\u2029]+/g, ' ');
