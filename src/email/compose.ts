/**
 * The text of a review reply, written the way reviewers on qemu-devel
 * write: who wrote the patch, then for each place the quoted lines and the
 * comment under them, a suggested fix where there is one, and a signature
 * saying a program wrote it.  Also the per-series summary to a cover letter.
 */
import { randomBytes } from 'node:crypto';
import { COMMIT_MESSAGE, type Finding, type FindingGroup, type Severity } from '../engine/types.js';
import type { Address, Mail } from '../mail/types.js';
import type { MessageResult } from '../review/review.js';
import { version as packageVersion } from '../version.js';
import { copiesSentence, voicesOf, type Voice } from '../report/voices.js';
import { replyRecipients, replyReferences, replySubject } from './addressing.js';
import { cleanHeaderText, isSafeAddress } from './headers.js';
import { neutraliseLineBreaks } from './line-breaks.js';
import { readPatch } from '../patch/read-patch.js';
import type { Patch } from '../patch/types.js';
import { planQuotes, type QuotedSuggestion } from './quote.js';
import { renderMail, type MailParts } from './render.js';
import { defuseTrailer } from './trailer-guard.js';
import { PLACEHOLDER_FROM, type OutgoingMail, type ReplyOptions, type Reviewed } from './types.js';
import { columns, PROSE_WIDTH, wrapParagraph } from './wrap.js';
import { compareText } from '../engine/text-order.js';

/** What a reply needs of the mail it answers. */
export type ReplyTarget = Pick<Mail, 'index' | 'source' | 'messageId' | 'inReplyTo' | 'references' | 'from' | 'to' | 'cc' | 'date'> & {
  /** The decoded subject as sent. */
  subject: string;
};

export function replyTargetOf(mail: Mail): ReplyTarget {
  return {
    index: mail.index,
    source: mail.source,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    date: mail.date,
    subject: mail.subject.raw,
  };
}

/** The files a patch touches, for MAINTAINERS sections. */
export function filesOf(mail: Mail, patch: Patch = readPatch(mail)): string[] {
  return patch.files.map((f) => f.path);
}

/** A finding as the outbox remembers it: the same finding on a re-run gives the same key. */
export function findingKey(f: Finding): string {
  return [f.rule, f.file, f.line, f.message].join('\t');
}

/**
 * The reply to one reviewed patch, or null when there is nothing to say or
 * no patch text to quote (no findings; a file reviewed from a tree).  A
 * patch without a Message-ID (a `git format-patch` file not yet sent) still
 * gets its review, unthreaded.
 */
export function composeReply(result: MessageResult, options: ReplyOptions = {}): OutgoingMail | null {
  const mail = result.mail;
  if (result.status !== 'reviewed' || result.findings.length === 0 || mail === null || mail.body === '') return null;
  const patch = result.patch ?? readPatch(mail);
  return buildReply(
    replyTargetOf(mail),
    replyBody(mail, result.findings, options, result.groups, patch),
    options,
    filesOf(mail, patch),
    result.findings.map(findingKey),
  );
}

/**
 * The body of a reply to one patch, as lines: one comment per voice
 * (src/report/voices.ts) under the quote of its first place, the copies
 * of the same text named in it, and its one fix.
 */
export function replyBody(mail: Mail, all: readonly Finding[], options: ReplyOptions = {}, groups?: readonly FindingGroup[], patch?: Patch): string[] {
  // What an earlier version's review already said is named once, not quoted again.
  const findings = all.filter((f) => f.seenIn === undefined);
  const repeats = repeatsParagraph(all.filter((f) => f.seenIn !== undefined));
  if (findings.length === 0) return [...repeats, ...signature(options)];
  const voices = voicesOf(findings, groups);
  const voiceOf = new Map<Finding, Voice>(voices.flatMap((v) => v.lead.findings.map((f) => [f, v] as const)));
  const plan = planQuotes(
    mail,
    voices.flatMap((v) => v.lead.findings),
    patch,
  );
  const out: string[] = [...repeats, attribution(mail), ''];
  for (const v of voicesIn(plan.general, voiceOf)) out.push(...voiceComment(v, true), '');
  let last = 0;
  for (const place of plan.places) {
    for (const n of place.lines) {
      if (n !== last + 1) out.push('[...]');
      out.push(quoteLine(plan.body[n - 1]!));
      last = n;
    }
    out.push('');
    const here = voicesIn(place.findings, voiceOf);
    for (const v of here) out.push(...voiceComment(v, false), '');
    const named = place.suggestions.length > 1;
    for (const s of place.suggestions) out.push(...suggestionLines(s, named), '');
  }
  if (plan.places.length > 0 && last < plan.body.length) out.push('[...]', '');
  out.push(...signature(options));
  return out;
}

/**
 * "One finding already reported on v6 is still open and not repeated here:
 * qapi/migration.json:777 (v6 line 753)."  Empty when there is none.
 */
export function repeatsParagraph(seen: readonly Finding[]): string[] {
  const byVersion = new Map<number, Finding[]>();
  for (const f of seen) {
    const version = f.seenIn!.version;
    byVersion.set(version, [...(byVersion.get(version) ?? []), f]);
  }
  const out: string[] = [];
  for (const [version, list] of [...byVersion].sort((a, b) => a[0] - b[0])) {
    const places = [...list]
      .sort((a, b) => compareText(a.file, b.file) || a.line - b.line)
      .map((f) => `${f.file === COMMIT_MESSAGE ? 'commit message line ' : `${f.file}:`}${f.line} (v${version} line ${f.seenIn!.line})`);
    const count = list.length === 1 ? `One finding already reported on v${version} is` : `${list.length} findings already reported on v${version} are`;
    out.push(...wrapParagraph(`${count} still open and not repeated here: ${[...new Set(places)].join(', ')}.`), '');
  }
  return out;
}

/** One patch's part of a series summary: its subject, then each finding under a one-line quote. */
export function summarySection(mail: Mail, all: readonly Finding[]): string[] {
  const body = mail.body.split('\n');
  const findings = all.filter((f) => f.seenIn === undefined);
  const out: string[] = [mail.subject.raw || mail.source, '', ...repeatsParagraph(all.filter((f) => f.seenIn !== undefined))];
  const byLine = new Map<number | undefined, Finding[]>();
  for (const f of [...findings].sort((a, b) => (a.patchLine ?? 0) - (b.patchLine ?? 0) || (a.column ?? 0) - (b.column ?? 0))) {
    const list = byLine.get(f.patchLine) ?? [];
    list.push(f);
    byLine.set(f.patchLine, list);
  }
  for (const [patchLine, list] of byLine) {
    const quoted = patchLine === undefined ? undefined : body[patchLine - 1];
    if (quoted !== undefined) out.push(quoteLine(quoted), '');
    for (const f of list) {
      const where = f.file === COMMIT_MESSAGE ? `commit message line ${f.line}` : `${f.file}:${f.line}`;
      out.push(...wrapParagraph(`${where}: ${SEVERITY_WORD[f.severity]}: ${f.message} [${f.rule}]`, PROSE_WIDTH, '    '));
    }
    out.push('');
  }
  return out;
}

export interface SeriesSummary {
  /** The cover letter, or the first patch when the series has none. */
  target: ReplyTarget;
  /** Sections of the patches with findings, in series order. */
  sections: string[][];
  /** Patches of the series that were reviewed. */
  reviewed: number;
  counts: Record<Severity, number>;
  /** Files the series' patches touch. */
  files?: string[];
  /** Keys (findingKey) of the findings of all its patches. */
  findings?: string[];
}

/** The one reply to a series: how many patches have findings, then each patch's section. */
export function composeSummary(summary: SeriesSummary, options: ReplyOptions = {}): OutgoingMail | null {
  if (summary.sections.length === 0) return null;
  const counts = (['error', 'warning', 'info'] as const)
    .filter((s) => summary.counts[s] > 0)
    .map((s) => plural(summary.counts[s], SEVERITY_WORD[s], s === 'info' ? 'notes' : undefined))
    .join(', ');
  const out = [
    'Hi,',
    '',
    ...wrapParagraph(`qemu-review checked this series and has comments on ${which(summary.sections.length, summary.reviewed)}: ${counts}.`),
    '',
    ...summary.sections.flat(),
    ...signature(options),
  ];
  return buildReply(summary.target, out, options, summary.files ?? [], summary.findings ?? []);
}

/** "the one patch it reviewed", "both patches ...", "all 3 patches ...", "2 of the 5 patches it reviewed". */
function which(commented: number, reviewed: number): string {
  if (commented < reviewed) return `${commented} of the ${reviewed} patches it reviewed`;
  if (commented === 1) return 'the one patch it reviewed';
  return commented === 2 ? 'both patches it reviewed' : `all ${commented} patches it reviewed`;
}

const SEVERITY_WORD: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function buildReply(target: ReplyTarget, lines: string[], options: ReplyOptions, files: string[], findings: string[]): OutgoingMail {
  const from = options.from ?? PLACEHOLDER_FROM;
  const date = options.now?.() ?? new Date();
  const { to, cc, note } = replyRecipients(target, from, options);
  const subject = replySubject(target.subject);
  const messageId = newMessageId(from, date);
  // Last line of defence: no line break but LF survives anywhere, and nothing but a quote may start like a trailer.
  const body =
    lines
      .map(neutraliseLineBreaks)
      .map((l) => (l.startsWith('>') ? l : defuseTrailer(l)))
      .join('\n') + '\n';
  const parts: MailParts = {
    from,
    to,
    cc,
    subject,
    date,
    messageId,
    inReplyTo: target.messageId,
    references: replyReferences(target),
    mailer: `qemu-review ${options.version ?? packageVersion()}`,
    body,
  };
  const reviewed: Reviewed = {
    messageId: target.messageId,
    date: target.date,
    author: target.from,
    to: target.to,
    cc: target.cc,
    files: [...new Set(files)].sort(),
    findings: [...findings].sort(),
  };
  return renderReply(parts, { answers: { messageIndex: target.index, source: target.source }, notes: note ? [note] : [], reviewed });
}

/**
 * The reply rendered from its parts.  Its To and Cc are what the header
 * shows, so whoever sends it delivers to exactly those.
 */
function renderReply(parts: MailParts, about: Pick<OutgoingMail, 'answers' | 'notes' | 'reviewed'>): OutgoingMail {
  const rendered = renderMail(parts);
  return {
    messageId: parts.messageId,
    from: parts.from,
    to: rendered.to,
    cc: rendered.cc,
    subject: parts.subject,
    inReplyTo: rendered.inReplyTo,
    references: rendered.references,
    date: parts.date,
    raw: rendered.raw,
    dropped: rendered.dropped,
    parts,
    ...about,
  };
}

/** The same reply to fewer people (a delivery policy's choice): rendered again, same Message-ID and body. */
export function readdress(mail: OutgoingMail, to: Address[], cc: Address[], note?: string): OutgoingMail {
  return renderReply({ ...mail.parts, to, cc }, { answers: mail.answers, notes: note ? [...mail.notes, note] : mail.notes, reviewed: mail.reviewed });
}

/** A fresh id under the sender's domain (RFC 5322 3.6.4 asks for a unique one). */
function newMessageId(from: Address, date: Date): string {
  const domain = isSafeAddress(from.address) ? from.address.slice(from.address.lastIndexOf('@') + 1) : 'qemu-review.invalid';
  return `qemu-review.${date.getTime().toString(36)}.${randomBytes(8).toString('hex')}@${domain}`;
}

function attribution(mail: Mail): string {
  const from = mail.from;
  if (!from) return `On "${cleanHeaderText(mail.subject.raw)}":`;
  const name = cleanHeaderText(from.name).trim();
  const address = cleanHeaderText(from.address).trim();
  // A name with a colon is quoted, so that "Acked-by: X" cannot open the line as a trailer would.
  const who = name === '' ? `<${address}>` : `${/[:"]/.test(name) ? `"${name.replace(/"/g, "'")}"` : name} <${address}>`;
  return `${who} writes:`;
}

function quoteLine(text: string): string {
  return text === '' ? '>' : `> ${text}`;
}

/** The voices of `findings`, in the order their findings come. */
function voicesIn(findings: readonly Finding[], voiceOf: Map<Finding, Voice>): Voice[] {
  return [...new Set(findings.map((f) => voiceOf.get(f)!))];
}

/**
 * A voice as one paragraph: each of its messages as a sentence with its
 * rule and lines, then the copies it stands for.
 */
function voiceComment(voice: Voice, general: boolean): string[] {
  const lines = groupByMessage(voice.lead.findings).flatMap((group) => comment(group, general));
  const copies = copiesSentence(voice);
  if (copies !== '') lines.push(...wrapParagraph(`${copies}${voice.copies.some((c) => c.fix) ? '  The same fix applies there.' : ''}`));
  return lines;
}

/** Findings with the same rule and message (one long line reported twice, say) make one comment. */
function groupByMessage(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.rule}\n${f.file}\n${f.message}`;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  return [...groups.values()];
}

/** The comment on a group of findings: the message as a sentence, then rule and lines in brackets. */
function comment(group: Finding[], general: boolean): string[] {
  const first = group[0]!;
  const lines = [...new Set(group.map((f) => f.line))].sort((a, b) => a - b);
  const where =
    first.file === COMMIT_MESSAGE
      ? general
        ? ''
        : `, commit message ${lineWords(lines)}`
      : general
        ? `, ${first.file}:${lines.join(', ')}`
        : `, ${lineWords(lines)}`;
  return withTag(wrapParagraph(sentence(first.message)), `[${first.rule}${where}]`);
}

/** The tag after the last line when it fits, else on a line of its own: never broken in two. */
function withTag(lines: string[], tag: string): string[] {
  const last = lines[lines.length - 1];
  if (last !== undefined && columns(last) + 2 + columns(tag) <= PROSE_WIDTH) return [...lines.slice(0, -1), `${last}  ${tag}`];
  return [...lines, tag];
}

function lineWords(lines: number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  return `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;
}

/** A rule message as a sentence: capitalised when it starts with a plain word, with a full stop. */
function sentence(message: string): string {
  const text = message.trim();
  const capitalised = /^[a-z]+\b(?![-_.(/])/.test(text) ? text[0]!.toUpperCase() + text.slice(1) : text;
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * A suggested fix: the replacement lines indented behind `| `, as the text
 * format prints them, so that none of them, whatever it holds, can be read
 * as a trailer (not even by a parser that skips leading blanks) or as
 * quoted text.  Where
 * rules suggest different fixes for the same lines, each names its rule.
 */
function suggestionLines(q: QuotedSuggestion, named: boolean): string[] {
  const { line, endLine, text } = q.suggestion;
  const range = endLine > line ? `lines ${line}-${endLine}` : `line ${line}`;
  const parts = [...(named ? [`for ${q.rule}`] : []), ...(q.shown ? [] : [q.file === COMMIT_MESSAGE ? `commit message ${range}` : `${q.file} ${range}`])];
  const intro = parts.length === 0 ? 'Suggest:' : `Suggest (${parts.join(', ')}):`;
  return [intro, '', ...text.split('\n').map((l) => (l === '' ? '    |' : `    | ${l}`))];
}

/** The two lines after "-- ": what wrote the mail, and where to say it was wrong. */
function signature(options: ReplyOptions): string[] {
  const report = options.reportTo === undefined ? '' : cleanHeaderText(options.reportTo).trim();
  const where =
    report === '' ? 'please reply to this mail and say so.' : /^https?:\/\//i.test(report) ? `please report it at ${report}` : `please tell ${report}`;
  return ['-- ', `Sent by qemu-review ${options.version ?? packageVersion()}, a program, not a human reviewer.`, `False positive?  ${capitalise(where)}`];
}

const capitalise = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

/** A reply of the caller's own lines (a follow-up on a respin) to `target`, signed like every reply. */
export function composeNote(target: ReplyTarget, lines: readonly string[], options: ReplyOptions = {}): OutgoingMail {
  // Keyed apart from a review of the same mail, so the outbox holds one of each.
  return buildReply(target, [...lines, ...signature(options)], options, [], ['followup']);
}
