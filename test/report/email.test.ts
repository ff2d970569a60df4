/**
 * --format email end to end: real mails through the real pipeline, the mbox
 * written read back with our own reader and the replies parsed with
 * mailparser.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { looksLikeTrailer } from '../../src/email/trailer-guard.js';
import type { OutgoingMail } from '../../src/email/types.js';
import type { Rule } from '../../src/engine/types.js';
import { readInputs } from '../../src/mail/input.js';
import { EmailReporter, type EmailReportOptions } from '../../src/report/email.js';
import { FORMATS } from '../../src/report/formats.js';
import { reviewMessages } from '../../src/review/review.js';
import { rules } from '../../rules/index.js';
import { hasShared, repoRoot, shared } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

/** The rules these tests rely on, so that rules added later do not change what they expect. */
const QAPI_RULES = rules.filter((r) => ['qapi/doc-line-width', 'qapi/sentence-spacing', 'c/lengthy-macro', 'qapi/unstable-feature'].includes(r.meta.id));

const fixture = (...parts: string[]): string => join(repoRoot, 'fixtures', ...parts);

/** Runs the pipeline into an EmailReporter; returns the mbox text and the mails handed to onReply. */
async function emailRun(
  paths: string[],
  options: EmailReportOptions = {},
  ruleSet: readonly Rule[] = QAPI_RULES,
): Promise<{ mbox: string; mails: OutgoingMail[] }> {
  let mbox = '';
  const mails: OutgoingMail[] = [];
  const reporter = new EmailReporter({ write: (s) => void (mbox += s) }, { version: '0.1.0', ...options, onReply: (m) => mails.push(m) });
  for await (const result of reviewMessages(readInputs(paths), ruleSet)) reporter.message(result);
  reporter.end();
  return { mbox, mails };
}

/** The messages of an mbox, through our own mbox reader and mailparser. */
async function readBack(mbox: string): Promise<ParsedMail[]> {
  const path = join(tempDir('qemu-review-email-'), 'replies.mbox');
  writeFileSync(path, mbox);
  const out: ParsedMail[] = [];
  for await (const m of readInputs([path])) {
    if ('error' in m) throw new Error(m.error);
    out.push(await simpleParser(m.bytes));
  }
  return out;
}

const addresses = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a.flatMap((o) => o.value) : (a?.value ?? []));

function expectNoTrailerLines(raw: string): void {
  for (const line of raw.split('\n')) {
    if (line.startsWith('>')) continue;
    expect(line).not.toMatch(/^\s*[A-Za-z-]+-by:/i);
    expect(looksLikeTrailer(line) && !/^(Cc|Message-ID):/.test(line)).toBe(false);
  }
}

describe('--format email', () => {
  it('fixtures/example.patch: one reply to the author, quoting the offending lines with the comments under them', async () => {
    const { mbox, mails } = await emailRun([fixture('example.patch')]);
    const [reply, ...rest] = await readBack(mbox);
    expect(rest).toEqual([]);
    expect(mails).toHaveLength(1);
    expect(reply!.subject).toBe('Re: [PATCH v2 3/5] qapi: add migration knob state-handover');
    // git format-patch output has no Message-ID yet: the review goes unthreaded.
    expect(reply!.inReplyTo).toBeUndefined();
    expect(addresses(reply!.to)).toEqual([{ name: 'Ada Example', address: 'ada@example.org' }]);
    const text = reply!.text!;
    expect(text.startsWith('Ada Example <ada@example.org> writes:\n')).toBe(true);
    expect(text).toContain(
      [
        "> -            'zero-copy' ] }",
        "> +            'zero-copy',",
        "> +            'state-handover' ] }",
        '',
        "'state-handover' is documented as experimental under @unstable, but",
        "lacks 'features': [ 'unstable' ].  [qapi/unstable-feature, line 61]",
        '',
        'Suggest:',
        '',
        "    |             { 'name': 'state-handover', 'features': [ 'unstable' ] } ] }",
      ].join('\n'),
    );
    expect(text).toMatch(/^> \+#define LIST_FIND_VALUE\(list, val\)/m);
    expect(text).toMatch(/^New 8-line macro LIST_FIND_VALUE has a single use/m);
    // Each file's diff header once; the unchanged top of migration.json is not quoted.
    expect(text.match(/^> diff --git a\/qapi\/migration.json/gm)).toHaveLength(1);
    expect(text).not.toContain("> { 'enum': 'Compression',");
    expectNoTrailerLines(mails[0]!.raw);
  });

  it('--summary: one reply per series, to its cover letter, with each patch that has findings', async () => {
    const { mbox } = await emailRun([fixture('email', 'series.mbox')], { summary: true, from: { name: 'Bot', address: 'bot@example.org' } });
    const replies = await readBack(mbox);
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply!.subject).toBe('Re: [PATCH 0/2] qapi: query the bar');
    expect(reply!.inReplyTo).toBe('<20261119090000.100-1-ada@example.org>');
    expect(reply!.references).toBe('<20261119090000.100-1-ada@example.org>');
    expect(addresses(reply!.cc).map((a) => a.address)).toEqual(['qemu-devel@nongnu.org', 'armbru@example.org']);
    const text = reply!.text!;
    expect(text).toMatch(/^qemu-review checked this series and has comments on both patches it\sreviewed: 2 warnings\.$/m);
    expect(text).toContain(
      '[PATCH 1/2] qapi: add query-bar\n\n> +# Return the bar of the machine, a description too long for one line of doc.\n\nqapi/misc.json:15: warning: doc comment line',
    );
    expect(text).toContain('[PATCH 2/2] qapi: add query-baz\n\n> +# Return the baz. It is not the bar.\n\nqapi/misc.json:23: warning: one space after');
  });

  it('per patch, the same input gives a reply to each patch, threaded under it', async () => {
    const { mbox } = await emailRun([fixture('email', 'series.mbox')]);
    const replies = await readBack(mbox);
    expect(replies.map((r) => [r.inReplyTo, r.references])).toEqual([
      ['<20261119090000.100-2-ada@example.org>', ['<20261119090000.100-1-ada@example.org>', '<20261119090000.100-2-ada@example.org>']],
      ['<20261119090000.100-3-ada@example.org>', ['<20261119090000.100-1-ada@example.org>', '<20261119090000.100-3-ada@example.org>']],
    ]);
  });

  it('a patch mail with hostile headers gives a reply that parses back to the same values and no others', async () => {
    const { mails } = await emailRun([fixture('email', 'hostile-headers.eml')], { from: { name: 'Bot', address: 'bot@example.org' } });
    expect(mails).toHaveLength(1);
    const raw = mails[0]!.raw;
    const header = raw.slice(0, raw.indexOf('\n\n'));
    expect(
      header
        .split('\n')
        .filter((l) => !/^\s/.test(l))
        .map((l) => l.split(':')[0]),
    ).toEqual([
      'From',
      'To',
      'Cc',
      'Subject',
      'Date',
      'Message-ID',
      'In-Reply-To',
      'References',
      'MIME-Version',
      'Content-Type',
      'Content-Transfer-Encoding',
      'X-Mailer',
      'Auto-Submitted',
    ]);
    expect(header.split('\n').every((l) => l.length <= 78)).toBe(true);
    const parsed = await simpleParser(raw);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.subject).toBe(
      'Re: [PATCH] qapi: add query-zoë Bcc: victim@example.org X and a subject that goes on and on and on and on and on and on and on and on and on and on and on and on',
    );
    expect(addresses(parsed.to)).toEqual([{ name: 'Zoë "Z" Ünicode, Jr.', address: 'zoe@example.org' }]);
    expect(addresses(parsed.cc).map((a) => a.address)).toEqual(['qemu-devel@nongnu.org', 'mallory@example.org', 'line@example.org']);
    expect(parsed.text).toContain('"Zoë "Z" Ünicode, Jr." <zoe@example.org> writes:'.replace('"Z"', "'Z'"));
    expect(parsed.text).toContain('> +# Reviewed-by: nobody. This line is a doc comment');
    expectNoTrailerLines(raw);
  });

  it('is registered as a format, with its options from the report settings', async () => {
    let out = '';
    const reporter = (await FORMATS.email!())({ write: (s) => void (out += s) }, { color: false, verbose: false, rules: [], email: { summary: true } });
    reporter.end();
    expect(reporter).toBeInstanceOf(EmailReporter);
    expect(out).toBe('');
  });
});

describe.skipIf(!hasShared)('--format email on the seed thread', () => {
  it('v6 16/19 gives one reply, threaded under the patch, quoting the offending lines with the comments under them', async () => {
    const { mbox, mails } = await emailRun([shared('seed', 'v6-16-19-original.eml')], {}, rules);
    const replies = await readBack(mbox);
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply!.inReplyTo).toBe('<20250923100110.70862-17-vsementsov@yandex-team.ru>');
    expect(reply!.subject).toBe('Re: [PATCH v6 16/19] qapi: add interface for backend-transfer virtio-net/tap migration');
    expect(reply!.references).toEqual(['<20250923100110.70862-1-vsementsov@yandex-team.ru>', '<20250923100110.70862-17-vsementsov@yandex-team.ru>']);
    const text = reply!.text!;
    expect(text.startsWith('Vladimir Sementsov-Ogievskiy <vsementsov@yandex-team.ru> writes:\n')).toBe(true);
    // What Markus Armbruster's review pointed at, each followed (after the quote) by our comment.
    const after = (quoted: string, comment: RegExp): void => {
      const at = text.indexOf(quoted);
      expect(at, quoted).toBeGreaterThan(0);
      const rest = text.slice(at + quoted.length);
      const nextQuoteGap = rest.indexOf('\n[...]');
      expect(rest.slice(0, nextQuoteGap < 0 ? undefined : nextQuoteGap)).toMatch(comment);
    };
    after('> +#define QAPI_LIST_CONTAINS(list, el)', /single use/);
    after('> +#     enabled, TAP fds and all related state is passed to target QEMU through', /wrap QAPI doc text at 70/);
    after('> +#     @x-vcpu-dirty-limit-period and @backend-transfer are experimental.', /List members in alphabetical order/);
    after("> +           'backend-transfer' ] }", /lacks 'features': \[ 'unstable' \]/);
    // Trimmed: far less than the patch, and the unchanged C hunks are not quoted.
    expect(text.split('\n').filter((l) => l.startsWith('>')).length).toBeLessThan(120);
    expect(text).not.toContain('qmp_query_migrate_parameters');
    expectNoTrailerLines(mails[0]!.raw);
  });
});
