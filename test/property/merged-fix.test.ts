/**
 * The merged fix of a doc paragraph, on random paragraphs: the doc rules
 * pass on it, it keeps every word in order (bar the wording it changes and
 * the list it sorts), and fixing the fixed text changes nothing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rules as allRules } from '../../rules/index.js';
import { reviewPatch } from '../../src/engine/run.js';
import type { Finding } from '../../src/engine/types.js';
import { newFileDiff, patchOf } from '../support/patches.js';

const RUNS = { numRuns: 150 };
const docRules = allRules.filter((r) => r.meta.id.startsWith('qapi/'));
const settings = { settings: { qemuVersion: '10.2' } };

const word = fc.constantFrom(
  'the',
  'migration',
  'channel',
  'state',
  'is',
  'passed',
  'to',
  'target',
  'QEMU',
  'through',
  'which',
  'should',
  'be',
  'a',
  'fds',
  'enabled',
  'value',
  'e.g.',
  'etc.',
  'backend-transfer',
  'virtio-net/tap',
  'destination',
  'of',
  'for',
);
const capital = fc.constantFrom('This', 'When', 'Default', 'The', 'Targets', 'Enable', '@other');
/** A sentence: a capital, words, maybe the phrase the wording rule rewrites, maybe a member list, and a full stop. */
const sentence = fc
  .tuple(
    capital,
    fc.array(word, { minLength: 1, maxLength: 9 }),
    fc.constantFrom(null, ['unix', 'socket'], ['unix', 'sockets']),
    fc.constantFrom(null, ['Members', '@zeta,', '@alpha', 'and', '@mid']),
  )
  .map(([first, words, phrase, list]) => {
    const all = [first, ...words, ...(phrase ?? []), ...(list ? [...list, 'are', 'experimental'] : [])];
    all[all.length - 1] += '.';
    return all;
  });
const paragraph = fc.tuple(
  fc.array(sentence, { minLength: 1, maxLength: 4 }),
  fc.boolean(), // a (Since 10.2) note at the end
  fc.array(fc.constantFrom(' ', ' ', '  ', '\n'), { minLength: 80, maxLength: 80 }),
  fc.constantFrom(4, 4, 2), // continuation indent (2 is wrong: doc-indent)
);

/** The paragraph's lines as written, from words and the separators drawn. */
function linesOf([sentences, since, gaps, indent]: [string[][], boolean, string[], number]): string[] {
  const words = [...sentences.flat(), ...(since ? ['(Since', '10.2)'] : [])];
  let text = '# @member: ';
  words.forEach((w, i) => {
    if (i > 0) text += gaps[i % gaps.length] === '\n' ? `\n#${' '.repeat(indent + 1)}` : gaps[i % gaps.length];
    text += w;
  });
  return text.split('\n');
}

const wrap = (doc: string[]) => ['##', '# @Foo:', '#', ...doc, '#', '# Since: 10.2', '##', "{ 'struct': 'Foo', 'data': { 'member': 'int' } }"];
const DOC_START = 4;

function review(lines: string[]): Finding[] {
  const { findings, failures } = reviewPatch(patchOf(newFileDiff('qapi/test.json', `${lines.join('\n')}\n`)), docRules, settings);
  expect(failures).toEqual([]);
  return findings;
}

/** The file with the paragraph's merged fix applied, or null when no finding carries one. */
function fixed(lines: string[], findings: Finding[]): string[] | null {
  const s = findings.find((f) => f.suggestion)?.suggestion;
  if (!s) return null;
  return [...lines.slice(0, s.line - 1), ...s.text.split('\n'), ...lines.slice(s.endLine)];
}

/** Words with the ones a fix may rewrite left out: the wording's phrase, and the names of a sorted list. */
const plainWords = (lines: string[]) =>
  lines
    .join(' ')
    .split(/[\s#]+/)
    .filter((w) => w !== '' && !/^(unix|UNIX|domain|socket|sockets)\.?$/.test(w) && !w.startsWith('@'));
const names = (lines: string[]) =>
  lines
    .join(' ')
    .split(/[\s#]+/)
    .filter((w) => w.startsWith('@'))
    .map((w) => w.replace(/[.,:]$/, ''))
    .sort();

describe('the merged fix of a doc paragraph', () => {
  it('passes every doc rule, keeps every word in order, and is stable', () => {
    fc.assert(
      fc.property(paragraph, (drawn) => {
        const doc = linesOf(drawn);
        const lines = wrap(doc);
        const range = { line: DOC_START, endLine: DOC_START + doc.length - 1 };
        const before = review(lines).filter((f) => f.line >= range.line && f.line <= range.endLine);
        const after = fixed(lines, before);
        if (before.length === 0) {
          expect(after).toBeNull();
          return;
        }
        // Every problem these paragraphs can have has a fix the rules pass.
        expect(after, before.map((f) => f.message).join('; ')).not.toBeNull();
        const again = review(after!);
        expect(again.map((f) => `${f.rule} ${f.line}: ${f.message}`)).toEqual([]);
        expect(plainWords(after!)).toEqual(plainWords(lines));
        expect(names(after!)).toEqual(names(lines));
        // Stable: the fixed text has nothing left to fix.
        expect(fixed(after!, again)).toBeNull();
      }),
      RUNS,
    );
  }, 120_000);
});
