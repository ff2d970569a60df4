/** Voices: findings grouped into what a reviewer says once, and the sentence naming the copies. */
import { describe, expect, it } from 'vitest';
import type { Finding, FindingGroup } from '../../src/engine/types.js';
import { copiesSentence, voicesOf } from '../../src/report/voices.js';

const finding = (line: number, group: string | undefined, more: Partial<Finding> = {}): Finding => ({
  rule: 'qapi/sentence-spacing',
  severity: 'warning',
  messageId: null,
  subject: 's',
  messageIndex: 0,
  file: 'qapi/migration.json',
  line,
  message: 'one space',
  ...(group ? { group } : {}),
  ...more,
});

describe('voices', () => {
  const groups: FindingGroup[] = [
    {
      id: '0-1',
      places: [
        { file: 'qapi/migration.json', line: 939, endLine: 941, owner: 'MigrationParameter' },
        { file: 'qapi/migration.json', line: 1125, endLine: 1127, owner: 'MigrateSetParameters' },
        { file: 'qapi/migration.json', line: 1341, endLine: 1343, owner: 'MigrationParameters' },
      ],
    },
  ];
  const fix = { line: 939, endLine: 941, text: 'fixed' };
  const findings = [
    finding(940, '0-1', { suggestion: fix }),
    finding(941, '0-1', { suggestion: fix }),
    finding(970, undefined, { rule: 'qapi/unstable-feature' }),
    finding(1126, '0-1'),
    finding(1127, '0-1'),
    finding(1342, '0-1'),
    finding(1343, '0-1'),
  ];

  it('puts a group at its first place, with its fix, and its copies apart', () => {
    const voices = voicesOf(findings, groups);
    expect(voices.map((v) => [v.lead.line, v.lead.findings.map((f) => f.line), v.copies.map((c) => c.line)])).toEqual([
      [939, [940, 941], [1125, 1341]],
      [970, [970], []],
    ]);
    expect(voices[0]!.lead.fix).toEqual(fix);
  });

  it('names the copies by definition and lines', () => {
    expect(copiesSentence(voicesOf(findings, groups)[0]!)).toBe(
      'Same in MigrateSetParameters, lines 1126 and 1127, and in MigrationParameters, lines 1342 and 1343.',
    );
    const anonymous = groups.map((g) => ({ ...g, places: g.places.map((p) => ({ ...p, owner: null })) }));
    expect(copiesSentence(voicesOf(findings, anonymous)[0]!)).toBe('Same at lines 1126 and 1127, and at lines 1342 and 1343.');
    expect(copiesSentence(voicesOf(findings, groups)[1]!)).toBe('');
  });
});
