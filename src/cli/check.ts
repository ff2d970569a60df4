/** `qemu-review check`: read inputs, review every message, report, and say how it went. */
import type { Rule, Severity } from '../engine/types.js';
import { readInputs } from '../mail/input.js';
import type { RawMessage, UnreadableInput } from '../mail/types.js';
import { coresOf, reviewMessagesParallel, reviewThreads } from '../review/parallel.js';
import { Progress } from './progress.js';
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
import { Tally } from '../report/tally.js';
// Delivery (policy, outbox, SMTP) is for replies alone: loaded when a run composes them.
import type { Delivery, DeliveryOptions } from './deliver.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';

export interface CheckOptions {
  format: string;
  failOn?: Severity | 'never';
  config?: string;
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
  // checkpatch.pl fails on errors only, and b4 reads the exit status that way.
  const failOn = options.failOn ?? config?.failOn ?? (options.format === 'checkpatch' ? 'error' : 'warning');
  const email = replyOptions(options);
  const delivering = delivery || options.format === 'email' ? await import('./deliver.js') : undefined;
  if (delivery?.send) {
    const { parseSmtpUrl, SmtpUrlError } = await import('../email/send.js');
    if (!delivery.smtp) throw new UsageError('--send needs --smtp URL (smtp://host:port or smtps://user:password@host)');
    if (!email.from) throw new UsageError('--send needs --from ADDRESS: replies are not sent in nobody\'s name');
    try {
      parseSmtpUrl(delivery.smtp);
    } catch (error) {
      if (error instanceof SmtpUrlError) throw new UsageError(`--smtp: ${error.message}`);
      throw error;
    }
  }
  const prepared: Delivery | undefined = delivery && delivering ? delivering.prepareDelivery({ ...delivery, ...(options.tree !== undefined ? { tree: options.tree } : {}) }, io) : undefined;
  if (prepared && prepared.lists.length > 0) email.lists = prepared.lists;
  const settings = runSettings(io, options.qemuVersion, options.qapiTests);
  settings.optIn = runOptIn(run, options.rule, options.tree);
  const session = options.tree === undefined ? undefined : openTree(options.tree);
  if (options.files && !session) throw new UsageError('--files reviews files of a tree: give the tree with --tree PATH');
  if (!options.files) {
    inputs = await inputsOrStdin(inputs, io, 'no input: name mbox, .eml or .patch files, or pipe a mail into standard input');
  } else if (inputs.length === 0) {
    throw new UsageError('--files needs the paths of the files to review, relative to the tree');
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
    ? reviewFiles(session!, inputs, rules, { settings, severity: severity })
    : reviewMessagesParallel(
        tap.wrap(
          health.watch(
            readInputs(inputs, {
              escape: options.mbox,
              stdin: io.stdin,
              ...(options.maxMessageSize !== undefined ? { maxMessageSize: options.maxMessageSize } : {}),
            }),
          ),
        ),
        {
          rules,
          settings,
          severity: severity,
          // The marks across versions read the mail (markRepeatsInStream drops it after).
          keepMail: READS_MAIL.has(options.format) || MARKS_REPEATS.has(options.format),
          messageTimeoutMs: MESSAGE_TIMEOUT_MS,
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
  if (prepared) {
    const sent = await delivering!.deliver(outgoing, prepared, io);
    return unreadable ? 2 : sent;
  }
  if (unreadable) return 2;
  if (failOn === 'never') return 0;
  return tally.atLeast(failOn) > 0 ? 1 : 0;
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
