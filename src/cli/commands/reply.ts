/** `qemu-review reply`: the review as reply mails, printed as an mbox, or sent with --send. */
import type { Command } from 'commander';
import type { Rule } from '../../engine/types.js';
import { runCheck, type CheckOptions } from '../check.js';
import type { Io } from '../io.js';
import { addReplyOptions, addReviewOptions } from './options.js';

export function registerReply(program: Command, io: Io, rules: readonly Rule[], setStatus: (status: number) => void): void {
  const reply = program
    .command('reply')
    .description('write the review as reply mails threaded to the patches (an mbox on standard output); --send mails them');
  addReviewOptions(reply);
  addReplyOptions(reply)
    .option('--send', 'send the replies instead of printing them (needs --smtp and --from)')
    .option('--smtp <url>', 'smtp://[user:password@]host[:port] or smtps://…, for --send')
    .action(async (inputs: string[], opts: CheckOptions & { send?: boolean; smtp?: string }) => {
      setStatus(await runCheck(inputs, { ...opts, format: 'email', failOn: 'never' }, rules, io, opts.send ? { smtp: opts.smtp } : undefined));
    });
}
