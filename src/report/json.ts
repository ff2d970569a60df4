/**
 * The stable JSON document other tools read (version 1): one finding per
 * location, findings that make one comment sharing a `group` id.  Messages are
 * written as they come; findings are held and written at the end (they
 * follow the messages in the document).  Nothing builds the whole document
 * as one string, which for a large archive would outgrow V8's string limit.
 */
import type { Finding } from '../engine/types.js';
import type { RuleFailure } from '../engine/run.js';
import type { MessageResult } from '../review/review.js';
import type { SkipKind } from '../review/skip.js';
import type { Output, Reporter } from './types.js';

export type JsonMessage = Pick<MessageResult, 'index' | 'source' | 'messageId' | 'subject' | 'status'> & {
  /** Why a skipped message was not reviewed, in words. */
  reason?: string;
  /** The same as a kind a program can switch on (src/review/skip.ts). */
  reasonKind?: SkipKind;
  /** Files of the patch the config's `exclude` left unreviewed. */
  excluded?: string[];
  /** Rules that failed on this message (a bug in qemu-review). */
  ruleErrors?: RuleFailure[];
};

export interface JsonReport {
  version: 1;
  messages: JsonMessage[];
  findings: Finding[];
}

/** `value` as an element of a top-level array: indented as JSON.stringify(document, null, 2) would. */
const element = (value: unknown): string => `    ${JSON.stringify(value, null, 2).replace(/\n/g, '\n    ')}`;

export class JsonReporter implements Reporter {
  private readonly findings: Finding[] = [];
  private messages = 0;

  constructor(private readonly out: Output) {}

  message(result: MessageResult): void {
    const entry: JsonMessage = {
      index: result.index,
      source: result.source,
      messageId: result.messageId,
      subject: result.subject,
      status: result.status,
    };
    if (result.reason !== undefined) {
      entry.reason = result.reason.text;
      entry.reasonKind = result.reason.kind;
    }
    if (result.excluded !== undefined) entry.excluded = result.excluded;
    if (result.failures.length > 0) entry.ruleErrors = result.failures;
    this.out.write(`${this.messages === 0 ? '{\n  "version": 1,\n  "messages": [\n' : ',\n'}${element(entry)}`);
    this.messages++;
    this.findings.push(...result.findings);
  }

  end(): void {
    this.out.write(this.messages === 0 ? '{\n  "version": 1,\n  "messages": [],\n' : '\n  ],\n');
    if (this.findings.length === 0) {
      this.out.write('  "findings": []\n}\n');
      return;
    }
    this.out.write('  "findings": [\n');
    this.findings.forEach((f, i) => this.out.write(`${i > 0 ? ',\n' : ''}${element(f)}`));
    this.out.write('\n  ]\n}\n');
  }
}
