/**
 * A progress line on stderr for long runs, when stderr is a terminal:
 * messages done, megabytes read (of how many, when the inputs' sizes are
 * known), and speed.  Drawn at most ten times a second, after the first
 * second, so a short run never shows it.
 */
import { statSync } from 'node:fs';
import type { MessageResult } from '../review/review.js';

const REDRAW_MS = 100;
const QUIET_MS = 1000;

export class Progress {
  private readonly started: number;
  private lastDrawn = 0;
  private messages = 0;
  /** Furthest byte reached in each input, from the offsets of its messages. */
  private readonly reached = new Map<string, number>();
  private drawn = false;

  constructor(
    private readonly stream: { write(text: string): void },
    private readonly total: number | null,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  /** The inputs' total size in bytes, when every input is a plain file (a gzip's is not its content's). */
  static totalOf(paths: readonly string[]): number | null {
    let total = 0;
    for (const path of paths) {
      if (path === '-' || /\.gz$/.test(path)) return null;
      try {
        const stat = statSync(path);
        if (!stat.isFile()) return null;
        total += stat.size;
      } catch {
        return null;
      }
    }
    return total;
  }

  update(result: MessageResult): void {
    this.messages++;
    // A result from a worker carries no mail when the format reads none: its offset still counts.
    const offset = result.offset ?? result.mail?.offset;
    if (offset !== undefined) this.reached.set(result.source, Math.max(this.reached.get(result.source) ?? 0, offset));
    const now = this.now();
    if (now - this.started < QUIET_MS || now - this.lastDrawn < REDRAW_MS) return;
    this.lastDrawn = now;
    this.draw(now);
  }

  private draw(now: number, read = [...this.reached.values()].reduce((a, b) => a + b, 0)): void {
    const seconds = (now - this.started) / 1000;
    const mb = (n: number) => (n / 1e6).toFixed(1);
    const of = this.total ? ` of ${mb(this.total)} MB (${Math.min(100, Math.floor((100 * read) / this.total))}%)` : ' MB';
    this.stream.write(`\r\x1b[Kqemu-review: ${this.messages} messages, ${mb(read)}${of}, ${(read / 1e6 / seconds).toFixed(1)} MB/s`);
    this.drawn = true;
  }

  /**
   * Draws the finished state (every input read to its end, which the offsets of messages never
   * reach), so a captured terminal ends at 100%; then clears the line, so the report that
   * follows starts clean.
   */
  done(): void {
    if (!this.drawn) return;
    this.draw(this.now(), this.total ?? undefined);
    this.stream.write('\r\x1b[K');
  }
}
