/**
 * Fuzz cases: a few real mails, mutated, framed the way inputs come (an mboxrd archive, a single
 * .eml, a gzip archive, cut short or not), written to a file, with the number of messages the
 * reader must find in it.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Random } from '../bench/random.js';
import { mboxrdEntry } from '../bench/mail-writer.js';
import { isBlankLine, isHeaderFieldLine } from '../mail/header-line.js';
import { readInputs } from '../mail/input.js';
import { mutate } from './mutators.js';

export interface SeedMail {
  source: string;
  bytes: Buffer;
}

export type Framing = 'mboxrd' | 'eml' | 'gzip' | 'gzip-truncated';

export interface FuzzCase {
  id: number;
  seed: number;
  path: string;
  framing: Framing;
  bytes: number;
  /** What was done to each mail, e.g. `0001-simple-patch.mbox: truncate+flip-bytes`. */
  mails: string[];
  /**
   * How many messages the reader must report (reviewed or skipped, unreadable ones included),
   * from the framing alone; null where it cannot be told without reading (a cut gzip stream).
   */
  expectedMessages: number | null;
}

/** Every message of the seed inputs (mbox files give several). */
export async function loadSeeds(dirs: readonly string[]): Promise<SeedMail[]> {
  const files = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => !name.startsWith('.') && !/\.(md|txt)$/i.test(name))
      .map((name) => join(dir, name))
      .filter((path) => statSync(path).isFile()),
  );
  const seeds: SeedMail[] = [];
  for await (const m of readInputs(files)) if ('bytes' in m && !m.bareDiff) seeds.push({ source: m.source, bytes: m.bytes });
  return seeds;
}

function firstLine(bytes: Buffer): Buffer {
  const lf = bytes.indexOf(0x0a);
  return lf < 0 ? bytes : bytes.subarray(0, lf + 1);
}

function isWhitespace(bytes: Buffer): boolean {
  for (const c of bytes) if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  return true;
}

/**
 * Messages an mboxrd archive of these mails holds by the splitter's rule: the first entry always
 * starts one (its envelope line is content at worst); a later entry only when its first line is
 * a header field, otherwise it continues the message before.
 */
export function mboxMessageCount(mails: readonly Buffer[]): number {
  let count = 0;
  mails.forEach((mail, i) => {
    const first = firstLine(mail);
    const header = first.length > 0 && !isBlankLine(first) && isHeaderFieldLine(first);
    if (i === 0 || header) count++;
  });
  return count;
}

/** Builds case `id` from the seeds, deterministically from `seed`, and writes it under `dir`. */
export function buildCase(id: number, seed: number, seeds: readonly SeedMail[], dir: string): FuzzCase {
  const random = new Random(seed);
  const framing = random.weighted<Framing>([
    ['mboxrd', 70],
    ['eml', 20],
    ['gzip', 6],
    ['gzip-truncated', 4],
  ]);
  const count = framing === 'eml' ? 1 : random.int(1, 4);
  const mails: Buffer[] = [];
  const notes: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = random.pick(seeds);
    const { bytes, applied } = random.chance(0.9) ? mutate(base.bytes, random) : { bytes: base.bytes, applied: ['none'] };
    mails.push(bytes);
    notes.push(`${base.source.split('/').pop()}: ${applied.join('+')}`);
  }
  let data: Buffer;
  let expected: number | null;
  if (framing === 'eml') {
    data = mails[0]!;
    // A single file that opens with `From ` is read as an mbox, which its body may cut: not told here.
    expected = isWhitespace(data) ? 0 : /^(\r?\n)*From /.test(data.subarray(0, 4096).toString('latin1')) ? null : 1;
  } else {
    data = Buffer.concat(mails.map((m) => mboxrdEntry(m)));
    expected = mboxMessageCount(mails);
    if (framing === 'gzip') data = gzipSync(data);
    if (framing === 'gzip-truncated') {
      const gz = gzipSync(data);
      data = gz.subarray(0, random.int(10, Math.max(10, gz.length - 1)));
      expected = null;
    }
  }
  const path = join(dir, `case-${id}.${framing === 'eml' ? 'eml' : framing.startsWith('gzip') ? 'mbox.gz' : 'mbox'}`);
  writeFileSync(path, data);
  return { id, seed, path, framing, bytes: data.length, mails: notes, expectedMessages: expected };
}
