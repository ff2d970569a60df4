/**
 * `--format email`: review replies as an mbox, one per patch with findings
 * (or, with `summary`, one per series to its cover letter), written as soon
 * as each is ready.  Nothing is sent from here: `onReply` hands every mail
 * to whoever sends them (src/email/send.ts).
 */
import { composeReply, composeSummary } from '../email/compose.js';
import { mboxEntry } from '../email/mbox-out.js';
import { SeriesCollector } from '../email/series.js';
import type { OutgoingMail, ReplyOptions } from '../email/types.js';
import type { MessageResult } from '../review/review.js';
import type { Output, Reporter } from './types.js';

export interface EmailReportOptions extends ReplyOptions {
  /** One summary per series, to the cover letter, instead of a reply per patch. */
  summary?: boolean;
  /** Called with every reply as it is written (to send them once the run is over). */
  onReply?: (mail: OutgoingMail) => void;
}

export class EmailReporter implements Reporter {
  private readonly series: SeriesCollector | null;

  constructor(
    private readonly out: Output,
    private readonly options: EmailReportOptions = {},
  ) {
    this.series = options.summary ? new SeriesCollector((summary) => this.write(composeSummary(summary, options))) : null;
  }

  message(result: MessageResult): void {
    if (this.series) this.series.add(result);
    else this.write(composeReply(result, this.options));
  }

  end(): void {
    this.series?.finish();
  }

  private write(mail: OutgoingMail | null): void {
    if (mail === null) return;
    this.out.write(mboxEntry(mail));
    this.options.onReply?.(mail);
  }
}
