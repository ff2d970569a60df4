/** `qemu-review followup`: review every version in the input, then follow each up on the one before. */
import { parseAddresses } from '../email/addressing.js';
import { mboxEntry } from '../email/mbox-out.js';
import type { ReplyOptions } from '../email/types.js';
import type { Rule } from '../engine/types.js';
import { followUp } from '../followup/followup.js';
import { followupMail } from '../followup/mail.js';
import { followupJson, followupText } from '../followup/render.js';
import { readInputs } from '../mail/input.js';
import type { Address } from '../mail/types.js';
import { reviewMessages, type MessageResult } from '../review/review.js';
import type { Io } from './io.js';
import { inputsOrStdin, runOptIn, runRules, runSettings } from './run-setup.js';
import { UsageError, usageWarning } from './usage-error.js';

export interface FollowupOptions {
  format: 'text' | 'json' | 'email';
  config?: string | false;
  rule?: string[];
  noRule?: string[];
  mbox: 'mboxrd' | 'mboxo' | 'none';
  qemuVersion?: string;
  from?: string;
  to?: string[];
  cc?: string[] | false;
  reportTo?: string;
}

export async function runFollowup(inputs: string[], options: FollowupOptions, all: readonly Rule[], io: Io): Promise<number> {
  const run = await runRules(options, all);
  const { config, rules, severity } = run;
  for (const warning of run.passedOver) io.stderr.write(usageWarning(warning));
  const settings = runSettings(io, options.qemuVersion);
  settings.optIn = runOptIn(run, options.rule, undefined);
  const replyTo = replyOptions(options);
  inputs = await inputsOrStdin(inputs, io, 'no input: name the mbox (or the files) holding the versions and their reviews');

  const results: MessageResult[] = [];
  for await (const result of reviewMessages(readInputs(inputs, { escape: options.mbox, ...(inputs.includes('-') ? { stdin: io.stdin } : {}) }), rules, {
    settings,
    severity,
    ...(config?.exclude ? { exclude: config.exclude } : {}),
  })) {
    results.push(result);
    for (const failure of result.failures) {
      io.stderr.write(`qemu-review: internal error in rule ${failure.rule} on message ${result.index + 1} (${result.source}): ${failure.error}\n`);
    }
  }
  const report = followUp(results);
  if (options.format === 'json') io.stdout.write(followupJson(report));
  else if (options.format === 'email') {
    const mailAt = new Map(results.map((r) => [r.index, r.mail]));
    for (const f of report.followups) {
      const mail = mailAt.get(f.to.index);
      const reply = mail ? followupMail(f, mail, replyTo) : null;
      if (reply) io.stdout.write(mboxEntry(reply));
    }
  } else io.stdout.write(followupText(report));
  return 0;
}

function replyOptions(options: FollowupOptions): ReplyOptions {
  const one = (flag: string, text: string): Address => {
    const [address] = parseAddresses(text);
    if (!address) throw new UsageError(`${flag} '${text}' is not an email address`);
    return address;
  };
  const reply: ReplyOptions = {};
  if (options.from !== undefined) reply.from = one('--from', options.from);
  if (options.to) reply.to = options.to.map((t) => one('--to', t));
  if (options.cc === false) reply.noCc = true;
  else if (options.cc) reply.cc = options.cc.map((c) => one('--cc', c));
  if (options.reportTo !== undefined) reply.reportTo = options.reportTo;
  return reply;
}
