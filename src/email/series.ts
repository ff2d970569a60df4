/**
 * Gathering the patches of a series as results stream in, for one summary
 * reply per series.  A series is a cover letter (`0/n`) and the patches
 * threaded under it, or, without one, patch 1 and those threaded under it;
 * a patch without `n/m` is a series of its own.  Only what the summary
 * needs is held (the reply target and each patch's rendered section), and a
 * series is let go as soon as all its patches have been seen.
 */
import type { Severity } from '../engine/types.js';
import type { MessageResult } from '../review/review.js';
import { filesOf, findingKey, replyTargetOf, summarySection, type ReplyTarget, type SeriesSummary } from './compose.js';

interface Series {
  source: string;
  version: number;
  /** `m` of `n/m`, once known. */
  total: number | null;
  cover: ReplyTarget | null;
  /** The lowest-numbered patch seen, the reply target when there is no cover letter. */
  first: { number: number; target: ReplyTarget } | null;
  /** Patch 1 threads under nothing, so no cover letter is coming. */
  rootless: boolean;
  numbers: Set<number>;
  sections: Map<number, string[]>;
  reviewed: number;
  counts: Record<Severity, number>;
  /** Files its patches touch and keys of their findings, for the delivery policy and the outbox. */
  files: Set<string>;
  findings: string[];
  /** Keys this series is indexed under, to forget when it is done. */
  keys: string[];
}

export class SeriesCollector {
  private readonly byId = new Map<string, Series>();
  /** Open series in the order they were started (a Set keeps insertion order). */
  private readonly open = new Set<Series>();

  constructor(private readonly emit: (summary: SeriesSummary) => void) {}

  add(result: MessageResult): void {
    const mail = result.mail;
    if (mail === null || mail.subject.isReply) return;
    const counter = mail.subject.counter;
    if (result.status === 'skipped' && result.reason?.kind === 'cover-letter') {
      if (!counter) return;
      const series = this.find(result, [mail.messageId]) ?? this.start(result, counter.total);
      series.cover = replyTargetOf(mail);
      series.total ??= counter.total;
      this.index(series, [mail.messageId]);
      this.settle(series);
      return;
    }
    if (!counter) {
      // A lone patch is its own series, complete at once.
      if (result.status !== 'reviewed') return;
      const series = this.start(result, 1);
      this.record(series, result, 1);
      series.rootless = true;
      this.settle(series);
      return;
    }
    const ancestors = [mail.inReplyTo, ...[...mail.references].reverse()];
    // Its own id comes first: a later patch that arrived earlier may have named it as its parent.
    const series = this.find(result, [mail.messageId, ...ancestors]) ?? this.start(result, counter.total);
    this.index(series, [mail.messageId, ...ancestors]);
    if (counter.index === 1 && mail.inReplyTo === null && mail.references.length === 0) series.rootless = true;
    this.record(series, result, counter.index);
    this.settle(series);
  }

  /** The end of the input: every series still open is summarised, complete or not. */
  finish(): void {
    for (const series of [...this.open]) this.close(series);
  }

  private key(source: string, id: string): string {
    return `${source}\n${id}`;
  }

  /** The open series one of `ids` belongs to, if it is the same version and length as this mail's. */
  private find(result: MessageResult, ids: (string | null)[]): Series | undefined {
    const subject = result.mail!.subject;
    for (const id of ids) {
      if (id === null) continue;
      const series = this.byId.get(this.key(result.source, id));
      if (!series || series.version !== subject.version) continue;
      if (series.total !== null && subject.counter && series.total !== subject.counter.total) continue;
      return series;
    }
    return undefined;
  }

  private start(result: MessageResult, total: number | null): Series {
    const series: Series = {
      source: result.source,
      version: result.mail!.subject.version,
      total,
      cover: null,
      first: null,
      rootless: false,
      numbers: new Set(),
      sections: new Map(),
      reviewed: 0,
      counts: { error: 0, warning: 0, info: 0 },
      files: new Set(),
      findings: [],
      keys: [],
    };
    this.open.add(series);
    return series;
  }

  /** Later patches (and a late cover letter) find the series by any id this mail names. */
  private index(series: Series, ids: (string | null)[]): void {
    for (const id of ids) {
      if (id === null) continue;
      const key = this.key(series.source, id);
      if (this.byId.has(key)) continue;
      this.byId.set(key, series);
      series.keys.push(key);
    }
  }

  private record(series: Series, result: MessageResult, number: number): void {
    const mail = result.mail!;
    series.numbers.add(number);
    if (!series.first || number < series.first.number) series.first = { number, target: replyTargetOf(mail) };
    if (result.status !== 'reviewed') return;
    series.reviewed++;
    if (result.findings.length === 0) return;
    for (const f of result.findings) series.counts[f.severity]++;
    for (const file of filesOf(mail, result.patch)) series.files.add(file);
    series.findings.push(...result.findings.map(findingKey));
    series.sections.set(number, summarySection(mail, result.findings));
  }

  private settle(series: Series): void {
    if (series.total === null || !(series.cover || series.rootless)) return;
    for (let n = 1; n <= series.total; n++) if (!series.numbers.has(n)) return;
    this.close(series);
  }

  private close(series: Series): void {
    this.open.delete(series);
    for (const key of series.keys) if (this.byId.get(key) === series) this.byId.delete(key);
    const target = series.cover ?? series.first?.target;
    if (!target) return;
    this.emit({
      target,
      sections: [...series.sections.entries()].sort(([a], [b]) => a - b).map(([, lines]) => lines),
      reviewed: series.reviewed,
      counts: series.counts,
      files: [...series.files],
      findings: series.findings,
    });
  }
}
