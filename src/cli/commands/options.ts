/** Options `check` and `reply` share: what to review, and how replies are addressed. */
import { InvalidArgumentError, Option, type Command } from 'commander';

/** Repeatable option values collect into a list. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 };

/** `64M`, `512k`, `1G`, `1000000`: bytes, with K, M, G (optionally KiB, MB…) as powers of 1024. */
export function parseSize(value: string): number {
  const m = /^(\d+)\s*(?:([kmg])(?:i?b)?)?$/i.exec(value.trim());
  const bytes = m ? Number(m[1]) * SIZE_UNITS[(m[2] ?? '').toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new InvalidArgumentError('a size such as 64M, 512K or 1G (powers of 1024)');
  return bytes;
}

export function addReviewOptions(command: Command): Command {
  // Commander reads `--no-X` as the negation of `--X`; here --no-rule is a list of its own.
  const skipRule = new Option('--no-rule <id>', 'skip this rule (repeatable; an area such as "qapi" skips all of it)').argParser(collect);
  skipRule.negate = false;
  return command
    .argument('[inputs...]', 'files or directories to read; - (or nothing, when piped) reads standard input')
    .addOption(new Option('--rule <id>', 'run only this rule (repeatable; an area such as "qapi" selects all of it)').argParser(collect))
    .addOption(skipRule)
    .option(
      '--config <file>',
      'a JSON config: { "rules": { "<id or area>": "off" | "error" | "warning" | "info" }, "failOn": ..., "exclude": [path patterns] } (default: the nearest .qemu-review.json above --tree, else above the current directory)',
    )
    .option('--no-config', 'read no config file, not even one found')
    .addOption(new Option('--mbox <format>', 'how ">From " lines in mbox files are escaped').choices(['mboxrd', 'mboxo', 'none']).default('mboxrd'))
    .option('--tree <path>', 'a QEMU checkout: apply each series to it in memory and review whole files (never written)')
    .option('--files', 'with --tree: the inputs are files of the tree, reviewed as they stand')
    .option('--qemu-version <x.y>', "the release under development (default: the tree's VERSION, else the date a list mail was sent, else today)")
    .option('--qapi-tests', "also review the QAPI generator's test schemas (tests/qapi-schema/*.json), skipped by default: most are broken on purpose")
    .option('--pulls', 'also review pull requests ([PULL n/m]), skipped by default: the list reviewed their patches already')
    .addOption(new Option('--max-message-size <size>', 'skip (and list) a message larger than this, after gzip decoding (default 64M)').argParser(parseSize));
}

export function addReplyOptions(command: Command): Command {
  return command
    .option('--summary', 'one reply per series, to its cover letter, instead of one per patch')
    .option('--from <address>', 'the sender of the replies (needed to send them)')
    .addOption(new Option('--to <address>', 'send replies to this address instead of the author (repeatable)').argParser(collect))
    .addOption(new Option('--cc <address>', 'Cc this address instead of the original To and Cc (repeatable)').argParser(collect))
    .option('--no-cc', 'Cc nobody')
    .option('--report-to <where>', 'where the footer tells readers to report a false positive (an address or URL)');
}
