/** `qemu-review reply`: the review as reply mails, printed as an mbox (a dry run), or sent with --send under a delivery policy. */
import type { Command } from 'commander';
import type { Rule } from '../../engine/types.js';
import type { CheckOptions } from '../check.js';
import type { DeliveryOptions } from '../deliver.js';
import type { Io } from '../io.js';
import { addReplyOptions, addReviewOptions } from './options.js';

export function registerReply(program: Command, io: Io, rules: readonly Rule[], setStatus: (status: number) => void): void {
  const reply = program.command('reply').description('write the review as reply mails threaded to the patches (an mbox on standard output); --send mails them');
  addReviewOptions(reply);
  addReplyOptions(reply)
    .option('--send', 'send the replies instead of printing them (needs --smtp, --from and --policy)')
    .option('--smtp <url>', 'smtp://[user:password@]host[:port] or smtps://…, for --send')
    .option('--policy <file>', 'the delivery policy (JSON): which lists and MAINTAINERS sections opted in, who gets replies, when')
    .option('--maintainers <file>', "QEMU's MAINTAINERS file, for the policy's sections (default: the policy's, else the --tree's)")
    .option('--state-dir <dir>', 'where the outbox remembers sent replies (default: $XDG_STATE_HOME/qemu-review or ~/.local/state/qemu-review)')
    .action(async (inputs: string[], opts: CheckOptions & { send?: boolean; smtp?: string; policy?: string; maintainers?: string; stateDir?: string }) => {
      const delivery: DeliveryOptions = { send: opts.send === true };
      if (opts.smtp !== undefined) delivery.smtp = opts.smtp;
      if (opts.policy !== undefined) delivery.policy = opts.policy;
      if (opts.maintainers !== undefined) delivery.maintainers = opts.maintainers;
      if (opts.stateDir !== undefined) delivery.stateDir = opts.stateDir;
      const { runCheck } = await import('../check.js');
      setStatus(await runCheck(inputs, { ...opts, format: 'email', failOn: 'never' }, rules, io, delivery));
    });
}
