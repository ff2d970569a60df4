/**
 * The output formats of `qemu-review check`, by name.  A format is a
 * reporter over the stream of message results (reviewdog's shape): adding
 * one touches no parser, no rule and no other reporter.
 */
import type { Rule } from '../engine/types.js';
import type { EmailReportOptions } from './email.js';
import type { Output, Reporter } from './types.js';

/** What a reporter may need beyond the results: set by the command line. */
export interface ReportSettings {
  color: boolean;
  verbose: boolean;
  /** The rules of the run, for formats that describe them (SARIF). */
  rules: readonly Rule[];
  /** qemu-review's version, named by SARIF and email (default: package.json's). */
  version?: string;
  /** Email replies (--format email): sender, recipients, --summary, and a hook to send them. */
  email?: EmailReportOptions;
  /** The bytes of message `index` as read (checkpatch counts the input's lines): RawMessageTap.bytes. */
  rawMessage?: (index: number) => Uint8Array | undefined;
  /** Input lines above those bytes: RawMessageTap.linesBefore. */
  linesBefore?: (index: number) => number;
  /** A page b4 shows under each result (--format b4-review); none by default. */
  b4Url?: string;
}

export type ReporterFactory = (out: Output, settings: ReportSettings) => Reporter;

/** Formats that read the parsed mail of a result (to quote it, reply to it, or count its lines). */
export const READS_MAIL: ReadonlySet<string> = new Set(['sarif', 'checkpatch', 'b4-review', 'b4', 'email']);

/**
 * Formats that say when a finding was already reported on an earlier
 * version in the input (Finding.seenIn); the others keep one result per
 * finding as their consumers expect, and stream without waiting for it.
 */
export const MARKS_REPEATS: ReadonlySet<string> = new Set(['text', 'json', 'sarif', 'email']);

const b4Review = async (): Promise<ReporterFactory> => {
  const { B4Reporter } = await import('./b4.js');
  return (out, s) => new B4Reporter(out, s.b4Url ? { url: s.b4Url } : {});
};

/**
 * Each format's reporter, loaded when a run asks for that format: a run prints one format, and
 * the others (email composition above all) would only slow down its start.
 */
export const FORMATS: Record<string, () => Promise<ReporterFactory>> = {
  text: async () => {
    const { TextReporter } = await import('./text.js');
    return (out, s) => new TextReporter(out, { color: s.color, verbose: s.verbose });
  },
  json: async () => {
    const { JsonReporter } = await import('./json.js');
    return (out) => new JsonReporter(out);
  },
  sarif: async () => {
    const { SarifReporter } = await import('./sarif.js');
    return (out, s) => new SarifReporter(out, { rules: s.rules, ...(s.version ? { version: s.version } : {}) });
  },
  checkpatch: async () => {
    const { CheckpatchReporter } = await import('./checkpatch.js');
    return (out, s) =>
      new CheckpatchReporter(out, { ...(s.rawMessage ? { rawMessage: s.rawMessage } : {}), ...(s.linesBefore ? { linesBefore: s.linesBefore } : {}) });
  },
  // What b4 review's check commands read; `b4` is the name it had first, kept for configs that use it.
  'b4-review': b4Review,
  b4: b4Review,
  email: async () => {
    const { EmailReporter } = await import('./email.js');
    return (out, s) => new EmailReporter(out, { ...(s.version ? { version: s.version } : {}), ...s.email });
  },
};
