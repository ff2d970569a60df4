/**
 * The words around the code in generated mails: people, commit messages, cover letters and
 * replies. Names are invented; some need latin-1 and some need UTF-8, as on the real list,
 * so that every charset path of the parser is exercised.
 */
import type { Random } from './random.js';

export interface Person {
  name: string;
  email: string;
}

/** Invented contributors. Accents in latin-1 range, others beyond it (Ł, ś, Chinese). */
export const PEOPLE: readonly Person[] = [
  { name: 'Alice Martin', email: 'amartin@example.org' },
  { name: 'Bruno Costa', email: 'bcosta@example.com' },
  { name: 'Jörg Müller', email: 'jmueller@example.de' },
  { name: 'Zoë Lefèvre', email: 'zlefevre@example.fr' },
  { name: 'Łukasz Wiśniewski', email: 'lwisniewski@example.pl' },
  { name: 'Chen Wei', email: 'chenwei@example.cn' },
  { name: '陈伟', email: 'wei.chen@example.cn' },
  { name: "Dana O'Neill", email: 'dana@example.ie' },
  { name: 'Erik Lindqvist', email: 'erik.lindqvist@example.se' },
  { name: 'Fatima Haddad', email: 'fhaddad@example.net' },
  { name: 'Gianluca Rossi', email: 'grossi@example.it' },
  { name: 'Hana Novák', email: 'hnovak@example.cz' },
  { name: 'Ignacio Peña', email: 'ipena@example.es' },
  { name: 'Jun Tanaka', email: 'jtanaka@example.jp' },
  { name: 'Kateryna Bondarenko', email: 'kbondarenko@example.ua' },
  { name: 'Liam Walsh', email: 'lwalsh@example.co.uk' },
  { name: 'Marc-André Dubois', email: 'madubois@example.ca' },
  { name: 'Nils Øberg', email: 'noberg@example.no' },
  { name: 'Olga Ivanova', email: 'oivanova@example.ru' },
  { name: 'Pierre Girard', email: 'pgirard@example.fr' },
  { name: 'Quentin Blanc', email: 'qblanc@example.be' },
  { name: 'Ravi Iyer', email: 'riyer@example.in' },
  { name: 'Sofia Andersson', email: 'sandersson@example.se' },
  { name: 'Tomás Ó Briain', email: 'tobriain@example.ie' },
];

export const LIST_ADDRESS = 'qemu-devel@nongnu.org';

const VERBS = ['add', 'fix', 'drop', 'rework', 'introduce', 'clean up', 'convert', 'simplify', 'document', 'rename', 'factor out', 'use'];
const NOUNS = [
  'device state',
  'migration stream',
  'reset handler',
  'realize function',
  'property list',
  'error path',
  'QOM class',
  'memory region',
  'IRQ routing',
  'block job',
  'coroutine',
  'vhost backend',
  'trace events',
  'QAPI schema',
  'unit test',
  'feature flag',
  'bitmap',
  'iothread',
  'event loop',
  'socket handling',
  'postcopy',
  'snapshot',
  'header',
  'helper',
];
const OPENERS = [
  'Currently the',
  'Since the',
  'When the',
  'Until now the',
  'As discussed on the list, the',
  'After the recent rework the',
  'In preparation for the next patch, the',
  'The',
  'With this change the',
];
const MIDDLES = [
  'no longer needs',
  'keeps a reference to',
  'is checked before',
  'duplicates the logic of',
  'silently ignores',
  'is only used by',
  'can race with',
  'leaks the',
  'does not honour',
  'open-codes',
  'is initialised after',
];
const CLOSERS = [
  'which makes the code easier to follow.',
  'so drop it.',
  'and nothing else relies on it.',
  'as the spec requires.',
  'which confused Coverity.',
  'and breaks migration from older machine types.',
  'so move it to a helper.',
  'to match the other callers.',
  'for consistency with the rest of the file.',
  'e.g. when the guest resets.',
];

/** A sentence made of the pieces above: varied enough that no two commit messages repeat. */
export function sentence(random: Random): string {
  return `${random.pick(OPENERS)} ${random.pick(NOUNS)} ${random.pick(MIDDLES)} the ${random.pick(NOUNS)}, ${random.pick(CLOSERS)}`;
}

/** Wraps words at `width` columns, the way git commit messages are written. */
export function wrap(text: string, width = 72): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Paragraphs of sentences, wrapped, separated by blank lines. */
export function paragraphs(random: Random, count: number): string[] {
  const out: string[] = [];
  for (let p = 0; p < count; p++) {
    if (p > 0) out.push('');
    const sentences = Array.from({ length: random.int(1, 4) }, () => sentence(random));
    // Two spaces between sentences, as QEMU's commit messages mostly have.
    out.push(...wrap(sentences.join('  ')));
  }
  return out;
}

export function subjectLine(random: Random, subsystem: string, thing: string): string {
  return `${subsystem}: ${random.pick(VERBS)} ${thing}`;
}

export function formatAddress(person: Person): string {
  return `${person.name} <${person.email}>`;
}

/** Trailers under a commit message: the author's sign-off, sometimes a review or two. */
export function trailers(random: Random, author: Person): string[] {
  const lines: string[] = [];
  for (const tag of ['Reviewed-by', 'Acked-by', 'Tested-by']) {
    if (random.chance(0.25)) lines.push(`${tag}: ${formatAddress(random.pick(PEOPLE))}`);
  }
  lines.push(`Signed-off-by: ${formatAddress(author)}`);
  return lines;
}

/** What a reviewer writes under a quoted hunk. */
export function reviewComment(random: Random): string[] {
  return random.pick([
    ['This looks wrong to me: the error is set twice.'],
    ['Nice cleanup.', '', `Reviewed-by: ${formatAddress(random.pick(PEOPLE))}`],
    ['Why not use g_autofree here?'],
    ['Please split this into two patches; the rename is unrelated.'],
    [sentence(random)],
  ]);
}
