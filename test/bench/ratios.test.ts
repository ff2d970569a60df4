/** The side-by-side ratios of `npm run bench` and the message counter they use as a yardstick. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countMessages } from '../../src/bench/count-messages.js';
import { readOnly } from '../../src/bench/read-only.js';
import { ratioOf, ratioTable, sideBySide, type RatioRun } from '../../src/bench/ratios.js';
import { repoRoot } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { splitMbox } from '../../src/mail/mbox.js';

const dir = tempDir('qemu-review-ratios-');

describe('countMessages', () => {
  const mbox = readFileSync(join(repoRoot, 'fixtures', 'mail', 'series.mboxrd'));

  it('counts the messages of an mbox as the splitter does, whatever the chunk size', async () => {
    const file = join(dir, 'series.mbox');
    writeFileSync(file, Buffer.concat([mbox, mbox, mbox]));
    let messages = 0;
    for await (const _ of splitMbox(
      (async function* () {
        yield readFileSync(file);
      })(),
    ))
      messages++;
    expect(messages).toBeGreaterThan(3);
    // Chunks of 1 to 7 bytes cut `\nFrom ` at every place it can be cut.
    for (const chunk of [1, 2, 3, 5, 7, 1 << 20]) expect(await countMessages(file, chunk)).toBe(messages);
  });

  it('counts a first line that starts the file, and no `From` inside a line', async () => {
    const file = join(dir, 'two.mbox');
    writeFileSync(
      file,
      'From a@b Mon Jan  1 00:00:00 2024\nSubject: x\n\nsaid From here\n>From quoted\n\nFrom c@d Mon Jan  1 00:00:00 2024\nSubject: y\n\nbody\n',
    );
    expect(await countMessages(file, 4)).toBe(2);
  });
});

describe('readOnly', () => {
  it('reads every message of the archive at each stage, and the diffs of its patches at the last', async () => {
    const file = join(dir, 'series-read.mbox');
    writeFileSync(file, readFileSync(join(repoRoot, 'fixtures', 'mail', 'series.mboxrd')));
    const messages = await countMessages(file);
    expect(await readOnly(file, 'split')).toEqual({ messages, files: 0 });
    expect(await readOnly(file, 'mail')).toEqual({ messages, files: 0 });
    const read = await readOnly(file, 'diff');
    expect(read.messages).toBe(messages);
    expect(read.files).toBeGreaterThan(0);
  });
});

describe('sideBySide', () => {
  it('runs the two commands in turn, after one unmeasured run of each', async () => {
    const log = join(dir, 'order.txt');
    writeFileSync(log, '');
    const append = (letter: string) => ({
      label: letter,
      file: process.execPath,
      args: ['-e', `require('fs').appendFileSync(${JSON.stringify(log)}, '${letter}')`],
    });
    const run = await sideBySide('a against b', append('A'), append('B'), 3);
    expect(readFileSync(log, 'utf8')).toBe('ABABABAB');
    expect(run.subjectMs).toHaveLength(3);
    expect(run.referenceMs).toHaveLength(3);
    expect(run.statuses).toEqual([0, 0, 0]);
  }, 60_000);
});

describe('ratioOf and ratioTable', () => {
  const run: RatioRun = {
    name: 'one patch against node -e 0',
    subject: { label: 'node cli.js check x', file: 'node', args: [] },
    reference: { label: 'node -e 0', file: 'node', args: ['-e', '0'] },
    subjectMs: [120, 90, 300],
    referenceMs: [60, 60, 100],
    statuses: [1, 1, 1],
  };

  it('takes the best run of each and the median of the pairs', () => {
    expect(ratioOf(run)).toEqual({ best: 1.5, median: 2, subjectBestMs: 90, referenceBestMs: 60 });
  });

  it('writes each ratio with the commands that reproduce it', () => {
    const table = ratioTable([run], () => 'at most 1.6×');
    expect(table).toContain(
      '| one patch against node -e 0 | **1.50×** (90 ms against 60 ms) | 2.00× | at most 1.6× | `node cli.js check x` against `node -e 0` |',
    );
  });
});
