import { describe, expect, it } from 'vitest';
import { JsonReporter } from '../../src/report/json.js';
import type { MessageResult } from '../../src/review/review.js';
import type { Finding } from '../../src/engine/types.js';

const finding = (line: number): Finding => ({
  rule: 'qapi/x',
  severity: 'warning',
  messageId: 'm@x',
  subject: 's',
  messageIndex: 0,
  file: 'qapi/a.json',
  line,
  message: 'm',
});
const result = (index: number, findings: Finding[] = [], extra: Partial<MessageResult> = {}): MessageResult => ({
  index,
  source: 'a.mbox',
  messageId: `m${index}@x`,
  subject: `s${index}`,
  status: 'reviewed',
  findings,
  failures: [],
  mail: null,
  ...extra,
});

function render(results: MessageResult[]): string {
  let text = '';
  const reporter = new JsonReporter({ write: (s) => void (text += s) });
  results.forEach((r) => reporter.message(r));
  reporter.end();
  return text;
}

describe('the JSON document', () => {
  it('is what JSON.stringify(document, null, 2) writes, though written piece by piece', () => {
    const results = [
      result(0, [finding(3), finding(5)]),
      result(1, [], { status: 'skipped', reason: { kind: 'reply', text: 'reply: carries no patch of its own' } }),
      result(2, [], { failures: [{ rule: 'qapi/x', error: 'boom' }] }),
    ];
    const text = render(results);
    const doc = {
      version: 1,
      messages: [
        { index: 0, source: 'a.mbox', messageId: 'm0@x', subject: 's0', status: 'reviewed' },
        { index: 1, source: 'a.mbox', messageId: 'm1@x', subject: 's1', status: 'skipped', reason: 'reply: carries no patch of its own', reasonKind: 'reply' },
        { index: 2, source: 'a.mbox', messageId: 'm2@x', subject: 's2', status: 'reviewed', ruleErrors: [{ rule: 'qapi/x', error: 'boom' }] },
      ],
      findings: [finding(3), finding(5)],
    };
    expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  it('is valid with no messages and with no findings', () => {
    expect(JSON.parse(render([]))).toEqual({ version: 1, messages: [], findings: [] });
    expect(JSON.parse(render([result(0)]))).toMatchObject({ version: 1, findings: [] });
  });
});
