/** The stable JSON document other tools read (version 1). */
import type { Finding } from '../engine/types.js';
import type { RuleFailure } from '../engine/run.js';
import type { MessageResult } from '../review/review.js';
import type { Output, Reporter } from './types.js';

export type JsonMessage = Pick<MessageResult, 'index' | 'source' | 'messageId' | 'subject' | 'status' | 'reason'> & {
  /** Rules that failed on this message (a bug in qemu-review). */
  ruleErrors?: RuleFailure[];
};

export interface JsonReport {
  version: 1;
  messages: JsonMessage[];
  findings: Finding[];
}

export class JsonReporter implements Reporter {
  private readonly messages: JsonMessage[] = [];
  private readonly findings: Finding[] = [];

  constructor(private readonly out: Output) {}

  message(result: MessageResult): void {
    const entry: JsonMessage = {
      index: result.index,
      source: result.source,
      messageId: result.messageId,
      subject: result.subject,
      status: result.status,
    };
    if (result.reason !== undefined) entry.reason = result.reason;
    if (result.failures.length > 0) entry.ruleErrors = result.failures;
    this.messages.push(entry);
    this.findings.push(...result.findings);
  }

  end(): void {
    const report: JsonReport = { version: 1, messages: this.messages, findings: this.findings };
    this.out.write(`${JSON.stringify(report, null, 2)}\n`);
  }
}
