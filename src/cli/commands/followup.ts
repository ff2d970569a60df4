/** `qemu-review followup`: its options; the work is in ../followup.ts. */
import { Option, type Command } from 'commander';
import type { Rule } from '../../engine/types.js';
import type { FollowupOptions } from '../followup.js';
import type { Io } from '../io.js';
import { collect } from './options.js';

export function registerFollowup(program: Command, io: Io, rules: readonly Rule[], setStatus: (status: number) => void): void {
  const skipRule = new Option('--no-rule <id>', 'skip this rule (repeatable; an area such as "qapi" skips all of it)').argParser(collect);
  skipRule.negate = false;
  program
    .command('followup')
    .description(
      'follow a respin up on the last review: which findings of the earlier version are fixed, open or new, and what became of the lines reviewers commented on',
    )
    .argument('[inputs...]', 'one mbox with several versions and their reviews, or several files or directories; - reads standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'email']).default('text'))
    .addOption(new Option('--rule <id>', 'run only this rule (repeatable; an area such as "qapi" selects all of it)').argParser(collect))
    .addOption(skipRule)
    .option(
      '--config <file>',
      'a JSON config: { "rules": { "<id or area>": "off" | "error" | "warning" | "info" }, "exclude": [path patterns] } (default: the nearest .qemu-review.json above the current directory)',
    )
    .option('--no-config', 'read no config file, not even one found')
    .addOption(new Option('--mbox <format>', 'how ">From " lines in mbox files are escaped').choices(['mboxrd', 'mboxo', 'none']).default('mboxrd'))
    .option('--qemu-version <x.y>', "the release under development (default: each mail's date)")
    .option('--from <address>', 'with --format email: the sender')
    .addOption(new Option('--to <address>', 'with --format email: send to this address instead of the author (repeatable)').argParser(collect))
    .addOption(new Option('--cc <address>', 'with --format email: Cc this address instead of the original To and Cc (repeatable)').argParser(collect))
    .option('--no-cc', 'with --format email: Cc nobody')
    .option('--report-to <where>', 'with --format email: where the footer tells readers to report a false positive')
    .action(async (inputs: string[], opts: FollowupOptions) => {
      const { runFollowup } = await import('../followup.js');
      setStatus(await runFollowup(inputs, opts, rules, io));
    });
}
