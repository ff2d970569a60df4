/**
 * Series memory: what the earlier patches of a series added and removed,
 * handed to the rules reviewing the next one.  A series is a run of
 * consecutive reviewed patches of one thread, version and length whose
 * numbers go up; anything else (a lone patch, another series, a restart at
 * 1/n) begins a new run.  Tree mode applies patches to the tree by the
 * same runs, so both agree on what "earlier in the series" means.
 *
 * The memory of a patch depends only on the patches before it in the
 * input, so the parallel path can tell whether a worker, which saw only its
 * own batch, reviewed a patch with the memory the sequential path would
 * have given it (SeriesStep.runStart), and review it again when not.
 */
import type { Mail } from '../mail/types.js';
import type { PatchTrace, SeriesMemory } from '../engine/types.js';

/** Which series a mail's patch belongs to, and its number there; null for a patch of no series. */
export interface SeriesPlace {
  key: string;
  number: number;
  /** How many patches the whole series has: the m of `[PATCH n/m]`, or the commits of a pull request. */
  total: number;
  /** Other keys the next patches may carry: a series without a cover letter threads them under this one. */
  aliases?: string[];
}

export function seriesPlaceOf(mail: Mail): SeriesPlace | null {
  const { counter, version } = mail.subject;
  if (!counter) return null;
  const key = (thread: string) => `${thread}|v${version}|${counter.total}`;
  const root = mail.references[0] ?? mail.inReplyTo;
  if (root !== null && root !== undefined) return { key: key(root), number: counter.index, total: counter.total };
  // A series without threading (a directory of format-patch files) is held together by its place;
  // without a cover letter, git send-email threads patches 2..n under patch 1.
  const place: SeriesPlace = { key: key(mail.source.replace(/[^/]*$/, '')), number: counter.index, total: counter.total };
  if (mail.messageId !== null) place.aliases = [key(mail.messageId)];
  return place;
}

/** `next` is the next patch of the series `previous` belongs to. */
export function continuesRun(previous: SeriesPlace | null, next: SeriesPlace | null): boolean {
  if (previous === null || next === null || next.number <= previous.number) return false;
  return next.key === previous.key || (previous.aliases?.includes(next.key) ?? false);
}

/** What reviewing one patch did to the runs: enough to replay them without the mail. */
export interface SeriesStep {
  place: SeriesPlace | null;
  /** Input index of the first patch of the run this patch was reviewed in. */
  runStart: number;
  /** How many keys the memory it was reviewed with held: with none, the run it was in made no difference. */
  remembered: number;
  trace: PatchTrace;
}

/** What the runs remember of the current one: the series' length goes with each patch's place. */
type Remembered = Omit<SeriesMemory, 'length'>;

const sizeOf = (memory: Remembered): number => memory.added.size + memory.removed.size;

const EMPTY: ReadonlySet<string> = new Set();

export class SeriesRuns {
  private place: SeriesPlace | null = null;
  private runStart = -1;
  private memory: Remembered = { added: EMPTY, removed: EMPTY };
  /** Steps taken, by input index, when logged (the parallel worker sends them back). */
  readonly steps = new Map<number, SeriesStep>();

  constructor(private readonly log = false) {}

  /** A copy in the same state, logging nothing. */
  clone(): SeriesRuns {
    const copy = new SeriesRuns();
    copy.place = this.place;
    copy.runStart = this.runStart;
    copy.memory = this.memory;
    return copy;
  }

  /**
   * The memory for the patch at input index `index`: null outside a series.
   * Starts a new run unless the patch continues the current one.
   */
  enter(place: SeriesPlace | null, index: number): SeriesMemory | null {
    if (!continuesRun(this.place, place)) {
      this.runStart = index;
      this.memory = { added: EMPTY, removed: EMPTY };
    }
    this.place = place;
    return place === null ? null : { ...this.memory, length: place.total };
  }

  /** What the patch just entered did. The memory handed out before is left as it was. */
  record(index: number, trace: PatchTrace): void {
    if (this.log) this.steps.set(index, { place: this.place, runStart: this.runStart, remembered: this.place === null ? 0 : sizeOf(this.memory), trace });
    if (this.place === null) return;
    this.memory = {
      added: trace.added.length === 0 ? this.memory.added : new Set([...this.memory.added, ...trace.added]),
      removed: trace.removed.length === 0 ? this.memory.removed : new Set([...this.memory.removed, ...trace.removed]),
    };
  }

  /**
   * Takes the step of a patch reviewed elsewhere (by a worker that saw only
   * part of the input): true when the memory it was reviewed with is the
   * one these runs give it, the same run or both empty.
   */
  replay(step: SeriesStep, index: number): boolean {
    const memory = this.enter(step.place, index);
    const same = this.runStart === step.runStart || (step.remembered === 0 && (memory === null || sizeOf(memory) === 0));
    this.record(index, step.trace);
    return same;
  }
}
