/** The command line's clock for qapi/since-version, and pull requests skipped unless --pulls. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp.js';

const example = 'fixtures/example.patch';
const exampleText = readFileSync(example, 'utf8');
const SUBJECT = '[PATCH v2 3/5] qapi: add migration knob state-handover';

const epoch = (day: string) => String(Date.parse(`${day}T12:00:00Z`) / 1000);

async function sinceFindings(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string): Promise<string[]> {
  const { stdout } = await runCli(['check', '--format', 'json', '--rule', 'qapi/since-version', ...args], stdin, env);
  return (JSON.parse(stdout) as JsonReport).findings.map((f) => f.message);
}

describe('the day a local patch is judged as of', () => {
  // The example's Date says 2026-11-19: an author date, which does not count for a format-patch file.
  it('is today for a format-patch file, whatever its Date header says', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const messages = await sinceFindings([example]);
    expect(messages).toHaveLength(2);
    // Around midnight the run may have started the day before.
    expect(messages[0]).toMatch(/but a local patch reviewed on (\d{4}-\d{2}-\d{2})/);
    const day = /reviewed on (\d{4}-\d{2}-\d{2})/.exec(messages[0]!)![1]!;
    expect(Math.abs(Date.parse(day) - Date.parse(today))).toBeLessThanOrEqual(24 * 3600 * 1000);
  });

  it('is SOURCE_DATE_EPOCH when set', async () => {
    expect(await sinceFindings([example], { SOURCE_DATE_EPOCH: epoch('2026-02-01') })).toEqual([]);
    expect(await sinceFindings([example], { SOURCE_DATE_EPOCH: epoch('2026-09-01') })).toEqual([
      '"Since: 11.0" of new definition StateHandover names 11.0, but a local patch reviewed on 2026-09-01 means 11.2',
      '"(Since 11.0)" of new member @state-handover names 11.0, but a local patch reviewed on 2026-09-01 means 11.2',
    ]);
  });

  it('is the same for a b4 prep --check run: headers only, on standard input', async () => {
    const b4 = exampleText.replace(/^From [0-9a-f]{40} .*\n/, '');
    expect(await sinceFindings(['-'], { SOURCE_DATE_EPOCH: epoch('2026-02-01') }, b4)).toEqual([]);
    expect(await sinceFindings(['-'], { SOURCE_DATE_EPOCH: epoch('2026-09-01') }, b4)).toHaveLength(2);
  });

  it("gives way to a list mail's Date", async () => {
    const posted = exampleText
      .replace(/^From [0-9a-f]{40} .*\n/, '')
      .replace(/^Date: .*$/m, 'Date: Mon, 5 Jan 2026 10:00:00 +0100\nList-Id: <qemu-devel.nongnu.org>');
    const dir = tempDir('qemu-review-clock-');
    writeFileSync(join(dir, 'posted.eml'), posted);
    // 11.0 was being made on 2026-01-05: the mail named the right release, whatever the day of the run.
    expect(await sinceFindings([join(dir, 'posted.eml')], { SOURCE_DATE_EPOCH: epoch('2026-09-01') })).toEqual([]);
  });

  it('refuses a SOURCE_DATE_EPOCH that is no number of seconds', async () => {
    const { status, stderr } = await runCli(['check', example], '', { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(status).toBe(2);
    expect(stderr).toContain("SOURCE_DATE_EPOCH wants seconds since 1970-01-01, not 'yesterday'");
  });
});

describe('pull requests', () => {
  const dir = tempDir('qemu-review-pulls-');
  const mbox = join(dir, 'pulls.mbox');
  writeFileSync(
    mbox,
    [
      exampleText.replace(SUBJECT, '[PULL 1/2] qapi: add migration knob state-handover'),
      exampleText.replace(SUBJECT, '[PULL v2 migration 2/2] qapi: add migration knob state-handover'),
      exampleText,
    ].join(''),
  );

  it('are skipped by default as already reviewed, and listed as skipped', async () => {
    const { stdout } = await runCli(['check', '--format', 'json', mbox]);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.messages.map((m) => [m.status, m.reason])).toEqual([
      ['skipped', 'pull request: already reviewed'],
      ['skipped', 'pull request: already reviewed'],
      ['reviewed', undefined],
    ]);
    const text = (await runCli(['check', mbox])).stdout.trim().split('\n');
    expect(text.at(-1)).toMatch(/^1 patch reviewed, 2 messages skipped \(2 pull requests\); --verbose lists them: 1 error, \d+ warnings, 1 note$/);
    const verbose = (await runCli(['check', '--verbose', mbox])).stdout;
    expect(verbose).toContain('"[PULL 1/2] qapi: add migration knob state-handover"): pull request: already reviewed');
  });

  it('are routine for the machine formats: nothing for b4 to show, no SARIF notification', async () => {
    const b4 = (await runCli(['check', '--format', 'b4', mbox])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown[]);
    expect(b4.map((r) => r.length)).toEqual([0, 0, 1]);
    const sarif = JSON.parse((await runCli(['check', '--format', 'sarif', mbox])).stdout) as {
      runs: { invocations: { toolExecutionNotifications?: unknown[] }[] }[];
    };
    expect(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications ?? []).toEqual([]);
  });

  it('are reviewed with --pulls, like any patch', async () => {
    const { stdout } = await runCli(['check', '--format', 'json', '--pulls', mbox]);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.messages.map((m) => m.status)).toEqual(['reviewed', 'reviewed', 'reviewed']);
    const count = (i: number) => report.findings.filter((f) => f.messageIndex === i).length;
    expect(count(0)).toBeGreaterThan(0);
    expect([count(0), count(1)]).toEqual([count(2), count(2)]);
  });
});
