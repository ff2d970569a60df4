/** `qemu-review check`: read inputs, review every message, report, and say how it went. */
import type { Rule, Severity } from '../engine/types.js';
import { RuleSelectionError } from '../engine/registry.js';
import { checkInputs, InputError, readInputs } from '../mail/input.js';
import { defaultJobs, reviewMessagesParallel } from '../review/parallel.js';
import { Progress } from './progress.js';
import { reviewFiles } from '../review/files.js';
import { SourceTree } from '../tree/source-tree.js';
import { TreeSession } from '../tree/tree-session.js';
import { statSync } from 'node:fs';
import { chooseRules, ConfigError, loadConfig, selectForRun, type Config } from '../config/config.js';
import { parseAddresses } from '../email/addressing.js';
import { parseSmtpUrl, sendReplies, SmtpUrlError } from '../email/send.js';
import type { OutgoingMail } from '../email/types.js';
import type { Address } from '../mail/types.js';
import { RawMessageTap } from '../report/checkpatch.js';
import type { EmailReportOptions } from '../report/email.js';
import { version } from '../version.js';
import { FORMATS, READS_MAIL } from '../report/formats.js';
import type { Reporter } from '../report/types.js';
import { Tally } from '../report/tally.js';
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
  b4Url?: string;
  /** Worker threads (--jobs); default: one per core. */
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

/** `reply --send`: where the replies go. */
export interface Sending {
  smtp: string | undefined;
}

/** A message whose review takes longer is abandoned (skipped, with the reason) rather than hanging the run. */
const MESSAGE_TIMEOUT_MS = 60_000;

export async function runCheck(inputs: string[], options: CheckOptions, all: readonly Rule[], io: Io, sending?: Sending): Promise<number> {
  // The config chooses first; --rule and --no-rule narrow its choice for this run.
  const config = options.config === undefined ? null : await readConfig(options.config, all);
  const chosen = config ? chooseRules(config, all) : { rules: [...all], severity: {} };
  let rules: Rule[];
  try {
    rules = selectForRun(all, chosen.rules, options.rule, options.noRule, options.config);
  } catch (error) {
    if (error instanceof RuleSelectionError) throw new UsageError(error.message);
    throw error;
  }
  // checkpatch.pl fails on errors only, and b4 reads the exit status that way.
  const failOn = options.failOn ?? config?.failOn ?? (options.format === 'checkpatch' ? 'error' : 'warning');
  const email = replyOptions(options);
  if (sending) {
    if (!sending.smtp) throw new UsageError('--send needs --smtp URL (smtp://host:port or smtps://user:password@host)');
    if (!email.from) throw new UsageError('--send needs --from ADDRESS: replies are not sent in nobody\'s name');
    try {
      parseSmtpUrl(sending.smtp);
    } catch (error) {
      if (error instanceof SmtpUrlError) throw new UsageError(`--smtp: ${error.message}`);
      throw error;
    }
  }
  if (options.qemuVersion !== undefined && !/^\d+\.\d+$/.test(options.qemuVersion)) {
    throw new UsageError(`--qemu-version wants a release such as 10.2, not '${options.qemuVersion}'`);
  }
  const session = options.tree === undefined ? undefined : openTree(options.tree);
  if (options.files && !session) throw new UsageError('--files reviews files of a tree: give the tree with --tree PATH');
  if (!options.files) {
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
  } else if (inputs.length === 0) {
    throw new UsageError('--files needs the paths of the files to review, relative to the tree');
  }

  const outgoing: OutgoingMail[] = [];
  const tap = new RawMessageTap();
  const reporter: Reporter = FORMATS[options.format]!(sending ? { write: () => {} } : io.stdout, {
    color: useColor(options.color, io),
    verbose: options.verbose ?? false,
    rules,
    version: version(),
    email: { ...email, ...(sending ? { onReply: (mail: OutgoingMail) => outgoing.push(mail) } : {}) },
    rawMessage: (index) => tap.bytes(index),
    linesBefore: (index) => tap.linesBefore(index),
    ...(options.b4Url ? { b4Url: options.b4Url } : {}),
  });
  const tally = new Tally();
  const settings = options.qemuVersion === undefined ? {} : { qemuVersion: options.qemuVersion };
  const results = options.files
    ? reviewFiles(session!, inputs, rules, { settings, severity: chosen.severity })
    : reviewMessagesParallel(
        tap.wrap(readInputs(inputs, { escape: options.mbox, stdin: io.stdin })),
        {
          rules,
          settings,
          severity: chosen.severity,
          keepMail: READS_MAIL.has(options.format),
          messageTimeoutMs: MESSAGE_TIMEOUT_MS,
          ...(session ? { session } : {}),
        },
        options.jobs ?? defaultJobs(),
      );
  const progress = (options.progress ?? (io.stderr.isTTY === true && !io.env.CI)) ? new Progress(io.stderr, Progress.totalOf(inputs)) : null;
  for await (const result of results) {
    progress?.update(result);
    tally.add(result);
    reporter.message(result);
    for (const failure of result.failures) {
      io.stderr.write(`qemu-review: internal error in rule ${failure.rule} on message ${result.index + 1} (${result.source}): ${failure.error}\n`);
    }
  }
  progress?.done();
  reporter.end();
  if (sending) return send(outgoing, sending.smtp!, io);
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

/** Sends the replies; one line per mail on stdout, failures on stderr; 1 when any failed. */
async function send(mails: OutgoingMail[], smtp: string, io: Io): Promise<number> {
  const results = await sendReplies(mails, { smtp });
  let failed = 0;
  results.forEach((r, i) => {
    const mail = mails[i]!;
    if (r.ok) io.stdout.write(`sent <${r.messageId}> "${mail.subject.replace(/[\r\n]+/g, ' ')}" to ${r.accepted.join(', ')}\n`);
    else {
      failed++;
      io.stderr.write(`qemu-review: not sent <${r.messageId}> "${mail.subject.replace(/[\r\n]+/g, ' ')}": ${r.error ?? `refused: ${r.rejected.join(', ')}`}\n`);
    }
  });
  if (mails.length === 0) io.stdout.write('no replies to send: no patch had findings\n');
  return failed > 0 ? 1 : 0;
}

async function readConfig(path: string, all: readonly Rule[]): Promise<Config> {
  try {
    return await loadConfig(path, all);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
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
