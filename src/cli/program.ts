/** The command line: `qemu-review check …` and `qemu-review rules`. */
import { Command, CommanderError, Option } from 'commander';
import { rules as allRules } from '../../rules/index.js';
import { checkRules } from '../engine/registry.js';
import { runCheck, type CheckOptions } from './check.js';
import { processIo, type Io } from './io.js';
import { listRules } from './rules.js';
import { UsageError } from './usage-error.js';
import { version } from './version.js';

/** Repeatable option values collect into a list. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function buildProgram(io: Io, setStatus: (status: number) => void): Command {
  const program = new Command('qemu-review')
    .description('Review QEMU patch emails the way a careful QAPI maintainer would')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Set before the subcommands exist: they copy these settings when created.
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  // Commander reads `--no-X` as the negation of `--X`; here --no-rule is a list of its own.
  const skipRule = new Option('--no-rule <id>', 'skip this rule (repeatable; an area such as "qapi" skips all of it)').argParser(collect);
  skipRule.negate = false;

  program
    .command('check')
    .description('review patch mails: mbox (also .gz), .eml/.patch files, directories of them, a bare diff, or - for stdin')
    .argument('[inputs...]', 'files or directories to read; - (or nothing, when piped) reads standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(['error', 'warning', 'info', 'never']).default('warning'))
    .addOption(new Option('--rule <id>', 'run only this rule (repeatable; an area such as "qapi" selects all of it)').argParser(collect))
    .addOption(skipRule)
    .addOption(new Option('--mbox <format>', 'how ">From " lines in mbox files are escaped').choices(['mboxrd', 'mboxo', 'none']).default('mboxrd'))
    .option('--color', 'colour the text output even when not on a terminal')
    .option('--no-color', 'never colour the text output')
    .option('-v, --verbose', 'list every skipped message (replies, cover letters), not only the broken ones')
    .action(async (inputs: string[], opts: CheckOptions) => {
      setStatus(await runCheck(inputs, opts, allRules, io));
    });

  program
    .command('rules')
    .description('list every rule: id, severity, description, and the doc or review it comes from')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action((opts: { format: 'text' | 'json' | 'markdown' }) => {
      io.stdout.write(listRules(allRules, opts.format));
    });

  return program;
}

/** Runs the command line and returns the exit status: 0 clean, 1 findings, 2 usage or input error. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  checkRules(allRules);
  let status = 0;
  const program = buildProgram(io, (s) => (status = s));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // --help and --version end here too, with exit code 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      io.stderr.write(`qemu-review: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  return status;
}
