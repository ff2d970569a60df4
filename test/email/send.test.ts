/**
 * Sending through a real SMTP server on 127.0.0.1: what it receives is the
 * reply as composed, threaded, with the envelope going to To and Cc.
 */
import { simpleParser } from 'mailparser';
import type { SMTPServerOptions } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { composeReply } from '../../src/email/compose.js';
import { parseSmtpUrl, sendReplies, SmtpUrlError } from '../../src/email/send.js';
import type { OutgoingMail } from '../../src/email/types.js';
import type { Finding } from '../../src/engine/types.js';
import type { MessageResult } from '../../src/review/review.js';
import { hunkDiff, mailWith } from '../support/patches.js';
import { smtpServer } from '../support/smtp.js';

/** A server on a random port that keeps what it is sent, and lets a client log in without TLS. */
const listen = (options: Partial<SMTPServerOptions> = {}) => smtpServer({ allowInsecureAuth: true, ...options });

function reply(from = { name: 'Review Bot', address: 'bot@example.org' }): OutgoingMail {
  const base = mailWith(hunkDiff('hw/foo.c', [{ start: 10, lines: [' int a;', '+int grüße;', ' int b;'] }]), { subject: '[PATCH v3 1/2] hw/foo: greet' });
  const mail = {
    ...base,
    messageId: 'patch-1@example.org',
    inReplyTo: 'cover@example.org',
    references: ['cover@example.org'],
    from: { name: 'Ada Example', address: 'ada@example.org' },
    to: [{ name: '', address: 'qemu-devel@nongnu.org' }],
    cc: [{ name: 'Maint', address: 'maint@example.org' }],
  };
  const patchLine = mail.body.split('\n').indexOf('+int grüße;') + 1;
  const finding: Finding = {
    rule: 'c/names',
    severity: 'warning',
    messageId: mail.messageId,
    subject: mail.subject.raw,
    messageIndex: 0,
    file: 'hw/foo.c',
    line: 11,
    message: 'a name with an umlaut',
    patchLine,
  };
  const result: MessageResult = {
    index: 0,
    source: 'x.mbox',
    messageId: mail.messageId,
    subject: mail.subject.raw,
    status: 'reviewed',
    findings: [finding],
    failures: [],
    mail,
  };
  return composeReply(result, { from })!;
}

describe('sendReplies', () => {
  it('delivers the reply as composed, threaded, to To and Cc, logging in with the URL credentials', async () => {
    const { port, received } = await listen({
      onAuth(auth, _session, callback) {
        if (auth.username === 'bot@example.org' && auth.password === 'p@ss:word') callback(null, { user: auth.username });
        else callback(new Error('bad credentials'));
      },
    });
    const mail = reply();
    const results = await sendReplies([mail], { smtp: `smtp://bot%40example.org:p%40ss%3Aword@127.0.0.1:${port}` });
    expect(results).toEqual([expect.objectContaining({ messageId: mail.messageId, ok: true, rejected: [] })]);
    expect(results[0]!.accepted.sort()).toEqual(['ada@example.org', 'maint@example.org', 'qemu-devel@nongnu.org']);

    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.user).toBe('bot@example.org');
    expect(got.from).toBe('bot@example.org');
    expect(got.to.sort()).toEqual(['ada@example.org', 'maint@example.org', 'qemu-devel@nongnu.org']);
    const parsed = await simpleParser(got.data);
    expect(parsed.messageId).toBe(`<${mail.messageId}>`);
    expect(parsed.inReplyTo).toBe('<patch-1@example.org>');
    expect(parsed.references).toEqual(['<cover@example.org>', '<patch-1@example.org>']);
    expect(parsed.subject).toBe('Re: [PATCH v3 1/2] hw/foo: greet');
    expect(parsed.text).toBe(mail.raw.slice(mail.raw.indexOf('\n\n') + 2));
    expect(parsed.text).toContain('> +int grüße;');
  });

  it('reports a refused recipient and still delivers to the others', async () => {
    const { port, received } = await listen({
      onRcptTo(address, _session, callback) {
        callback(address.address === 'maint@example.org' ? Object.assign(new Error('no such user'), { responseCode: 550 }) : null);
      },
    });
    const [result] = await sendReplies([reply()], { smtp: `smtp://127.0.0.1:${port}` });
    expect(result).toMatchObject({ ok: true, rejected: ['maint@example.org'] });
    expect(received[0]!.to.sort()).toEqual(['ada@example.org', 'qemu-devel@nongnu.org']);
  });

  it('speaks TLS from the start for smtps://', async () => {
    const { port, received } = await listen({ secure: true, disabledCommands: [] });
    const [result] = await sendReplies([reply()], { smtp: `smtps://127.0.0.1:${port}`, allowSelfSigned: true });
    expect(result!.ok).toBe(true);
    expect(received).toHaveLength(1);
  });

  it('refuses the placeholder sender without connecting, and a failing server fails each mail, not the run', async () => {
    const { port, received } = await listen();
    const [placeholder] = await sendReplies([reply({ name: 'qemu-review', address: 'set-your-address@qemu-review.invalid' })], {
      smtp: `smtp://127.0.0.1:${port}`,
    });
    expect(placeholder).toMatchObject({ ok: false, error: expect.stringContaining('placeholder') });
    expect(received).toHaveLength(0);

    const closed = await sendReplies([reply(), reply()], { smtp: 'smtp://127.0.0.1:1', timeoutMs: 2000 });
    expect(closed.map((r) => r.ok)).toEqual([false, false]);
    expect(closed[0]!.error).toBeTruthy();
  });

  it('takes only smtp:// and smtps:// URLs', () => {
    expect(parseSmtpUrl('smtps://u:p@mail.example.org')).toEqual({ host: 'mail.example.org', secure: true, auth: { user: 'u', pass: 'p' } });
    expect(parseSmtpUrl('smtp://[::1]:2525')).toEqual({ host: '::1', port: 2525, secure: false });
    expect(() => parseSmtpUrl('http://example.org')).toThrow(SmtpUrlError);
    expect(() => parseSmtpUrl('mail.example.org')).toThrow(SmtpUrlError);
  });
});

describe('a failure after the whole message was handed over', () => {
  it('is uncertain (it may have been delivered); a refused connection or a refusal by the server is not', async () => {
    // The server takes the message and never answers the final dot.
    const { port, received } = await listen({
      onData(stream, _session, _callback) {
        stream.resume();
        stream.on('end', () => received.push({ from: '', to: [], data: Buffer.alloc(0) }));
      },
    });
    const [silent] = await sendReplies([reply()], { smtp: `smtp://127.0.0.1:${port}`, timeoutMs: 1500 });
    expect(received).toHaveLength(1);
    expect(silent).toMatchObject({ ok: false, uncertain: true });

    const [refusedConnection] = await sendReplies([reply()], { smtp: 'smtp://127.0.0.1:9', timeoutMs: 1500 });
    expect(refusedConnection!.ok).toBe(false);
    expect(refusedConnection!.uncertain).toBeUndefined();

    const refusing = await listen({
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('spam'), { responseCode: 554 })));
      },
    });
    const [refusedMessage] = await sendReplies([reply()], { smtp: `smtp://127.0.0.1:${refusing.port}` });
    expect(refusedMessage!.ok).toBe(false);
    expect(refusedMessage!.uncertain).toBeUndefined();
  }, 20_000);
});
