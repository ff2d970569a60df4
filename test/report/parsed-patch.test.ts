/**
 * Reporters take the patch the review read, carried on the result, rather
 * than reading the mail again: what they say of files and diff headers is
 * the review's reading.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { composeReply } from '../../src/email/compose.js';
import { CheckpatchReporter } from '../../src/report/checkpatch.js';
import { reviewMessages, type MessageResult } from '../../src/review/review.js';

async function reviewed(): Promise<MessageResult> {
  const bytes = readFileSync('fixtures/example.patch');
  const results: MessageResult[] = [];
  for await (const r of reviewMessages(
    (async function* () {
      yield { index: 0, source: 'example.patch', offset: 0, bytes };
    })(),
    rules,
  ))
    results.push(r);
  return results[0]!;
}

describe('the parsed patch on the result', () => {
  it('is the patch the review read', async () => {
    const result = await reviewed();
    expect(result.status).toBe('reviewed');
    expect(result.patch?.mail).toBe(result.mail);
    expect(result.patch?.files.map((f) => f.path)).toEqual(['include/qemu/list-helpers.h', 'migration/knobs.c', 'qapi/migration.json']);
  });

  it('the email reply names the files of that patch', async () => {
    const result = await reviewed();
    // A reading that differs from the mail's text shows which one the reporter used.
    result.patch!.files[0]!.path = 'hw/elsewhere.c';
    expect(composeReply(result)?.reviewed.files).toContain('hw/elsewhere.c');
  });

  it('checkpatch places a finding without a body line on the diff header the review read', async () => {
    const result = await reviewed();
    const file = result.patch!.files[1]!;
    result.findings = [
      { rule: 'c/x', severity: 'warning', messageId: null, subject: '', messageIndex: 0, file: file.path, line: 1, message: 'about the whole file' },
    ];
    const at = (patchLine: number): string => {
      file.patchLine = patchLine;
      let out = '';
      const reporter = new CheckpatchReporter({ write: (s: string) => void (out += s) });
      reporter.message(result);
      reporter.end();
      return out.split('\n')[0]!;
    };
    expect(at(3)).toMatch(/^example\.patch:3: WARNING: about the whole file/);
    expect(at(7)).toMatch(/^example\.patch:7: WARNING: about the whole file/);
  });
});
