/** `qemu-review check`: read inputs, review every message, report, and say how it went. */
import type { Rule, Severity } from '../engine/types.js';
import { readInputs } from '../mail/input.js';
import type { RawMessage, UnreadableInput } from '../mail/types.js';
import { coresOf, reviewMessagesParallel, reviewThreads } from '../review/parallel.js';
import { Progress } from './progress.js';
import { tightenHeapInLongRuns } from './long-run-heap.js';
import { markRepeatsInStream } from '../followup/repeats.js';
import { reviewFiles } from '../review/files.js';
import { SourceTree } from '../tree/source-tree.js';
import { TreeSession } from '../tree/tree-session.js';
import { statSync } from 'node:fs';
import { inputsOrStdin, runOptIn, runRules, runSettings } from './run-setup.js';
import { parseAddresses } from '../email/addressing.js';
import type { OutgoingMail } from '../email/types.js';
import type { Address } from '../mail/types.js';
import { RawMessageTap } from '../report/checkpatch.js';
import type { EmailReportOptions } from '../report/email.js';
import { version } from '../version.js';
import { FORMATS, MARKS_REPEATS, READS_MAIL } from '../report/formats.js';
import type { Reporter } from '../report/types.js';
import { plural, Tally } from '../report/tally.js';
import { isRoutineKind, skipCounts } from '../review/skip.js';
// Delivery (policy, outbox, SMTP) is for replies alone: loaded when a run composes them.
import type { Delivery, DeliveryOptions } from './deliver.js';
import type { Io } from './io.js';
import { UsageError, usageWarning } from './usage-error.js';

export interface CheckOptions {
  format: string;
  failOn?: Severity | 'never';
  config?: string | false;
  rule?: string[];
  noRule?: string[];
  mbox: 'mboxrd' | 'mboxo' | 'none';
  color?: boolean;
  verbose?: boolean;
  tree?: string;
  files?: boolean;
  qemuVersion?: string;
  /** Read tests/qapi-schema/*.json as QAPI schemas too (--qapi-tests). */
  qapiTests?: boolean;
  /** Review `[PULL …]` mails too (--pulls). */
  pulls?: boolean;
  b4Url?: string;
  /** --max-message-size, in bytes; default DEFAULT_MAX_MESSAGE_SIZE. */
  maxMessageSize?: number;
  /** Worker threads (--jobs); default and limit: see reviewThreads. */
  jobs?: number;
  /** Show the progress line (--progress / --no-progress); default: when stderr is a terminal. */
  progress?: boolean;
  /** --allow-empty: input with nothing to review (a cover letter alone) passes instead of exiting 2. */
  allowEmpty?: boolean;
  // Replies (--format email, and `reply`).
  summary?: boolean;
  from?: string;
  to?: string[];
  /** The addresses given with --cc, or false for --no-cc. */
  cc?: string[] | false;
  reportTo?: string;
}

/** A message whose review takes longer is abandoned (skipped, with the reason) rather than hanging the run. */
const MESSAGE_TIMEOUT_MS = 60_000;

/**
 * `delivery` is set for `reply`: the replies then go through the delivery
 * policy and the outbox once the review is done (sent with --send, printed
 * otherwise) instead of streaming out as an mbox.
 */
export async function runCheck(inputs: string[], options: CheckOptions, all: readonly Rule[], io: Io, delivery?: DeliveryOptions): Promise<number> {
  const run = await runRules(options, all);
  const { config, rules, severity } = run;
  for (const warning of [...run.passedOver, ...ignoredByFormat(options)]) io.stderr.write(usageWarning(warning));
  // checkpatch.pl fails on errors only, and b4 reads the exit status that way.
  const failOn = options.failOn ?? config?.failOn ?? (options.format === 'checkpatch' ? 'error' : 'warning');
  const email = replyOptions(options);
  const delivering = delivery || options.format === 'email' ? await import('./deliver.js') : undefined;
  if (delivery?.send) {
    const { parseSmtpUrl, SmtpUrlError } = await import('../email/send.js');
    if (!delivery.smtp) throw new UsageError('--send needs --smtp URL (smtp://host:port or smtps://user:password@host)');
    if (!email.from) throw new UsageError("--send needs --from ADDRESS: replies are not sent in nobody's name");
    try {
      parseSmtpUrl(delivery.smtp);
    } catch (error) {
      if (error instanceof SmtpUrlError) throw new UsageError(`--smtp: ${error.message}`);
      throw error;
    }
  }
  const prepared: Delivery | undefined =
    delivery && delivering ? delivering.prepareDelivery({ ...delivery, ...(options.tree !== undefined ? { tree: options.tree } : {}) }, io) : undefined;
  if (prepared && prepared.lists.length > 0) email.lists = prepared.lists;
  const settings = runSettings(io, options.qemuVersion, options.qapiTests);
  settings.optIn = runOptIn(run, options.rule, options.tree);
  const session = options.tree === undefined ? undefined : openTree(options.tree);
  if (options.files && !session) throw new UsageError('--files reviews files of a tree: give the tree with --tree PATH');
  if (!options.files) {
    inputs = await inputsOrStdin(inputs, io, 'no input: name mbox, .eml or .patch files, or pipe a mail into standard input');
  } else if (inputs.length === 0) {
    throw new UsageError('--files needs the paths of the files to review, in the tree');
  }

  const outgoing: OutgoingMail[] = [];
  const tap = new RawMessageTap();
  const onReply = (mail: OutgoingMail): void => {
    delivering!.reportComposed(mail, io);
    if (prepared) outgoing.push(mail);
  };
  const reporter: Reporter = (await FORMATS[options.format]!())(prepared ? { write: () => {} } : io.stdout, {
    color: useColor(options.color, io),
    verbose: options.verbose ?? false,
    rules,
    version: version(),
    email: { ...email, onReply },
    rawMessage: (index) => tap.bytes(index),
    linesBefore: (index) => tap.linesBefore(index),
    ...(options.b4Url ? { b4Url: options.b4Url } : {}),
  });
  // A report of many messages goes out in blocks, not a write per message and per finding.
  if (!prepared) io.stdout.holdWrites?.();
  const tally = new Tally();
  const health = new InputHealth();
  const reviewed = options.files
    ? reviewFiles(session!, inputs, rules, { settings, severity: severity, ...(config?.exclude ? { exclude: config.exclude } : {}) })
    : reviewMessagesParallel(
        tap.wrap(
          health.watch(
            tightenHeapInLongRuns(
              readInputs(inputs, {
                escape: options.mbox,
                // Only `-` reads it (see Io.stdin).
                ...(inputs.includes('-') ? { stdin: io.stdin } : {}),
                ...(options.maxMessageSize !== undefined ? { maxMessageSize: options.maxMessageSize } : {}),
              }),
            ),
          ),
        ),
        {
          rules,
          settings,
          severity: severity,
          // The marks across versions read the mail (markRepeatsInStream drops it after).
          keepMail: READS_MAIL.has(options.format) || MARKS_REPEATS.has(options.format),
          messageTimeoutMs: MESSAGE_TIMEOUT_MS,
          ...(config?.exclude ? { exclude: config.exclude } : {}),
          ...(options.pulls ? { pulls: true } : {}),
          ...(session ? { session } : {}),
        },
        reviewThreads(options.jobs, coresOf(io.env), Progress.totalOf(inputs)),
      );
  // Files of a tree have no versions; mails may hold an earlier version of a patch.
  const results = options.files || !MARKS_REPEATS.has(options.format) ? reviewed : markRepeatsInStream(reviewed, { keepMail: READS_MAIL.has(options.format) });
  const progress = (options.progress ?? (io.stderr.isTTY === true && !io.env.CI)) ? new Progress(io.stderr, Progress.totalOf(inputs), io.now) : null;
  for await (const result of results) {
    io.stdout.throwIfFailed?.();
    progress?.update(result);
    tally.add(result);
    reporter.message(result);
    for (const failure of result.failures) {
      io.stderr.write(`qemu-review: internal error in rule ${failure.rule} on message ${result.index + 1} (${result.source}): ${failure.error}\n`);
    }
  }
  progress?.done();
  reporter.end();
  // A file that gave nothing to review because it could not be read is an input error, not a
  // clean run; one read in part keeps its review, and says what was lost.
  let unreadable = false;
  for (const { source, error, partial } of health.failures()) {
    if (partial) io.stderr.write(`qemu-review: '${source}' was read only in part: ${error}\n`);
    else io.stderr.write(`qemu-review: cannot read '${source}': ${error}\n`);
    unreadable ||= !partial;
  }
  // A run that reviewed nothing must not read as a clean one; the reason is the one line said.
  const nothing = unreadable ? null : nothingChecked(tally, inputs, options.allowEmpty === true);
  if (nothing !== null) io.stderr.write(`qemu-review: nothing checked: ${nothing}\n`);
  if (prepared) {
    const sent = await delivering!.deliver(outgoing, prepared, io);
    return unreadable || nothing !== null ? 2 : sent;
  }
  if (unreadable || nothing !== null) return 2;
  if (failOn === 'never') return 0;
  return tally.atLeast(failOn) > 0 ? 1 : 0;
}

/**
 * Why the run reviewed nothing, or null when it reviewed something (or, with
 * --allow-empty, met only mails that are no patch: a cover letter, a reply).
 * A message that could not be reviewed is never a pass.
 */
function nothingChecked(tally: Tally, inputs: readonly string[], allowEmpty: boolean): string | null {
  if (tally.reviewed > 0) return null;
  const routine = [...tally.skipKinds.keys()].every(isRoutineKind);
  if (allowEmpty && routine) return null;
  if (tally.skipped === 0) {
    const named = inputs.map((i) => (i === '-' ? 'standard input' : `'${i}'`));
    return `${named.join(', ')} ${named.length === 1 ? 'holds' : 'hold'} no mail`;
  }
  const pass = routine ? '; --allow-empty makes that a pass' : '';
  return `no patch to review in the input (${plural(tally.skipped, 'message')} skipped: ${skipCounts(tally.skipKinds)})${pass}`;
}

/** Options that only some formats read, and which formats those are. */
const FORMAT_OPTIONS: { flag: string; given: (o: CheckOptions) => boolean; formats: readonly string[] }[] = [
  { flag: '--summary', given: (o) => o.summary === true, formats: ['email'] },
  { flag: '--from', given: (o) => o.from !== undefined, formats: ['email'] },
  { flag: '--to', given: (o) => o.to !== undefined, formats: ['email'] },
  { flag: '--cc', given: (o) => Array.isArray(o.cc), formats: ['email'] },
  { flag: '--no-cc', given: (o) => o.cc === false, formats: ['email'] },
  { flag: '--report-to', given: (o) => o.reportTo !== undefined, formats: ['email'] },
  { flag: '--b4-url', given: (o) => o.b4Url !== undefined, formats: ['b4-review', 'b4'] },
  { flag: '--color', given: (o) => o.color === true, formats: ['text'] },
  { flag: '--no-color', given: (o) => o.color === false, formats: ['text'] },
  { flag: '--verbose', given: (o) => o.verbose === true, formats: ['text'] },
];

/** One warning per option given that the chosen format never reads: a silent no-op hides a typo'd intent. */
function ignoredByFormat(options: CheckOptions): string[] {
  return FORMAT_OPTIONS.filter(({ given, formats }) => given(options) && !formats.includes(options.format)).map(
    ({ flag, formats }) => `${flag} is ignored by --format ${options.format} (it is for --format ${formats[0]})`,
  );
}

/** What --from, --to, --cc/--no-cc, --summary and --report-to ask of the replies. */
function replyOptions(options: CheckOptions): EmailReportOptions {
  const one = (flag: string, text: string): Address => {
    const [address] = parseAddresses(text);
    if (!address) throw new UsageError(`${flag} '${text}' is not an email address`);
    return address;
  };
  const email: EmailReportOptions = {};
  if (options.summary) email.summary = true;
  if (options.from !== undefined) email.from = one('--from', options.from);
  if (options.to) email.to = options.to.map((t) => one('--to', t));
  if (options.cc === false) email.noCc = true;
  else if (options.cc) email.cc = options.cc.map((c) => one('--cc', c));
  if (options.reportTo !== undefined) email.reportTo = options.reportTo;
  return email;
}

function openTree(path: string): TreeSession {
  let tree: SourceTree;
  try {
    tree = new SourceTree(path);
  } catch {
    throw new UsageError(`cannot read the tree '${path}': no such directory`);
  }
  if (!statSync(tree.root).isDirectory()) throw new UsageError(`--tree '${path}' is not a directory`);
  return new TreeSession(tree);
}

/** --color / --no-color win; otherwise colour on a terminal unless NO_COLOR is set (FORCE_COLOR forces it). */
function useColor(flag: boolean | undefined, io: Io): boolean {
  if (flag !== undefined) return flag;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true;
}

/** Which inputs failed to read, and whether anything of them was read before. */
class InputHealth {
  private readonly read = new Set<string>();
  private readonly failed: { source: string; error: string }[] = [];

  async *watch(inputs: AsyncIterable<RawMessage | UnreadableInput>): AsyncGenerator<RawMessage | UnreadableInput> {
    for await (const input of inputs) {
      if (!('error' in input) || input.tooLarge) this.read.add(input.source);
      else this.failed.push({ source: input.source, error: input.error });
      yield input;
    }
  }

  failures(): { source: string; error: string; partial: boolean }[] {
    return this.failed.map((f) => ({ ...f, partial: this.read.has(f.source) }));
  }
}
