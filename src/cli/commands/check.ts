/** `qemu-review check`: its options; the work is in ../check.ts. */
import { Option, type Command } from 'commander';
import type { Rule } from '../../engine/types.js';
import { FORMATS } from '../../report/formats.js';
import { runCheck, type CheckOptions } from '../check.js';
import type { Io } from '../io.js';

/** Repeatable option values collect into a list. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerCheck(program: Command, io: Io, rules: readonly Rule[], setStatus: (status: number) => void): void {
  // Commander reads `--no-X` as the negation of `--X`; here --no-rule is a list of its own.
  const skipRule = new Option('--no-rule <id>', 'skip this rule (repeatable; an area such as "qapi" skips all of it)').argParser(collect);
  skipRule.negate = false;

  program
    .command('check')
    .description('review patch mails: mbox (also .gz), .eml/.patch files, directories of them, a bare diff, or - for stdin')
    .argument('[inputs...]', 'files or directories to read; - (or nothing, when piped) reads standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(FORMATS)).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (default: the config\'s failOn, else warning)').choices(['error', 'warning', 'info', 'never']))
    .option('--config <file>', 'a JSON config: { "rules": { "<id or area>": "off" | "error" | "warning" | "info" }, "failOn": ... }')
    .addOption(new Option('--rule <id>', 'run only this rule (repeatable; an area such as "qapi" selects all of it)').argParser(collect))
    .addOption(skipRule)
    .addOption(new Option('--mbox <format>', 'how ">From " lines in mbox files are escaped').choices(['mboxrd', 'mboxo', 'none']).default('mboxrd'))
    .option('--tree <path>', 'a QEMU checkout: apply each series to it in memory and review whole files (never written)')
    .option('--files', 'with --tree: the inputs are files of the tree, reviewed as they stand')
    .option('--qemu-version <x.y>', 'the release under development (default: the tree\'s VERSION, else the mail\'s date)')
    .option('--color', 'colour the text output even when not on a terminal')
    .option('--no-color', 'never colour the text output')
    .option('-v, --verbose', 'list every skipped message (replies, cover letters), not only the broken ones')
    .action(async (inputs: string[], opts: CheckOptions) => {
      setStatus(await runCheck(inputs, opts, rules, io));
    });
}
