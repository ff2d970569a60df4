/**
 * Real qemu-devel mails from patchew's test data: odd charsets, envelopes,
 * multipart, rename- and mode-only patches, series with reviews.  Nothing
 * may crash, and every message is reviewed or skipped with a reason.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { runCli } from '../support/run-cli.js';
import { hasShared, shared } from '../support/shared.js';

const mboxes = hasShared
  ? readdirSync(shared('corpus', 'patchew'))
      .filter((f) => f.endsWith('.mbox'))
      .sort()
  : [];

async function review(file: string): Promise<JsonReport> {
  const { status, stdout, stderr } = await runCli(['check', '--format', 'json', '--fail-on', 'never', shared('corpus', 'patchew', file)]);
  const report = JSON.parse(stdout) as JsonReport;
  // A mail of the corpus with no patch in it (only replies, say) is a run that checked nothing: exit 2, said once.
  if (report.messages.every((m) => m.status === 'skipped')) {
    expect(status).toBe(2);
    expect(stderr).toMatch(/^qemu-review: nothing checked: no patch to review in the input \([^\n]*\)[^\n]*\n$/);
  } else {
    expect(status).toBe(0);
    expect(stderr).toBe('');
  }
  return report;
}

describe.skipIf(!hasShared)("patchew's corpus", () => {
  it.each(mboxes)('%s: every message reviewed or skipped with a reason', async (file) => {
    const report = await review(file);
    expect(report.messages.length).toBeGreaterThan(0);
    for (const m of report.messages) {
      expect(['reviewed', 'skipped']).toContain(m.status);
      if (m.status === 'skipped') expect(m.reason).toMatch(/\S/);
      expect(m.ruleErrors).toBeUndefined();
    }
    expect(report.messages.map((m) => m.index)).toEqual(report.messages.map((_, i) => i));
  });

  it('finds only what is really wrong: a hunk an HTML mailer mangled, an unknown charset', async () => {
    const all: string[] = [];
    for (const file of mboxes) for (const f of (await review(file)).findings) all.push(`${file} ${f.rule}`);
    expect(all.sort()).toEqual(['0007-invalid-charset.mbox patch/encoding', '0035-rfc2047-from.mbox patch/corrupt']);
  });

  it('reviews rename-only and mode-only patches (nothing to lint, nothing broken)', async () => {
    for (const file of ['0034-rename-only-patch.mbox', '0021-mode-only-patch.mbox']) {
      const report = await review(file);
      expect(report.messages.map((m) => m.status)).toEqual(['reviewed']);
      expect(report.findings).toEqual([]);
    }
  });

  it('skips replies and cover letters of a reviewed series, and says so', async () => {
    const report = await review('0004-multiple-patch-reviewed.mbox');
    expect(report.messages.map((m) => `${m.status}: ${m.reason ?? m.subject}`)).toEqual([
      'skipped: cover letter (0/2)',
      'skipped: reply: carries no patch of its own',
      'skipped: reply: carries no patch of its own',
      expect.stringMatching(/^reviewed: \[Qemu-devel\] \[PATCH v4 1\/2\] crypto: add support for querying/),
      expect.stringMatching(/^reviewed: \[Qemu-devel\] \[PATCH v4 2\/2\] block: export LUKS specific data to/),
    ]);
  });
});
