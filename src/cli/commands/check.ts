/** `qemu-review check`: its options; the work is in ../check.ts. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Rule } from '../../engine/types.js';
import { FORMATS } from '../../report/formats.js';
import type { CheckOptions } from '../check.js';
import type { Io } from '../io.js';
import { addReplyOptions, addReviewOptions } from './options.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return n;
}

export function registerCheck(program: Command, io: Io, rules: readonly Rule[], setStatus: (status: number) => void): void {
  const check = program
    .command('check')
    .description('review patch mails: mbox (also .gz), .eml/.patch files, directories of them, a bare diff, or - for stdin');
  addReviewOptions(check)
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(FORMATS)).default('text'))
    .addOption(
      new Option(
        '--fail-on <severity>',
        "exit 1 when a finding is at least this severe (default: the config's failOn, else warning; error for --format checkpatch)",
      ).choices(['error', 'warning', 'info', 'never']),
    )
    .option('--color', 'colour the text output even when not on a terminal')
    .option('--no-color', 'never colour the text output')
    .option('-v, --verbose', 'list every skipped message (replies, cover letters), not only the broken ones')
    .option('--b4-url <url>', 'with --format b4-review: a page b4 shows with each result')
    .addOption(
      new Option(
        '-j, --jobs <n>',
        'review on this many worker threads, at most one per core the main thread leaves (default: all of those for an input over 16 MB; on 2 cores the main thread alone)',
      ).argParser(positiveInt),
    )
    .option('--progress', 'show a progress line on stderr (default: when stderr is a terminal)')
    .option('--no-progress', 'never show the progress line')
    .option('--allow-empty', 'exit 0, not 2, when the input holds no patch, only mails that are none (a cover letter, a reply): for hooks handed every mail');
  addReplyOptions(check).action(async (inputs: string[], opts: CheckOptions) => {
    const { runCheck } = await import('../check.js');
    setStatus(await runCheck(inputs, opts, rules, io));
  });
}
