import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitMbox } from '../../src/mail/mbox.js';
import { runCli } from '../support/run-cli.js';
import { hasShared, shared } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

const example = 'fixtures/example.patch';

/** The mails of an mbox written to stdout, parsed back. */
async function mailsOf(mbox: string) {
  const out = [];
  for await (const m of splitMbox(
    (async function* () {
      yield Buffer.from(mbox);
    })(),
  ))
    out.push(await simpleParser(m.bytes));
  return out;
}

describe('qemu-review reply (no sending)', () => {
  it('prints one threaded reply per patch with findings, as an mbox', async () => {
    const { status, stdout, stderr } = await runCli(['reply', '--from', 'Rev Iewer <rev@example.org>', '--state-dir', tempDir('qr-reply-'), example]);
    expect(status).toBe(0);
    // The dry run says on stderr to whom each reply would go, and that --send wants a policy.
    expect(stderr).toMatch(
      /^qemu-review: would send <[^>]+> "Re: \[PATCH v2 3\/5\] qapi: add migration knob state-handover" to ada@example.org\nqemu-review: dry run: --send would refuse without a delivery policy \(--policy FILE\)\n$/,
    );
    const [reply, ...rest] = await mailsOf(stdout);
    expect(rest).toEqual([]);
    expect(reply!.subject).toBe('Re: [PATCH v2 3/5] qapi: add migration knob state-handover');
    expect(reply!.to).toMatchObject({ value: [{ address: 'ada@example.org' }] });
    expect(reply!.from).toMatchObject({ value: [{ address: 'rev@example.org' }] });
    expect(reply!.text).toContain('> +# @vhost-user-blk: Hand the vhost-user-blk backend state over to the destination. The');
    expect(reply!.text!.split('\n').some((l) => /^[A-Za-z-]+-by:/i.test(l))).toBe(false);
  });

  it('--summary: one reply for the series, to its cover letter', async () => {
    const { stdout } = await runCli(['reply', '--summary', '--from', 'rev@example.org', 'fixtures/email/series.mbox']);
    const mails = await mailsOf(stdout);
    expect(mails.map((m) => [m.subject, m.inReplyTo])).toEqual([['Re: [PATCH 0/2] qapi: query the bar', '<20261119090000.100-1-ada@example.org>']]);
    expect(mails[0]!.text).toContain('[PATCH 1/2] qapi: add query-bar');
    expect(mails[0]!.text).toContain('[PATCH 2/2] qapi: add query-baz');
  });

  it('--send without --smtp or --from is a usage error', async () => {
    expect(await runCli(['reply', '--send', example])).toMatchObject({
      status: 2,
      stderr: 'qemu-review: --send needs --smtp URL (smtp://host:port or smtps://user:password@host)\n',
    });
    expect((await runCli(['reply', '--send', '--smtp', 'smtp://127.0.0.1:1', example])).stderr).toMatch(/--send needs --from ADDRESS/);
    expect((await runCli(['reply', '--send', '--smtp', 'http://x', '--from', 'a@b.org', example])).stderr).toMatch(
      /^qemu-review: --smtp: 'http:' is not an SMTP URL/,
    );
  });

  it('an unusable address is a usage error', async () => {
    expect((await runCli(['reply', '--from', 'not an address', example])).status).toBe(2);
  });
});

describe('qemu-review reply --send, to a real SMTP server', () => {
  const received: { from: string; to: string[]; raw: Buffer }[] = [];
  let server: SMTPServer;
  let port = 0;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: (session.envelope.mailFrom as { address: string }).address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
          });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as { port: number }).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.skipIf(!hasShared)('sends the seed review threaded into its thread, to the author and the Cc list', async () => {
    received.length = 0;
    const dir = tempDir('qr-reply-');
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ policies: [{ lists: ['qemu-devel@nongnu.org'], recipients: 'author+list+cc' }] }));
    const { status, stdout, stderr } = await runCli([
      'reply',
      '--send',
      '--smtp',
      `smtp://127.0.0.1:${port}`,
      '--from',
      'Rev Iewer <rev@example.org>',
      '--policy',
      policy,
      '--state-dir',
      dir,
      shared('seed', 'v6-16-19-original.eml'),
    ]);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toMatch(
      /^sent <[^>]+> "Re: \[PATCH v6 16\/19\] qapi: add interface for backend-transfer virtio-net\/tap migration" to vsementsov@yandex-team.ru, /,
    );
    expect(received).toHaveLength(1);
    const mail = await simpleParser(received[0]!.raw);
    expect(mail.inReplyTo).toBe('<20250923100110.70862-17-vsementsov@yandex-team.ru>');
    expect(mail.subject).toBe('Re: [PATCH v6 16/19] qapi: add interface for backend-transfer virtio-net/tap migration');
    expect(received[0]!.from).toBe('rev@example.org');
    expect(received[0]!.to).toEqual(expect.arrayContaining(['vsementsov@yandex-team.ru', 'mst@redhat.com', 'qemu-devel@nongnu.org', 'armbru@redhat.com']));
    expect(mail.text).toContain('> +#define QAPI_LIST_CONTAINS(list, el)');
  });

  it('says which mails were not sent, exit 1', async () => {
    const dir = tempDir('qr-reply-');
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ policies: [{ lists: ['qemu-devel@nongnu.org'] }] }));
    const patch = join(dir, 'sent.patch');
    writeFileSync(patch, readFileSync(example, 'utf8').replace(/^(Subject: .*)$/m, '$1\nMessage-ID: <knob@example.org>\nTo: qemu-devel@nongnu.org'));
    const dead = await runCli(['reply', '--send', '--smtp', 'smtp://127.0.0.1:9', '--from', 'rev@example.org', '--policy', policy, '--state-dir', dir, patch]);
    expect(dead.status).toBe(1);
    expect(dead.stderr).toMatch(/^qemu-review: not sent <[^>]+> "Re: \[PATCH v2 3\/5\] qapi: add migration knob state-handover": /m);
  });
});

describe('machine formats through the command line', () => {
  it('checkpatch: what b4 runs with one mail on stdin; exit 1 only on errors', async () => {
    const { status, stdout } = await runCli(['check', '--format', 'checkpatch', '-'], readFileSync(example, 'utf8'));
    expect(status).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines.every((l) => /^-:\d+: (ERROR|WARNING|CHECK): .+ \[[a-z]+\/[a-z-]+\]$/.test(l))).toBe(true);
    const input = readFileSync(example, 'utf8').split('\n');
    const unstable = lines.find((l) => l.includes('qapi/unstable-feature'))!;
    expect(input[Number(/^-:(\d+)/.exec(unstable)![1]) - 1]).toBe("+            'state-handover' ] }");
    const clean = await runCli(['check', '--format', 'checkpatch', '--rule', 'qapi/doc-line-width', '-'], readFileSync(example, 'utf8'));
    expect(clean.status).toBe(0);
  });

  it('b4: one JSON array per message', async () => {
    const { stdout } = await runCli(['check', '--format', 'b4', '--fail-on', 'never', example]);
    const [result] = JSON.parse(stdout) as { tool: string; status: string }[];
    expect(result).toMatchObject({ tool: 'qemu-review', status: 'fail' });
  });

  it("sarif: a SARIF 2.1.0 log with the run's rules", async () => {
    const log = JSON.parse((await runCli(['check', '--format', 'sarif', '--rule', 'qapi', example])).stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: unknown[] }[];
    };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.tool.driver.rules.every((r) => r.id.startsWith('qapi/'))).toBe(true);
    expect(log.runs[0]!.results.length).toBeGreaterThan(5);
  });

  it('the text output keeps a hostile subject on one line', async () => {
    const { stdout } = await runCli(['check', '--fail-on', 'never', '--verbose', 'fixtures/email/hostile-headers.eml']);
    expect(stdout.split('\n').some((l) => l.startsWith('Bcc:'))).toBe(false);
  });
});
