/**
 * The reply to one patch: quotes trimmed around each finding, comments
 * under them, suggestions behind `| `, and never a line that patchew or b4
 * could take for a trailer, whatever the findings say.
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeReply, replyBody } from '../../src/email/compose.js';
import { looksLikeTrailer } from '../../src/email/trailer-guard.js';
import { PLACEHOLDER_FROM } from '../../src/email/types.js';
import { COMMIT_MESSAGE, type Finding } from '../../src/engine/types.js';
import type { Mail } from '../../src/mail/types.js';
import type { MessageResult } from '../../src/review/review.js';
import { hunkDiff, mailWith } from '../support/patches.js';

/** A patch with two hunks in one file and one in another, 40-odd lines of body. */
const DIFF =
  hunkDiff('hw/foo.c', [
    {
      start: 10,
      lines: [
        ' int a;',
        ' int b;',
        ' int c;',
        ' int d;',
        '+int added_one;',
        '+int added_two;',
        ' int e;',
        ' int f;',
        ' int g;',
        ' int h;',
        '+int added_three;',
        ' int i;',
      ],
    },
    { start: 60, lines: [' x();', ' y();', '-old();', '+new_call();', ' z();'] },
  ]) + hunkDiff('qapi/foo.json', [{ start: 5, lines: ['+# @a: first line', '+#     second line', ' ##'] }]);

function patchMail(over: Partial<Mail> = {}): Mail {
  return {
    ...mailWith(DIFF, { subject: '[PATCH v2 2/3] hw/foo: add things', message: 'Add things.\n\nMore words here.' }),
    messageId: 'patch-2@example.org',
    references: ['cover@example.org'],
    inReplyTo: 'cover@example.org',
    from: { name: 'Ada Example', address: 'ada@example.org' },
    to: [{ name: '', address: 'qemu-devel@nongnu.org' }],
    cc: [
      { name: 'Bot', address: 'bot@example.org' },
      { name: 'Ada Again', address: 'ADA@example.org' },
      { name: 'Maint', address: 'maint@example.org' },
    ],
    ...over,
  };
}

/** The 1-based body line holding `text` exactly. */
function bodyLine(mail: Mail, text: string): number {
  const i = mail.body.split('\n').indexOf(text);
  if (i < 0) throw new Error(`no line "${text}" in the body`);
  return i + 1;
}

function finding(mail: Mail, text: string, over: Partial<Finding>): Finding {
  return {
    rule: 'c/test',
    severity: 'warning',
    messageId: mail.messageId,
    subject: mail.subject.raw,
    messageIndex: 0,
    file: 'hw/foo.c',
    line: 1,
    message: 'something is off',
    patchLine: bodyLine(mail, text),
    ...over,
  };
}

/** The finding with no line of the mail to point at. */
function withoutPatchLine({ patchLine: _patchLine, ...rest }: Finding): Finding {
  return rest;
}

function result(mail: Mail, findings: Finding[]): MessageResult {
  return { index: 0, source: 'test.mbox', messageId: mail.messageId, subject: mail.subject.raw, status: 'reviewed', findings, failures: [], mail };
}

const bodyOf = (raw: string): string[] => raw.slice(raw.indexOf('\n\n') + 2).split('\n');

describe('replyBody', () => {
  const mail = patchMail();
  const findings = [
    // Given out of order: the reply follows the patch.
    finding(mail, '+new_call();', { line: 61, message: 'new_call() is deprecated', rule: 'c/deprecated' }),
    finding(mail, '+int added_two;', { line: 15, message: 'two is a bad name', rule: 'c/names' }),
    finding(mail, '+int added_one;', {
      line: 14,
      message: 'one is a bad name',
      rule: 'c/names',
      suggestion: { line: 14, endLine: 15, text: 'int first;\nint second;' },
    }),
    finding(mail, '+int added_one;', { line: 14, column: 5, message: 'int wants a comment', rule: 'c/comments' }),
  ];
  const lines = replyBody(mail, findings, { version: '9.9.9' });
  const text = lines.join('\n');

  it('opens with who wrote the patch and quotes each file header once', () => {
    expect(lines[0]).toBe('Ada Example <ada@example.org> writes:');
    expect(lines.filter((l) => l === '> diff --git a/hw/foo.c b/hw/foo.c')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('> @@ '))).toHaveLength(2);
  });

  it('quotes the lines of a place once, with the comments under them, in patch order', () => {
    const expected = [
      '> @@ -10,9 +10,12 @@',
      '[...]',
      '>  int b;',
      '>  int c;',
      '>  int d;',
      '> +int added_one;',
      '> +int added_two;',
      '',
      'One is a bad name.  [c/names, line 14]',
      '',
      'Int wants a comment.  [c/comments, line 14]',
      '',
      'Two is a bad name.  [c/names, line 15]',
      '',
      'Suggest:',
      '',
      '    | int first;',
      '    | int second;',
      '',
      '[...]',
      '> @@ -57,4 +60,4 @@',
      '>  x();',
      '>  y();',
      '> -old();',
      '> +new_call();',
      '',
      // An identifier keeps its case.
      'new_call() is deprecated.  [c/deprecated, line 61]',
    ].join('\n');
    expect(text).toContain(expected);
  });

  it('trims: only lines near findings are quoted, and skipped lines are marked', () => {
    const quoted = lines.filter((l) => l.startsWith('>'));
    expect(quoted.length).toBeLessThan(mail.body.split('\n').length / 2);
    expect(text).not.toContain('added_three');
    expect(text).not.toContain('qapi/foo.json');
    expect(lines.slice(-5, -3)).toEqual(['[...]', '']);
  });

  it('ends with a two-line signature after "-- "', () => {
    expect(lines.slice(-3)).toEqual([
      '-- ',
      'Sent by qemu-review 9.9.9, a program, not a human reviewer.',
      'False positive?  Please reply to this mail and say so.',
    ]);
    expect(replyBody(mail, findings, { reportTo: 'https://example.org/issues' }).at(-1)).toBe(
      'False positive?  Please report it at https://example.org/issues',
    );
    expect(replyBody(mail, findings, { reportTo: 'qemu-review@example.org' }).at(-1)).toBe('False positive?  Please tell qemu-review@example.org');
  });

  it('wraps its prose at 72 columns', () => {
    const long = finding(mail, '+int added_three;', { line: 20, message: `${'word '.repeat(40)}end` });
    const prose = replyBody(mail, [long]).filter((l) => !l.startsWith('>'));
    expect(prose.every((l) => l.length <= 72)).toBe(true);
    expect(prose.filter((l) => /^word/i.test(l)).length).toBeGreaterThan(2);
  });

  it('says what a finding about the whole mail is before any quote, and quotes the commit message for its lines', () => {
    const general: Finding = { ...finding(mail, 'Add things.', {}), file: COMMIT_MESSAGE, line: 1, message: 'the mail is odd', rule: 'patch/odd' };
    delete general.patchLine;
    const commit = finding(mail, 'More words here.', { file: COMMIT_MESSAGE, line: 5, message: 'say why', rule: 'commit/why' });
    const body = replyBody(mail, [commit, general]);
    expect(body.slice(0, 8)).toEqual([
      'Ada Example <ada@example.org> writes:',
      '',
      'The mail is odd.  [patch/odd]',
      '',
      '> Add things.',
      '>',
      '> More words here.',
      '',
    ]);
    expect(body[8]).toBe('Say why.  [commit/why, commit message line 5]');
  });

  it('quotes a long finding by its head and tail', () => {
    const many = Array.from({ length: 30 }, (_, i) => `+line ${i};`);
    const big = patchMail({ body: mailWith(hunkDiff('hw/big.c', [{ start: 1, lines: many }])).body });
    const f = finding(big, '+line 0;', { file: 'hw/big.c', line: 1, endLine: 30, message: 'too long' });
    const quoted = replyBody(big, [f]).filter((l) => l.startsWith('> +line'));
    expect(quoted.length).toBe(14);
    expect(quoted.at(-1)).toBe('> +line 29;');
  });
});

describe('composeReply', () => {
  const now = () => new Date(Date.UTC(2026, 10, 20, 8, 0, 0));

  it('threads under the patch, to the author, Cc everyone else but the sender, once each', async () => {
    const mail = patchMail();
    const reply = composeReply(result(mail, [finding(mail, '+new_call();', { line: 61 })]), {
      from: { name: 'Bot', address: 'bot@example.org' },
      now,
      version: '9.9.9',
    })!;
    const parsed = await simpleParser(reply.raw);
    expect(parsed.subject).toBe('Re: [PATCH v2 2/3] hw/foo: add things');
    expect(parsed.inReplyTo).toBe('<patch-2@example.org>');
    expect(parsed.references).toEqual(['<cover@example.org>', '<patch-2@example.org>']);
    expect(parsed.messageId).toBe(`<${reply.messageId}>`);
    expect(reply.messageId).toMatch(/@example\.org$/);
    expect(parsed.from?.value).toEqual([{ name: 'Bot', address: 'bot@example.org' }]);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : []).toEqual([{ name: 'Ada Example', address: 'ada@example.org' }]);
    expect(reply.cc.map((a) => a.address)).toEqual(['qemu-devel@nongnu.org', 'maint@example.org']);
    expect(parsed.headers.get('x-mailer')).toBe('qemu-review 9.9.9');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('content-transfer-encoding')).toBe('8bit');
    expect(parsed.date?.toISOString()).toBe('2026-11-20T08:00:00.000Z');
    expect(parsed.text).toContain('Ada Example <ada@example.org> writes:');
  });

  it('overrides To and Cc, drops the Cc, and uses a placeholder sender that cannot be delivered to', () => {
    const mail = patchMail();
    const r = result(mail, [finding(mail, '+new_call();', { line: 61 })]);
    const to = [{ name: 'Maintainer', address: 'm@example.org' }];
    expect(composeReply(r, { to, cc: [{ name: '', address: 'list@example.org' }] })).toMatchObject({ to, cc: [{ address: 'list@example.org' }] });
    const alone = composeReply(r, { noCc: true })!;
    expect(alone.cc).toEqual([]);
    expect(alone.raw).not.toMatch(/^Cc:/m);
    expect(alone.from).toEqual(PLACEHOLDER_FROM);
    expect(alone.from.address).toMatch(/\.invalid$/);
  });

  it('does not stack Re:, has nothing to say without findings, and goes unthreaded without a Message-ID', () => {
    const mail = patchMail({ subject: { ...patchMail().subject, raw: 'RE: [PATCH] again' } });
    const f = finding(mail, '+new_call();', { line: 61 });
    expect(composeReply(result(mail, [f]))!.subject).toBe('RE: [PATCH] again');
    expect(composeReply(result(mail, []))).toBeNull();
    const unsent = composeReply(result(patchMail({ messageId: null, references: [], inReplyTo: null }), [f]))!;
    expect(unsent.inReplyTo).toBeNull();
    expect(unsent.raw).not.toMatch(/^(In-Reply-To|References):/m);
  });

  it('writes no line that reads as a trailer, whatever the findings, names and suggestions hold', async () => {
    const mail = patchMail({ from: { name: 'Reviewed-by: Evil', address: 'evil@example.org' }, subject: { ...patchMail().subject, raw: 'Acked-by: me' } });
    const hostile = [
      finding(mail, '+int added_one;', {
        line: 14,
        message: 'Signed-off-by: Mallory <m@example.org>\nReviewed-by: Mallory <m@example.org>',
        suggestion: { line: 14, endLine: 14, text: 'Reviewed-by: Mallory <m@example.org>\n  Tested-by: x\nBased-on: <id>' },
      }),
      finding(mail, '+new_call();', { line: 61, message: `${'x '.repeat(33)}Acked-by: Mallory <m@example.org> Supersedes: <old@x>`, rule: 'reported-by:/x' }),
      { ...withoutPatchLine(finding(mail, 'Add things.', {})), file: COMMIT_MESSAGE, message: 'Suggested-by: nobody' },
    ];
    const reply = composeReply(result(mail, hostile), { reportTo: 'Reviewed-by: someone' })!;
    const lines = reply.raw.split('\n');
    const body = bodyOf(reply.raw);
    expect(body.filter((l) => !l.startsWith('>') && looksLikeTrailer(l))).toEqual([]);
    // The same check over header and body, independent of our own guard: the generic pattern and patchew's tags.
    for (const line of lines.filter((l) => !l.startsWith('>'))) {
      expect(line).not.toMatch(/^\s*[A-Za-z-]+-by:/i);
      expect(line).not.toMatch(/^\s*(based-on|supersedes):/i);
    }
    expect(reply.raw).toContain('| Reviewed-by: Mallory <m@example.org>');
    expect((await simpleParser(reply.raw)).subject).toBe('Re: Acked-by: me');
  });
});
