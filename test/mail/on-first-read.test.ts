import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onFirstRead } from '../../src/mail/on-first-read.js';
import { parseMail } from '../../src/mail/parse.js';
import { repoRoot } from '../support/shared.js';

describe('onFirstRead', () => {
  it('works the value out once, on the first read, and keeps it as a plain property', () => {
    let made = 0;
    const target: { a: number; list: string[]; z: number } = { a: 1, list: [], z: 2 };
    onFirstRead(target, 'list', () => {
      made++;
      return ['x'];
    });
    expect(made).toBe(0);
    expect(target.list).toEqual(['x']);
    expect(target.list).toBe(target.list);
    expect(made).toBe(1);
    expect(Object.getOwnPropertyDescriptor(target, 'list')).toEqual({ value: ['x'], writable: true, enumerable: true, configurable: true });
  });

  it('keeps the key in its place, for spreads and JSON, which read it', () => {
    const target = { a: 1, list: [] as string[], z: 2 };
    onFirstRead(target, 'list', () => ['y']);
    expect(Object.keys(target)).toEqual(['a', 'list', 'z']);
    expect(JSON.stringify(target)).toBe('{"a":1,"list":["y"],"z":2}');
    const fresh = { a: 1, list: [] as string[] };
    onFirstRead(fresh, 'list', () => ['w']);
    expect({ ...fresh }).toEqual({ a: 1, list: ['w'] });
  });

  it('lets an assignment before the first read win, without working anything out', () => {
    const target = { list: [] as string[] };
    onFirstRead(target, 'list', () => {
      throw new Error('not to be made');
    });
    target.list = ['set'];
    expect(target.list).toEqual(['set']);
  });
});

describe('parseMail: To and Cc', () => {
  it('parses them when first read, to what they say', async () => {
    const bytes = readFileSync(join(repoRoot, 'fixtures', 'mail', 'series-1.eml'));
    const mail = await parseMail({ index: 0, source: 'series-1.eml', offset: 0, bytes });
    for (const key of ['to', 'cc'] as const) expect(Object.getOwnPropertyDescriptor(mail, key)?.get, key).toBeTypeOf('function');
    expect(mail.to.length + mail.cc.length).toBeGreaterThan(0);
    for (const a of [...mail.to, ...mail.cc]) expect(a.address).toMatch(/@/);
    expect(Object.getOwnPropertyDescriptor(mail, 'to')?.get).toBeUndefined();
  });
});
