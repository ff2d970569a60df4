/** `qemu-review check`: read inputs, review every message, report, and say how it went. */
import type { Rule, Severity } from '../engine/types.js';
import { RuleSelectionError, selectRules } from '../engine/registry.js';
import { checkInputs, InputError, readInputs } from '../mail/input.js';
import { reviewMessages } from '../review/review.js';
import { FORMATS } from '../report/formats.js';
import type { Reporter } from '../report/types.js';
import { Tally } from '../report/tally.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';

export interface CheckOptions {
  format: string;
  failOn: Severity | 'never';
  rule?: string[];
  noRule?: string[];
  mbox: 'mboxrd' | 'mboxo' | 'none';
  color?: boolean;
  verbose?: boolean;
}

export async function runCheck(inputs: string[], options: CheckOptions, all: readonly Rule[], io: Io): Promise<number> {
  let rules: Rule[];
  try {
    rules = selectRules(all, options.rule, options.noRule);
  } catch (error) {
    if (error instanceof RuleSelectionError) throw new UsageError(error.message);
    throw error;
  }
  if (inputs.length === 0) {
    if (io.stdin.isTTY) throw new UsageError('no input: name mbox, .eml or .patch files, or pipe a mail into standard input');
    inputs = ['-'];
  }
  try {
    await checkInputs(inputs);
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message.replace(/^qemu-review: /, ''));
    throw error;
  }

  const reporter: Reporter = FORMATS[options.format]!(io.stdout, {
    color: useColor(options.color, io),
    verbose: options.verbose ?? false,
    rules,
  });
  const tally = new Tally();
  for await (const result of reviewMessages(readInputs(inputs, { escape: options.mbox, stdin: io.stdin }), rules)) {
    tally.add(result);
    reporter.message(result);
    for (const failure of result.failures) {
      io.stderr.write(`qemu-review: internal error in rule ${failure.rule} on message ${result.index + 1} (${result.source}): ${failure.error}\n`);
    }
  }
  reporter.end();
  if (options.failOn === 'never') return 0;
  return tally.atLeast(options.failOn) > 0 ? 1 : 0;
}

/** --color / --no-color win; otherwise colour on a terminal unless NO_COLOR is set (FORCE_COLOR forces it). */
function useColor(flag: boolean | undefined, io: Io): boolean {
  if (flag !== undefined) return flag;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true;
}
