/** Counting results for summaries and the exit status. */
import type { Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import type { MessageResult } from '../review/review.js';
import type { SkipKind } from '../review/skip.js';

export class Tally {
  reviewed = 0;
  skipped = 0;
  /** Files of reviewed patches the config's `exclude` left out. */
  excluded = 0;
  readonly bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  /** Skipped messages by kind, in the order each kind was first seen. */
  readonly skipKinds = new Map<SkipKind, number>();

  add(result: MessageResult): void {
    if (result.status === 'reviewed') this.reviewed++;
    else {
      this.skipped++;
      // A skipped result always has its reason; one without is the review's own failing.
      const kind = result.reason?.kind ?? 'internal-error';
      this.skipKinds.set(kind, (this.skipKinds.get(kind) ?? 0) + 1);
    }
    this.excluded += result.excluded?.length ?? 0;
    for (const f of result.findings) this.bySeverity[f.severity]++;
  }

  /** Findings at or above `level`. */
  atLeast(level: Severity): number {
    return SEVERITIES.slice(SEVERITIES.indexOf(level)).reduce((n, s) => n + this.bySeverity[s], 0);
  }
}

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;
