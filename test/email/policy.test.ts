/**
 * The parts of the delivery policy on their own: MAINTAINERS patterns as
 * the file's legend defines them (and on QEMU's own file), strict policy
 * files, the most cautious of several matching policies, and the outbox.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeReply } from '../../src/email/compose.js';
import { covers, parseMaintainers, patternRegex } from '../../src/maintainers/maintainers.js';
import { Outbox, OutboxError, outboxKey } from '../../src/email/outbox.js';
import { decide, parsePolicy, PolicyError } from '../../src/email/policy.js';
import type { OutgoingMail } from '../../src/email/types.js';
import type { Mail } from '../../src/mail/types.js';
import { hunkDiff, mailWith } from '../support/patches.js';
import { hasShared, shared } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

describe('MAINTAINERS', () => {
  it('reads patterns as the legend says', () => {
    const dir = patternRegex('drivers/net/');
    expect(['drivers/net/a.c', 'drivers/net/x/b.c'].every((f) => dir.test(f))).toBe(true);
    expect(dir.test('drivers/network.c')).toBe(false);
    const flat = patternRegex('drivers/net/*');
    expect([flat.test('drivers/net/a.c'), flat.test('drivers/net/x/b.c')]).toEqual([true, false]);
    const any = patternRegex('*/net/*');
    expect([any.test('hw/net/e1000.c'), any.test('hw/x/net/e1000.c'), any.test('net/a.c')]).toEqual([true, false, false]);
    const plain = patternRegex('scripts/qapi');
    expect([plain.test('scripts/qapi'), plain.test('scripts/qapi/parser.py'), plain.test('scripts/qapi-gen.py')]).toEqual([true, true, false]);
    expect(patternRegex('a.c').test('abc')).toBe(false);
  });

  it('keeps sections by title with their lists, skipping the legend and headings', () => {
    const sections = parseMaintainers('Title\n=====\n\n\tF:\tdrivers/net/\n\nGroup\n-----\n\nNet\nM: A <a@x.org>\nL: net@x.org\nF: net/\nX: net/slirp/\n');
    expect(sections.map((s) => [s.name, s.lists])).toEqual([['Net', ['net@x.org']]]);
    expect([covers(sections[0]!, 'net/a.c'), covers(sections[0]!, 'net/slirp/b.c')]).toEqual([true, false]);
  });

  it.skipIf(!hasShared)("on QEMU's own file: the QAPI schema belongs to 'QAPI Schema', not to 'QAPI'", () => {
    const sections = parseMaintainers(readFileSync(shared('qemu', '10.0.13', 'MAINTAINERS'), 'utf8'));
    const named = (n: string) => sections.find((s) => s.name === n)!;
    expect(covers(named('QAPI Schema'), 'qapi/migration.json')).toBe(true);
    expect(covers(named('QAPI'), 'qapi/migration.json')).toBe(false);
    expect(covers(named('QAPI'), 'scripts/qapi/parser.py')).toBe(true);
    expect(named('All patches CC here').lists).toEqual(['qemu-devel@nongnu.org']);
    expect(sections.filter((s) => covers(s, 'qapi/migration.json')).map((s) => s.name)).toContain('Migration');
  });
});

describe('policy files', () => {
  const bad = (json: unknown): string => {
    try {
      parsePolicy(JSON.stringify(json), 'p.json');
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('refuses what could widen who gets mail', () => {
    expect(bad({ policies: [] })).toBe('p.json: "policies" must be a non-empty array');
    expect(bad({ policies: [{ recipients: 'author' }] })).toBe('p.json: policies[0] names no "lists" and no "sections": it would apply to every mail');
    expect(bad({ policies: [{ lists: ['l@x.org'], recipients: 'everyone' }] })).toMatch(
      /recipients must be one of nobody, author, author\+list, author\+list\+cc$/,
    );
    expect(bad({ policies: [{ lists: ['l@x.org'], delay: '1 week' }] })).toMatch(/delay must be a duration/);
    expect(bad({ policy: [] })).toMatch(/unknown key "policy"/);
    expect(() => parsePolicy('{', 'p.json')).toThrow(/^p\.json: not JSON/);
  });

  it('reads durations and defaults', () => {
    const p = parsePolicy(
      JSON.stringify({
        policies: [
          { lists: ['L@X.org'], delay: '1.5h' },
          { sections: ['S'], delay: 30 },
        ],
      }),
      '/etc/p.json',
    );
    expect(p.policies.map((x) => [x.name, x.recipients, x.delayMs, x.lists])).toEqual([
      ['l@x.org', 'author', 5_400_000, ['l@x.org']],
      ['S', 'author', 30_000, []],
    ]);
  });
});

describe('decide', () => {
  const patch = (over: Partial<Mail>): OutgoingMail => {
    const base = mailWith(hunkDiff('hw/foo.c', [{ start: 1, lines: ['+int x;'] }]));
    const mail: Mail = {
      ...base,
      messageId: 'p@x.org',
      date: new Date('2026-01-01T00:00:00Z'),
      from: { name: '', address: 'ada@x.org' },
      to: [{ name: '', address: 'list@x.org' }],
      cc: [{ name: '', address: 'bob@x.org' }],
      ...over,
    };
    const patchLine = mail.body.split('\n').indexOf('+int x;') + 1;
    return composeReply(
      {
        index: 0,
        source: 's',
        messageId: mail.messageId,
        subject: mail.subject.raw,
        status: 'reviewed',
        failures: [],
        mail,
        findings: [
          { rule: 'c/x', severity: 'warning', messageId: mail.messageId, subject: '', messageIndex: 0, file: 'hw/foo.c', line: 1, message: 'm', patchLine },
        ],
      },
      { from: { name: '', address: 'bot@x.org' } },
    )!;
  };
  const context = { sections: parseMaintainers('Foo\nF: hw/foo.c\n'), lists: ['list@x.org'], now: new Date('2026-01-03T00:00:00Z') };

  it('the fewest recipients and the longest delay of all matching policies', () => {
    const policy = parsePolicy(
      JSON.stringify({
        policies: [
          { lists: ['list@x.org'], recipients: 'author+list+cc', delay: '3d' },
          { sections: ['Foo'], recipients: 'author+list', delay: '1h' },
          { lists: ['other@x.org'], recipients: 'nobody' },
        ],
      }),
      'p',
    );
    expect(decide(patch({}), policy, context)).toEqual({ kind: 'hold', until: new Date('2026-01-04T00:00:00Z'), policies: ['list@x.org', 'Foo'] });
    const later = decide(patch({}), policy, { ...context, now: new Date('2026-01-05T00:00:00Z') });
    expect(later).toMatchObject({ kind: 'send', to: [{ address: 'ada@x.org' }], cc: [{ address: 'list@x.org' }] });
    const silenced = parsePolicy(
      JSON.stringify({
        policies: [
          { lists: ['list@x.org'], recipients: 'author+list+cc' },
          { sections: ['Foo'], recipients: 'nobody' },
        ],
      }),
      'p',
    );
    expect(decide(patch({}), silenced, context)).toEqual({ kind: 'skip', reason: 'policy Foo sends to nobody' });
  });

  it('a mail dated in the future counts as written now', () => {
    const policy = parsePolicy(JSON.stringify({ policies: [{ lists: ['list@x.org'], delay: '1h' }] }), 'p');
    expect(decide(patch({ date: new Date('2030-01-01T00:00:00Z') }), policy, context)).toMatchObject({ kind: 'hold', until: new Date('2026-01-03T01:00:00Z') });
  });
});

describe('the outbox', () => {
  it('writes every state to disk, and reads back the last one per reply', () => {
    const dir = tempDir('qr-outbox-');
    const key = outboxKey({ messageId: 'p@x.org', findings: ['b', 'a'] });
    expect(key).toBe(outboxKey({ messageId: 'p@x.org', findings: ['a', 'b'] }));
    expect(key).not.toBe(outboxKey({ messageId: 'p@x.org', findings: ['a'] }));
    const outbox = Outbox.openForSending(dir);
    outbox.set({ key, state: 'pending', reviewed: 'p@x.org', reply: 'r@x.org', to: ['a@x.org'], at: 't0' });
    outbox.set({ key, state: 'sending', reviewed: 'p@x.org', reply: 'r@x.org', to: ['a@x.org'], at: 't1' });
    expect(Outbox.read(dir).get(key)?.state).toBe('sending');
    outbox.close();
    expect(() => Outbox.read(dir).set({ key, state: 'sent', reviewed: null, reply: 'r', to: [], at: 't' })).toThrow(/read-only/);
    writeFileSync(join(dir, 'outbox.jsonl'), 'not json\n');
    expect(() => Outbox.read(dir)).toThrow(OutboxError);
  });

  it('ignores a last line torn by a crash, and compacts the file when a run opens it', () => {
    const dir = tempDir('qr-outbox-');
    const record = (state: string) => JSON.stringify({ key: 'k', state, reviewed: 'p@x.org', reply: 'r@x.org', to: [], at: 't' });
    writeFileSync(join(dir, 'outbox.jsonl'), `${record('pending')}\n${record('sending')}\n{"key":"k","state":"se`);
    expect(Outbox.read(dir).get('k')?.state).toBe('sending');
    const outbox = Outbox.openForSending(dir);
    expect(readFileSync(join(dir, 'outbox.jsonl'), 'utf8')).toBe(`${record('sending')}\n`);
    outbox.set({ key: 'k2', state: 'sent', reviewed: null, reply: 'r2', to: [], at: 't' });
    outbox.close();
    expect(readFileSync(join(dir, 'outbox.jsonl'), 'utf8').split('\n')).toHaveLength(3);
    expect(Outbox.read(dir).get('k2')?.state).toBe('sent');
  });
});
