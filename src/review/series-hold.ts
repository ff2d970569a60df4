/**
 * Findings that wait for the rest of their series (Problem.seriesUses):
 * the results from the first patch holding one are kept back, in order,
 * until the series ends in the input; then each held finding stands or
 * falls by what the later patches added, and the results go out.  When the
 * input breaks off before the series' last patch, the held findings fall:
 * a series not seen whole cannot tell.
 */
import type { HeldFinding } from '../engine/run.js';
import type { PatchTrace } from '../engine/types.js';
import { usesIn } from '../c/word-uses.js';
import type { MessageResult } from './review.js';
import { continuesRun, type SeriesPlace } from './series-memory.js';
import { compareText } from '../engine/text-order.js';

/** What the hold needs of a reviewed patch: plain data, so that a worker's result carries it across threads. */
export interface SeriesNote {
  /** Where the patch stands in its series: null for a patch of no series. */
  place: SeriesPlace | null;
  trace: PatchTrace | null;
  held: HeldFinding[];
}

/** Results in input order in, the same out with the held findings that stand added; the notes are taken off. */
export async function* holdForSeries(results: AsyncIterable<MessageResult>): AsyncGenerator<MessageResult> {
  const hold = new SeriesHold();
  for await (const result of results) yield* hold.push(result);
  yield* hold.end();
}

interface Reviewed {
  result: MessageResult;
  /** Undefined for a message that is no patch: it neither holds findings nor ends a series. */
  note: SeriesNote | undefined;
}

/** Results kept back at most: a longer "series" is let go, its held findings dropped. */
const MAX_KEPT = 1000;

class SeriesHold {
  private kept: Reviewed[] = [];
  private last: SeriesPlace | null = null;

  /** The results ready to go out after `result`, in input order. */
  push(result: MessageResult): MessageResult[] {
    const { series: note, ...rest } = result;
    const r: Reviewed = { result: rest, note };
    const place = note?.place;
    const out: MessageResult[] = [];
    if (this.kept.length > 0) {
      if (place === undefined || (place !== null && continuesRun(this.last, place))) {
        this.kept.push(r);
        if (place) this.last = place;
        if (place && place.number === place.total) out.push(...this.release(true));
        else if (this.kept.length >= MAX_KEPT) out.push(...this.release(false));
        return out;
      }
      out.push(...this.release(false));
    }
    if (note && note.held.length > 0 && place && place.number < place.total) {
      this.kept = [r];
      this.last = place;
      return out;
    }
    this.kept = [r];
    out.push(...this.release(true));
    return out;
  }

  /** The input ended: whatever is kept goes out, its series unfinished. */
  end(): MessageResult[] {
    return this.release(false);
  }

  private release(whole: boolean): MessageResult[] {
    const kept = this.kept;
    this.kept = [];
    this.last = null;
    kept.forEach((r, i) => {
      if (!whole || !r.note || r.note.held.length === 0) return;
      const stand = r.note.held.filter((h) => {
        let later = 0;
        for (const next of kept.slice(i + 1)) if (next.note?.trace) later += usesIn(next.note.trace.added, h.uses.word);
        return h.uses.own + later === h.uses.total;
      });
      if (stand.length === 0) return;
      const findings = [...r.result.findings, ...stand.map((h) => h.finding)];
      findings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || compareText(a.rule, b.rule));
      r.result.findings = findings;
    });
    return kept.map((r) => r.result);
  }
}
