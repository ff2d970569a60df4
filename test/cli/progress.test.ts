import { afterEach, describe, expect, it, vi } from 'vitest';
import { Progress } from '../../src/cli/progress.js';
import type { MessageResult } from '../../src/review/review.js';
import type { Mail } from '../../src/mail/types.js';

const result = (offset: number): MessageResult =>
  ({ index: 0, source: 'a.mbox', messageId: null, subject: '', status: 'reviewed', findings: [], failures: [], mail: { offset } as Mail }) as MessageResult;

afterEach(() => vi.useRealTimers());

describe('the progress line', () => {
  it('stays quiet for the first second, then says how far and how fast, and clears itself', () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    let out = '';
    const progress = new Progress({ write: (s) => void (out += s) }, 10_000_000);
    progress.update(result(1_000_000));
    expect(out).toBe('');
    vi.setSystemTime(2000);
    progress.update(result(5_000_000));
    expect(out).toBe('\r\x1b[Kqemu-review: 2 messages, 5.0 of 10.0 MB (50%), 2.5 MB/s');
    out = '';
    vi.setSystemTime(4000);
    progress.done();
    expect(out).toBe('\r\x1b[Kqemu-review: 2 messages, 10.0 of 10.0 MB (100%), 2.5 MB/s\r\x1b[K');
  });
});
