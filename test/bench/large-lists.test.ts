/**
 * The bench's list patches read back as the schema they mean to add, and each
 * gives the rules the load its name promises. No timing here: the figures are `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { largeListMail, type ListKind } from '../../src/bench/large-lists.js';
import { parseMail } from '../../src/mail/parse.js';
import { readPatch } from '../../src/patch/read-patch.js';
import { reviewPatch } from '../../src/engine/run.js';
import { rules } from '../../rules/index.js';

async function findingsByRule(kind: ListKind, count: number): Promise<Record<string, number>> {
  const mail = await parseMail({ index: 0, source: 'bench', offset: 0, bytes: largeListMail(kind, count) });
  const byRule: Record<string, number> = {};
  for (const f of reviewPatch(readPatch(mail), rules, { settings: { qemuVersion: '11.0' } }).findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return byRule;
}

describe('the QAPI list patches of the benchmark', () => {
  it('are clean schemas where the list is the only load', async () => {
    for (const kind of ['one-line enum', 'one-line struct', 'struct, a member a line'] as const) expect(await findingsByRule(kind, 30)).toEqual({});
  });

  it('give the doc rules a finding an entry where they are meant to', async () => {
    expect(await findingsByRule('documented members', 30)).toEqual({ 'qapi/doc-line-width': 30, 'qapi/unstable-feature': 30, 'qapi/x-prefix': 30 });
    expect(await findingsByRule('doc paragraph', 30)).toEqual({ 'qapi/doc-line-width': 30, 'qapi/sentence-spacing': 30 });
    expect(await findingsByRule('prose member list', 30)).toEqual({ 'qapi/doc-line-width': 1, 'qapi/member-list-order': 1 });
  });
});
