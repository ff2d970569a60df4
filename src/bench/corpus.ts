/**
 * The benchmark corpus: real QEMU diffs wrapped as patch series the way a list archive holds
 * them (cover letters, threading, reviews, a realistic mix of transfer encodings and charsets),
 * written as one mboxrd file of a target size. Repeated passes over the material regroup and
 * re-dress it (other series, authors, versions, encodings), as later revisions of real series do.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Random } from './random.js';
import { encodeWords, fitsLatin1, isAscii, mboxrdEntry, renderMail, type BodyCharset, type MailSpec, type TransferEncoding } from './mail-writer.js';
import { diffstat, GIT_VERSION, patchBody, splitLargeDiffs, subsystemOf, topicOf, type DiffPiece } from './patch-body.js';
import { LIST_ADDRESS, paragraphs, PEOPLE, reviewComment, sentence, subjectLine, trailers, type Person } from './prose.js';
import type { QemuFileDiff } from './qemu-diffs.js';

export type MailKind = 'patch' | 'cover' | 'reply';

/** How a mail's body was sent: for the corpus statistics and for tests of the writer. */
export type BodyForm =
  'utf-8 8bit' | 'utf-8 7bit' | 'utf-8 quoted-printable' | 'utf-8 base64' | 'latin-1 8bit' | 'latin-1 quoted-printable' | 'flowed' | 'multipart';

export interface GeneratedMail {
  kind: MailKind;
  form: BodyForm;
  /** The mail without mbox framing. */
  bytes: Buffer;
  /** The decoded text of its (first) text part, as a reader should get it back. */
  body: string;
  subject: string;
}

export interface CorpusStats {
  path: string;
  bytes: number;
  mails: number;
  byKind: Record<MailKind, number>;
  byForm: Partial<Record<BodyForm, number>>;
  passes: number;
}

/** Largest diff piece in one mail; bigger file diffs are cut between hunks. */
const MAX_PIECE_BYTES = 48 * 1024;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const ZONES = [0, 60, 120, 180, -240, -300, 330, 480, 540];

/** RFC 2822 date as mailers write it, in the sender's zone. */
export function rfc2822Date(utcMillis: number, zoneMinutes: number): string {
  const local = new Date(utcMillis + zoneMinutes * 60_000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const sign = zoneMinutes < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(zoneMinutes) / 60))}${pad(Math.abs(zoneMinutes) % 60)}`;
  return `${DAYS[local.getUTCDay()]}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${zone}`;
}

function stamp(utcMillis: number): string {
  return new Date(utcMillis).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Headers lists add on the way (lore keeps them): more header bytes to parse, as in real archives. */
function listHeaders(random: Random, date: string): [string, string][] {
  const headers: [string, string][] = [
    ['Received', `from lists.gnu.org ([209.51.188.17]) by mail.example.net with esmtps id ${random.int(1e8, 9e8).toString(16)}; ${date}`],
    [
      'Received',
      `from eggs.gnu.org ([2001:470:142:3::10]) by lists.gnu.org with esmtps (Exim 4.90_1) id 1v0zqK-000${random.int(1000, 9999)}-F9 for qemu-devel@nongnu.org; ${date}`,
    ],
  ];
  if (random.chance(0.4)) {
    const b = Buffer.from(Array.from({ length: 96 }, () => random.int(0, 255))).toString('base64');
    headers.push([
      'DKIM-Signature',
      `v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=default; t=${random.int(1.6e9, 1.8e9)}; h=From:To:Cc:Subject:Date:Message-ID; b=${b}`,
    ]);
  }
  headers.push(
    ['X-Mailman-Version', '2.1.29'],
    ['Precedence', 'list'],
    ['List-Id', '<qemu-devel.nongnu.org>'],
    ['List-Unsubscribe', '<https://lists.nongnu.org/mailman/options/qemu-devel>, <mailto:qemu-devel-request@nongnu.org?subject=unsubscribe>'],
    ['List-Archive', '<https://lists.nongnu.org/archive/html/qemu-devel>'],
    ['List-Post', '<mailto:qemu-devel@nongnu.org>'],
    ['List-Help', '<mailto:qemu-devel-request@nongnu.org?subject=help>'],
    ['Errors-To', 'qemu-devel-bounces+qemu-devel=archiver.kernel.org@nongnu.org'],
    ['Sender', 'qemu-devel-bounces+qemu-devel=archiver.kernel.org@nongnu.org'],
  );
  return headers;
}

/** An address for a header: encoded words for a non-ASCII name, as git send-email writes it. */
function addressHeader(person: Person, charset: BodyCharset = 'UTF-8'): string {
  return `${encodeWords(person.name, charset)} <${person.email}>`;
}

/** Picks how a patch mail's body is sent, then falls back to what its text allows. */
function patchForm(random: Random, body: string): { form: BodyForm; charset: BodyCharset | null; encoding: TransferEncoding | null } {
  const wanted = random.weighted<BodyForm>([
    ['utf-8 8bit', 62],
    ['utf-8 quoted-printable', 12],
    ['utf-8 base64', 8],
    ['latin-1 8bit', 6],
    ['latin-1 quoted-printable', 4],
    ['utf-8 7bit', 8],
  ]);
  const latin1 = wanted.startsWith('latin-1') && fitsLatin1(body) && !isAscii(body);
  if (wanted === 'utf-8 7bit') {
    if (isAscii(body)) return { form: wanted, charset: null, encoding: random.chance(0.5) ? '7bit' : null };
    return { form: 'utf-8 8bit', charset: 'UTF-8', encoding: '8bit' };
  }
  if (wanted.startsWith('latin-1') && !latin1) {
    return {
      form: wanted.endsWith('8bit') ? 'utf-8 8bit' : 'utf-8 quoted-printable',
      charset: 'UTF-8',
      encoding: wanted.endsWith('8bit') ? '8bit' : 'quoted-printable',
    };
  }
  const encoding = wanted.endsWith('base64') ? 'base64' : wanted.endsWith('quoted-printable') ? 'quoted-printable' : '8bit';
  return { form: wanted, charset: latin1 ? 'ISO-8859-1' : 'UTF-8', encoding };
}

interface SeriesPlan {
  author: Person;
  version: number;
  rfc: boolean;
  patches: DiffPiece[][];
  startMillis: number;
  zone: number;
  pid: number;
}

/** Groups pieces into patches (1 to 4 files of one area) and patches into series. */
function* planSeries(pieces: readonly DiffPiece[], random: Random, pass: number, startMillis: number): Generator<SeriesPlan> {
  let i = random.int(0, 20) % Math.max(1, pieces.length);
  let time = startMillis;
  const end = i + pieces.length;
  while (i < end) {
    const count = random.weighted([
      [1, 30],
      [2, 15],
      [3, 15],
      [4, 10],
      [6, 10],
      [8, 8],
      [12, 7],
      [19, 5],
    ] as const);
    const patches: DiffPiece[][] = [];
    for (let p = 0; p < count && i < end; p++) {
      const first = pieces[i % pieces.length]!;
      const files = random.weighted([
        [1, 50],
        [2, 25],
        [3, 15],
        [4, 10],
      ] as const);
      const patch = [first];
      i++;
      let bytes = first.text.length;
      while (patch.length < files && i < end) {
        const next = pieces[i % pieces.length]!;
        if (subsystemOf(next.path) !== subsystemOf(first.path) || bytes + next.text.length > 96 * 1024) break;
        patch.push(next);
        bytes += next.text.length;
        i++;
      }
      patches.push(patch);
    }
    time += random.int(1, 48) * 3_600_000 + random.int(0, 3_599_999);
    yield {
      author: random.pick(PEOPLE),
      version: Math.min(9, 1 + ((pass + random.int(0, 2)) % 6)),
      rfc: random.chance(0.05),
      patches,
      startMillis: time,
      zone: random.pick(ZONES),
      pid: random.int(1000, 99999),
    };
  }
}

function subjectTag(plan: SeriesPlan, index: number, total: number): string {
  const words = [plan.rfc ? 'RFC PATCH' : 'PATCH'];
  if (plan.version > 1) words.push(`v${plan.version}`);
  if (total > 1) {
    const width = String(total).length;
    words.push(`${String(index).padStart(width, '0')}/${total}`);
  }
  return `[${words.join(' ')}]`;
}

/** A sprinkle of commit-message lines that mboxrd must escape (`From the spec…`, `>From …`). */
function escapeBait(random: Random): string[] {
  if (!random.chance(0.03)) return [];
  return random.pick([
    ['From the spec: a device must not assert the line twice.', ''],
    ['>From an older discussion: keep the reset order.', ''],
  ]);
}

/** Every mail of one series, in the order an archive sorted by date holds them. */
function* seriesMails(plan: SeriesPlan, random: Random): Generator<GeneratedMail> {
  const total = plan.patches.length;
  const domain = plan.author.email.split('@')[1]!;
  const user = plan.author.email.split('@')[0]!;
  const messageId = (k: number): string => `${stamp(plan.startMillis)}.${plan.pid}-${total > 1 ? k + 1 : k}-${user}@${domain}`;
  const cc = Array.from({ length: random.int(1, 5) }, () => random.pick(PEOPLE)).filter((p) => p !== plan.author);
  const withList = random.chance(0.5);
  const subjects = plan.patches.map((pieces) => subjectLine(random, subsystemOf(pieces[0]!.path), topicOf(pieces[0]!)));
  const threadRoot = total > 1 ? messageId(0) : null;

  const baseHeaders = (k: number, subject: string, charset: BodyCharset = 'UTF-8'): [string, string][] => {
    const date = rfc2822Date(plan.startMillis + k * 1000, plan.zone);
    const headers: [string, string][] = withList ? listHeaders(random, date) : [];
    headers.push(['From', addressHeader(plan.author, charset)], ['To', LIST_ADDRESS]);
    if (cc.length > 0) headers.push(['Cc', cc.map((p) => addressHeader(p)).join(', ')]);
    headers.push(['Subject', encodeWords(subject)], ['Date', date], ['Message-ID', `<${messageId(k)}>`], ['X-Mailer', `git-send-email ${GIT_VERSION}`]);
    const parent = threadRoot ?? (k > 1 ? messageId(1) : null);
    if (parent !== null && messageId(k) !== parent) headers.push(['In-Reply-To', `<${parent}>`], ['References', `<${parent}>`]);
    return headers;
  };

  if (total > 1) {
    const subject = `${subjectTag(plan, 0, total)} ${subsystemOf(plan.patches[0]![0]!.path)}: ${sentence(random).split(',')[0]!.toLowerCase()}`;
    const all = plan.patches.flat();
    const shortlog = [`${plan.author.name} (${total}):`, ...subjects.map((s) => `  ${s}`)];
    const body = `${[...paragraphs(random, random.int(1, 3)), '', ...shortlog, '', ...diffstat(all).slice(-1), ''].join('\n')}\n-- \n${GIT_VERSION}\n`;
    yield mail('cover', subject, body, baseHeaders(0, subject), { form: 'utf-8 8bit', charset: 'UTF-8', encoding: '8bit' });
  }

  const replies: GeneratedMail[] = [];
  for (let k = 1; k <= total; k++) {
    const pieces = plan.patches[k - 1]!;
    const subject = `${subjectTag(plan, k, total)} ${subjects[k - 1]}`;
    const message = [...escapeBait(random), ...paragraphs(random, random.int(1, 3)), '', ...trailers(random, plan.author)];
    const body = patchBody(message, pieces);
    const form = patchForm(random, body);
    const charset = form.charset === 'ISO-8859-1' && random.chance(0.5) ? 'ISO-8859-1' : 'UTF-8';
    yield mail('patch', subject, body, baseHeaders(k, subject, charset), form);
    if (random.chance(0.12)) replies.push(reply(random, plan, subject, messageId(k), threadRoot, body, k));
  }
  yield* replies;
}

function mail(
  kind: MailKind,
  subject: string,
  body: string,
  headers: [string, string][],
  form: { form: BodyForm; charset: BodyCharset | null; encoding: TransferEncoding | null },
): GeneratedMail {
  const spec: MailSpec = { headers, body, charset: form.charset, encoding: form.encoding };
  return { kind, form: form.form, bytes: renderMail(spec), body, subject };
}

/** A review: the patch quoted in part, a comment, as Thunderbird or mutt would send it. */
function reply(random: Random, plan: SeriesPlan, subject: string, parentId: string, rootId: string | null, patch: string, k: number): GeneratedMail {
  const reviewer = random.pick(PEOPLE);
  const when = plan.startMillis + random.int(2, 72) * 3_600_000;
  const date = rfc2822Date(when, random.pick(ZONES));
  const lines = patch.split('\n');
  const diffAt = Math.max(
    0,
    lines.findIndex((l) => l.startsWith('diff --git ')),
  );
  const quoted = lines.slice(diffAt, diffAt + random.int(5, 25)).map((l) => (l === '' ? '>' : `> ${l}`));
  const body = [`On ${rfc2822Date(plan.startMillis + k * 1000, plan.zone)}, ${plan.author.name} wrote:`, ...quoted, '', ...reviewComment(random), ''].join(
    '\n',
  );
  const references = [rootId, parentId].filter((id): id is string => id !== null && id !== undefined);
  const headers: [string, string][] = [
    ['From', addressHeader(reviewer)],
    ['To', addressHeader(plan.author)],
    ['Cc', LIST_ADDRESS],
    ['Subject', encodeWords(`Re: ${subject}`)],
    ['Date', date],
    ['Message-ID', `<${random.int(1e9, 4e9).toString(16)}-${random.int(1e4, 6e4).toString(16)}@${reviewer.email.split('@')[1]}>`],
    ['In-Reply-To', `<${parentId}>`],
    ['References', [...new Set(references)].map((id) => `<${id}>`).join(' ')],
    ['User-Agent', 'Mozilla Thunderbird'],
  ];
  const style = random.weighted([
    ['plain', 65],
    ['flowed', 30],
    ['multipart', 5],
  ] as const);
  if (style === 'multipart') return multipartReply(headers, body, `Re: ${subject}`);
  const spec: MailSpec = { headers, body, charset: 'UTF-8', encoding: '8bit' };
  if (style === 'flowed') spec.contentTypeParams = '; format=flowed';
  return { kind: 'reply', form: style === 'flowed' ? 'flowed' : 'utf-8 8bit', bytes: renderMail(spec), body, subject: `Re: ${subject}` };
}

/** A text and HTML reply, the kind web mailers send. */
function multipartReply(headers: [string, string][], body: string, subject: string): GeneratedMail {
  const boundary = '------------b0undary7e1d';
  const html = `<html><body><pre>${body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</pre></body></html>\n`;
  const head = headers.map(([n, v]) => `${n}: ${v}`).join('\n');
  const text = [
    head,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    'This is a multi-part message in MIME format.',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    `--${boundary}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
    `--${boundary}--`,
    '',
  ].join('\n');
  return { kind: 'reply', form: 'multipart', bytes: Buffer.from(text, 'utf8'), body, subject };
}

/** Every mail of one pass over the material. */
export function* passMails(diffs: readonly QemuFileDiff[], seed: number, pass: number): Generator<GeneratedMail> {
  const random = new Random(seed).fork(pass + 1);
  const pieces = splitLargeDiffs(diffs, MAX_PIECE_BYTES);
  const start = Date.UTC(2023, 0, 2) + pass * 120 * 86_400_000;
  for (const plan of planSeries(pieces, random, pass, start)) yield* seriesMails(plan, random);
}

/**
 * Writes an mboxrd file of at least `targetBytes` (it stops after the mail that reaches it),
 * or of `maxMails` mails when that comes first.
 */
export async function writeCorpus(diffs: readonly QemuFileDiff[], path: string, targetBytes: number, seed: number, maxMails = Infinity): Promise<CorpusStats> {
  if (diffs.length === 0) throw new Error('writeCorpus: no diffs to build mails from');
  const out = createWriteStream(path);
  const stats: CorpusStats = { path, bytes: 0, mails: 0, byKind: { patch: 0, cover: 0, reply: 0 }, byForm: {}, passes: 0 };
  try {
    outer: for (let pass = 0; ; pass++) {
      stats.passes = pass + 1;
      for (const m of passMails(diffs, seed, pass)) {
        const entry = mboxrdEntry(m.bytes);
        if (!out.write(entry)) await once(out, 'drain');
        stats.bytes += entry.length;
        stats.mails++;
        stats.byKind[m.kind]++;
        stats.byForm[m.form] = (stats.byForm[m.form] ?? 0) + 1;
        if (stats.bytes >= targetBytes || stats.mails >= maxMails) break outer;
      }
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return stats;
}
