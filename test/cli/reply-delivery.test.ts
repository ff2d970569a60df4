/**
 * `reply` under a delivery policy, against a real SMTP server on
 * 127.0.0.1: nothing goes out unless a policy opts in, the most cautious
 * matching policy decides who and when, the outbox never sends a reply
 * twice (not even after a crash mid-send), and the dry run prints exactly
 * what --send would send and to whom.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { splitMbox } from '../../src/mail/mbox.js';
import { formatDate } from '../../src/email/headers.js';
import { runCli } from '../support/run-cli.js';
import { hasShared, shared } from '../support/shared.js';
import { smtpServer } from '../support/smtp.js';
import { tempDir } from '../support/temp.js';

const EXAMPLE = readFileSync('fixtures/example.patch', 'utf8');

interface PatchHeaders {
  id?: string;
  date?: Date;
  to?: string;
  cc?: string;
}

/** fixtures/example.patch (qapi/migration.json, migration/knobs.c, include/qemu/list-helpers.h) as sent to a list. */
function patchFile(dir: string, over: PatchHeaders = {}): string {
  const headers = [
    `Message-ID: <${over.id ?? 'knob-3@example.org'}>`,
    `To: ${over.to ?? 'qemu-devel@nongnu.org'}`,
    `Cc: ${over.cc ?? 'Maint Ainer <maint@example.org>, Rev Iewer <rev2@example.org>'}`,
  ];
  const text = EXAMPLE.replace(/^Date: .*$/m, `Date: ${formatDate(over.date ?? new Date(Date.UTC(2026, 10, 19, 9)))}`).replace(
    /^(Subject: .*)$/m,
    `$1\n${headers.join('\n')}`,
  );
  const path = join(dir, `${(over.id ?? 'knob-3').replace(/\W/g, '_')}.patch`);
  writeFileSync(path, text);
  return path;
}

function policyFile(dir: string, policy: unknown): string {
  const path = join(dir, 'policy.json');
  writeFileSync(path, JSON.stringify(policy));
  return path;
}

const MAINTAINERS = `QEMU Maintainers
================

General Project Administration
------------------------------

All patches CC here
L: qemu-devel@nongnu.org
F: *
F: */

Migration
M: Mig Rator <mig@example.org>
L: qemu-migration@example.org
F: migration/
X: migration/rdma*

QAPI Schema
M: Sche Ma <schema@example.org>
F: qapi/*.json
`;

const LIST_POLICY = { policies: [{ name: 'devel', lists: ['qemu-devel@nongnu.org'], recipients: 'author+list+cc' }] };

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a.flatMap((o) => o.value) : (a?.value ?? [])).map((v) => v.address!);

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

function sendArgs(url: string, dir: string, policy: string, ...rest: string[]): string[] {
  return ['reply', '--send', '--smtp', url, '--from', 'Bot <bot@example.org>', '--policy', policy, '--state-dir', join(dir, 'state'), ...rest];
}

describe('reply --send needs a policy', () => {
  it('refuses without one, exit 2, and sends nothing', async () => {
    const smtp = await smtpServer();
    const dir = tempDir('qr-policy-');
    const { status, stderr, stdout } = await runCli([
      'reply',
      '--send',
      '--smtp',
      smtp.url,
      '--from',
      'bot@example.org',
      '--state-dir',
      join(dir, 'state'),
      patchFile(dir),
    ]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^qemu-review: --send needs a delivery policy \(--policy FILE\): without one nothing is sent/);
    expect(stdout).toBe('');
    expect(smtp.received).toEqual([]);
  });

  it('refuses a policy file with a typo, naming the file', async () => {
    const dir = tempDir('qr-policy-');
    const bad = policyFile(dir, { policies: [{ lists: ['qemu-devel@nongnu.org'], recipient: 'author' }] });
    const typo = await runCli(sendArgs('smtp://127.0.0.1:9', dir, bad, patchFile(dir)));
    expect(typo).toMatchObject({
      status: 2,
      stderr: `qemu-review: ${bad}: policies[0]: unknown key "recipient" (known: name, lists, sections, recipients, delay, never)\n`,
    });
    const maintainers = join(dir, 'MAINTAINERS');
    writeFileSync(maintainers, MAINTAINERS);
    const section = policyFile(dir, { policies: [{ sections: ['QAPI schema'] }] });
    const unknown = await runCli(sendArgs('smtp://127.0.0.1:9', dir, section, '--maintainers', maintainers, patchFile(dir)));
    expect(unknown).toMatchObject({ status: 2, stderr: `qemu-review: ${section}: no section "QAPI schema" in ${maintainers}\n` });
    const none = await runCli(sendArgs('smtp://127.0.0.1:9', dir, section, patchFile(dir)));
    expect(none.stderr).toMatch(/the policy names MAINTAINERS sections: give the file with --maintainers FILE/);
  });

  it('sends nothing for a patch no policy covers', async () => {
    const smtp = await smtpServer();
    const dir = tempDir('qr-policy-');
    const policy = policyFile(dir, { policies: [{ lists: ['qemu-block@nongnu.org'] }] });
    const { status, stderr } = await runCli(sendArgs(smtp.url, dir, policy, patchFile(dir)));
    expect(status).toBe(0);
    expect(stderr).toContain('qemu-review: reply to <knob-3@example.org>: not sent: no policy in');
    expect(smtp.received).toEqual([]);
  });
});

describe('who gets the reply', () => {
  it('delivers to exactly the visible To and Cc, and says which addresses were dropped and why', async () => {
    const smtp = await smtpServer();
    const dir = tempDir('qr-policy-');
    const cc = 'maint@example.org, ëve@example.org, x@[127.0.0.1], "a b"@example.org';
    const { status, stderr } = await runCli(sendArgs(smtp.url, dir, policyFile(dir, LIST_POLICY), patchFile(dir, { cc })));
    expect(status).toBe(0);
    expect(stderr.split('\n').filter((l) => l.includes('not sent to'))).toEqual([
      'qemu-review: reply to <knob-3@example.org>: not sent to ëve@example.org: not plain ASCII (internationalised or with control characters)',
      'qemu-review: reply to <knob-3@example.org>: not sent to x@[127.0.0.1]: an address literal instead of a host name',
      'qemu-review: reply to <knob-3@example.org>: not sent to "a b"@example.org: a quoted local part',
    ]);
    expect(smtp.received).toHaveLength(1);
    const mail = await simpleParser(smtp.received[0]!.data);
    const visible = [...addresses(mail.to), ...addresses(mail.cc)].sort();
    expect(smtp.received[0]!.to.sort()).toEqual(visible);
    expect(visible).toEqual(['ada@example.org', 'maint@example.org', 'qemu-devel@nongnu.org']);
  });

  it('over the recipient limit, the author and the list only, said on stderr', async () => {
    const smtp = await smtpServer();
    const dir = tempDir('qr-policy-');
    const cc = Array.from({ length: 300 }, (_, i) => `p${i}@example.org`).join(', ');
    const { stderr } = await runCli(sendArgs(smtp.url, dir, policyFile(dir, LIST_POLICY), patchFile(dir, { cc })));
    expect(stderr).toContain(
      'qemu-review: reply to <knob-3@example.org>: 302 recipients are over the limit of 50: the reply goes to the author and the list only (2 addresses)\n',
    );
    expect(smtp.received[0]!.to.sort()).toEqual(['ada@example.org', 'qemu-devel@nongnu.org']);
  });

  it('the most cautious matching policy wins: author only, never-list honoured', async () => {
    const smtp = await smtpServer();
    const dir = tempDir('qr-policy-');
    const maintainers = join(dir, 'MAINTAINERS');
    writeFileSync(maintainers, MAINTAINERS);
    const policy = policyFile(dir, {
      maintainers: 'MAINTAINERS',
      never: ['@example.net'],
      policies: [
        { name: 'devel', lists: ['qemu-devel@nongnu.org'], recipients: 'author+list+cc' },
        { name: 'schema', sections: ['QAPI Schema'], recipients: 'author+list', never: ['maint@example.org'] },
      ],
    });
    const cc = 'maint@example.org, rev2@example.org, qemu-migration@example.org, x@example.net';
    const { stderr } = await runCli(sendArgs(smtp.url, dir, policy, patchFile(dir, { cc })));
    expect(smtp.received[0]!.to.sort()).toEqual(['ada@example.org', 'qemu-devel@nongnu.org', 'qemu-migration@example.org']);
    expect(stderr).toContain('not sent to maint@example.org: never gets mail (policy)');
    expect(stderr).toContain('not sent to x@example.net: never gets mail (policy)');
    expect(stderr).toContain('not sent to rev2@example.org: not a list, and the policy sends to the author and the list only');

    // A section the patch does not touch leaves only the list's policy.
    const smtp2 = await smtpServer();
    const other = policyFile(dir, {
      maintainers: 'MAINTAINERS',
      policies: [
        { name: 'devel', lists: ['qemu-devel@nongnu.org'], recipients: 'author+list+cc' },
        { name: 'migration', sections: ['Migration'], recipients: 'author' },
      ],
    });
    await runCli(sendArgs(smtp2.url, join(dir, 'b'), other, patchFile(dir, { id: 'other@example.org', cc: 'rev2@example.org' })));
    expect(smtp2.received[0]!.to.sort()).toEqual(['ada@example.org']);
  });

  it.skipIf(!hasShared)("matches QEMU's own MAINTAINERS sections through --tree", async () => {
    const smtp = await smtpServer();
    const dir = tempDir('qr-policy-');
    const policy = policyFile(dir, { policies: [{ name: 'qapi', sections: ['QAPI Schema'], recipients: 'author' }] });
    // A tree holding QEMU's MAINTAINERS (and none of the patched files: the review falls back to the patch alone).
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    copyFileSync(shared('qemu', '10.0.13', 'MAINTAINERS'), join(tree, 'MAINTAINERS'));
    const { status, stderr } = await runCli(sendArgs(smtp.url, dir, policy, '--tree', tree, patchFile(dir)));
    expect({ status, stderr: stderr.includes('not sent:') }).toEqual({ status: 0, stderr: false });
    expect(smtp.received[0]!.to).toEqual(['ada@example.org']);
    const none = policyFile(dir, { policies: [{ name: 'net', sections: ['Network device backends'] }] });
    const skipped = await runCli(sendArgs(smtp.url, join(dir, 'n'), none, '--maintainers', shared('qemu', '10.0.13', 'MAINTAINERS'), patchFile(dir)));
    expect(skipped.stderr).toContain('not sent: no policy in');
  });

  it('holds mail younger than the delay, and sends it once it is old enough', async () => {
    const smtp = await smtpServer();
    const dir = tempDir('qr-policy-');
    const policy = policyFile(dir, { policies: [{ lists: ['qemu-devel@nongnu.org'], recipients: 'author', delay: '24h' }] });
    const young = await runCli(sendArgs(smtp.url, dir, policy, patchFile(dir, { id: 'young@example.org', date: new Date(Date.now() - 3_600_000) })));
    expect(young.status).toBe(0);
    expect(young.stderr).toMatch(
      /^qemu-review: reply to <young@example.org>: held until \d{4}-\d\d-\d\dT[\d:.]+Z: the mail is younger than the delay of policy qemu-devel@nongnu.org\n/,
    );
    expect(smtp.received).toEqual([]);
    await runCli(sendArgs(smtp.url, dir, policy, patchFile(dir, { id: 'old@example.org', date: new Date(Date.now() - 25 * 3_600_000) })));
    expect(smtp.received.map((r) => r.to)).toEqual([['ada@example.org']]);
  });
});

describe('never the same reply twice', () => {
  it('a second run over the same archive sends nothing', async () => {
    const smtp = await smtpServer();
    const dir = tempDir('qr-outbox-');
    const args = sendArgs(smtp.url, dir, policyFile(dir, LIST_POLICY), patchFile(dir));
    const first = await runCli(args);
    expect(first.status).toBe(0);
    expect(smtp.received).toHaveLength(1);
    const second = await runCli(args);
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/^qemu-review: reply to <knob-3@example.org>: already sent as <[^>]+> on [\d-]+T[\d:.]+Z: not sent again\n$/);
    expect(smtp.received).toHaveLength(1);
    const records = readFileSync(join(dir, 'state', 'outbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { state: string; reviewed: string });
    expect(records).toEqual([expect.objectContaining({ state: 'sent', reviewed: 'knob-3@example.org' })]);
  });

  it('after a crash between handing the mail over and recording it sent, it is not sent again, and says so', async () => {
    const dir = tempDir('qr-outbox-');
    const outbox = join(dir, 'state', 'outbox.jsonl');
    const atCrash = join(dir, 'outbox-at-crash.jsonl');
    // The moment the server holds the message is the moment of the crash: the outbox on disk is what a dead process leaves.
    const smtp = await smtpServer({
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          copyFileSync(outbox, atCrash);
          smtp.received.push({ from: '', to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.alloc(0) });
          callback();
        });
      },
    });
    const args = sendArgs(smtp.url, dir, policyFile(dir, LIST_POLICY), patchFile(dir));
    expect((await runCli(args)).status).toBe(0);
    expect(
      readFileSync(atCrash, 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { state: string }).state),
    ).toEqual(['pending', 'sending']);
    copyFileSync(atCrash, outbox);
    // The dead run's lock is left behind too, naming a process that is gone.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'state', 'outbox.lock'), `${dead}\n`);

    const again = await runCli(args);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(
      /^qemu-review: reply to <knob-3@example.org>: was being sent as <[^>]+> when an earlier run stopped or lost the server \([^)]+\); it may have gone out, so it is not sent again: check the list archive/,
    );
    expect(smtp.received).toHaveLength(1);
  });

  it('a connection lost after the whole message went over is not retried: the server may have it', async () => {
    const dir = tempDir('qr-outbox-');
    const smtp = await smtpServer({
      onData(stream, session, _callback) {
        stream.resume();
        stream.on('end', () => {
          smtp.received.push({ from: '', to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.alloc(0) });
          // Drop the line before answering the final dot.
          for (const connection of (smtp.server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections) connection._socket.destroy();
        });
      },
    });
    const args = sendArgs(smtp.url, dir, policyFile(dir, LIST_POLICY), patchFile(dir));
    const first = await runCli(args);
    expect(first.status).toBe(1);
    expect(first.stderr).toMatch(
      /^qemu-review: reply to <knob-3@example.org>: <[^>]+> may or may not have gone out \(.+\): the connection failed after the whole message was handed over; not retried/m,
    );
    const again = await runCli(args);
    expect(again.stderr).toMatch(/was being sent as <[^>]+> when an earlier run stopped or lost the server/);
    expect(smtp.received).toHaveLength(1);
  });

  it('another run holding the outbox is refused', async () => {
    const dir = tempDir('qr-outbox-');
    const args = sendArgs('smtp://127.0.0.1:9', dir, policyFile(dir, LIST_POLICY), patchFile(dir));
    await runCli(args);
    writeFileSync(join(dir, 'state', 'outbox.lock'), `${process.pid}\n`);
    const held = await runCli(args);
    expect(held.status).toBe(2);
    expect(held.stderr).toContain(`another qemu-review (process ${process.pid}) is sending from this outbox`);
  });
});

describe('the dry run', () => {
  it('prints exactly what --send sends, and to whom', async () => {
    const smtp = await smtpServer();
    const dir = tempDir('qr-dry-');
    const maintainers = join(dir, 'MAINTAINERS');
    writeFileSync(maintainers, MAINTAINERS);
    const policy = policyFile(dir, { policies: [{ lists: ['qemu-devel@nongnu.org'], recipients: 'author+list' }] });
    const patch = patchFile(dir, { cc: 'maint@example.org, qemu-migration@example.org' });
    const dry = await runCli([
      'reply',
      '--from',
      'bot@example.org',
      '--policy',
      policy,
      '--maintainers',
      maintainers,
      '--state-dir',
      join(dir, 'state'),
      patch,
    ]);
    expect(dry.status).toBe(0);
    const [printed, ...more] = await mailsOf(dry.stdout);
    expect(more).toEqual([]);
    const whom = /would send <([^>]+)> "Re: \[PATCH v2 3\/5\] qapi: add migration knob state-handover" to (.*)\n/.exec(dry.stderr);
    expect(whom![1]).toBe(printed!.messageId!.slice(1, -1));
    const envelope = whom![2]!.split(', ');
    expect(envelope.sort()).toEqual([...addresses(printed!.to), ...addresses(printed!.cc)].sort());
    expect(envelope).toEqual(['ada@example.org', 'qemu-devel@nongnu.org', 'qemu-migration@example.org']);
    expect(smtp.received).toEqual([]);

    await runCli(sendArgs(smtp.url, dir, policy, '--maintainers', maintainers, patch));
    const sent = await simpleParser(smtp.received[0]!.data);
    expect(smtp.received[0]!.to.sort()).toEqual(envelope);
    expect(sent.text).toBe(printed!.text);

    // Once sent, the dry run says so and prints nothing.
    const after = await runCli([
      'reply',
      '--from',
      'bot@example.org',
      '--policy',
      policy,
      '--maintainers',
      maintainers,
      '--state-dir',
      join(dir, 'state'),
      patch,
    ]);
    expect(after.stdout).toBe('');
    expect(after.stderr).toContain('already sent as');
  });

  it('holds in the dry run what --send would hold', async () => {
    const dir = tempDir('qr-dry-');
    const policy = policyFile(dir, { policies: [{ lists: ['qemu-devel@nongnu.org'], delay: '2d' }] });
    const dry = await runCli([
      'reply',
      '--from',
      'bot@example.org',
      '--policy',
      policy,
      '--state-dir',
      join(dir, 'state'),
      patchFile(dir, { date: new Date() }),
    ]);
    expect(dry.stdout).toBe('');
    expect(dry.stderr).toContain(': held until ');
  });
});
