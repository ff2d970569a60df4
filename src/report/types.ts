/** What every reporter implements: results arrive one message at a time, the end comes once. */
import type { MessageResult } from '../review/review.js';

export interface Reporter {
  message(result: MessageResult): void;
  /** Everything has been reported: write what was held back (a JSON document, the summary). */
  end(): void;
}

export interface Output {
  write(text: string): void;
}
