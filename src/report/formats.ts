/**
 * The output formats of `qemu-review check`, by name.  A format is a
 * reporter over the stream of message results (reviewdog's shape): adding
 * one touches no parser, no rule and no other reporter.
 */
import type { Rule } from '../engine/types.js';
import { JsonReporter } from './json.js';
import { TextReporter } from './text.js';
import type { Output, Reporter } from './types.js';

/** What a reporter may need beyond the results: set by the command line. */
export interface ReportSettings {
  color: boolean;
  verbose: boolean;
  /** The rules of the run, for formats that describe them (SARIF). */
  rules: readonly Rule[];
}

export type ReporterFactory = (out: Output, settings: ReportSettings) => Reporter;

export const FORMATS: Record<string, ReporterFactory> = {
  text: (out, s) => new TextReporter(out, { color: s.color, verbose: s.verbose }),
  json: (out) => new JsonReporter(out),
};
