/**
 * The diff wrapper on random diffs: valid diffs parse back to the hunks they were written from,
 * and any mutation of them (lines lost, added, counts wrong, cut short) is read without throwing,
 * with every hunk that is not marked corrupt adding up to its header.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDiffAt } from '../../src/patch/diff.js';
import { findDiffStart } from '../../src/patch/extract.js';
import { readPatch } from '../../src/patch/read-patch.js';
import { splitLines, viewOfDiff } from '../../src/patch/view.js';
import { parseSubject } from '../../src/mail/subject.js';
import type { Mail } from '../../src/mail/types.js';
import type { FileDiff } from '../../src/patch/types.js';

const RUNS = { numRuns: 150 };

type Kind = ' ' | '+' | '-';

interface GenHunk {
  oldStart: number;
  newStart: number;
  lines: { kind: Kind; text: string }[];
  context: string;
  /** Write `-a` rather than `-a,1` where the count is 1, as git does. */
  shortCounts: boolean;
}

interface GenFile {
  path: string;
  hunks: GenHunk[];
  /** `\ No newline at end of file` after the last line. */
  noNewline: boolean;
}

/** Line text as a diff may hold it: anything but a line break, the tricky `-- ` and `++ ` included. */
const lineText = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')),
  fc.constantFrom('', ' ', '- ', '-- x', '++ b/fake/header', '- item', '@@ not a header', 'diff --git a/x b/x', '\\ not a marker'),
);

const genLine = fc.record({ kind: fc.constantFrom<Kind>(' ', '+', '-'), text: lineText });

const genPath = fc
  .array(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), { minLength: 1, maxLength: 3 })
  .chain((parts) => fc.constantFrom('.c', '.h', '.json').map((ext) => parts.join('/') + ext));

const genFile: fc.Arbitrary<GenFile> = fc
  .record({
    path: genPath,
    shapes: fc.array(
      fc.record({
        gap: fc.integer({ min: 1, max: 40 }),
        lines: fc.array(genLine, { minLength: 1, maxLength: 12 }),
        context: fc.constantFrom('', ' static int foo(void)', ' {'),
        short: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    noNewline: fc.boolean(),
  })
  .map(({ path, shapes, noNewline }) => {
    let oldAt = 0;
    let newAt = 0;
    const hunks = shapes.map((shape): GenHunk => {
      const oldStart = oldAt + shape.gap;
      const newStart = newAt + shape.gap;
      const oldLines = shape.lines.filter((l) => l.kind !== '+').length;
      const newLines = shape.lines.filter((l) => l.kind !== '-').length;
      oldAt = oldStart + oldLines;
      newAt = newStart + newLines;
      return { oldStart, newStart, lines: shape.lines, context: shape.context, shortCounts: shape.short };
    });
    return { path, hunks, noNewline };
  });

function range(start: number, count: number, short: boolean): string {
  // git writes the line before the hunk for an empty side.
  const at = count === 0 ? start - 1 : start;
  return short && count === 1 ? `${at}` : `${at},${count}`;
}

function renderFile(file: GenFile): string[] {
  const out = [`diff --git a/${file.path} b/${file.path}`, 'index 1111111..2222222 100644', `--- a/${file.path}`, `+++ b/${file.path}`];
  file.hunks.forEach((h, i) => {
    const oldLines = h.lines.filter((l) => l.kind !== '+').length;
    const newLines = h.lines.filter((l) => l.kind !== '-').length;
    out.push(`@@ -${range(h.oldStart, oldLines, h.shortCounts)} +${range(h.newStart, newLines, h.shortCounts)} @@${h.context}`);
    for (const l of h.lines) out.push(l.kind + l.text);
    if (file.noNewline && i === file.hunks.length - 1) out.push('\\ No newline at end of file');
  });
  return out;
}

function renderBody(files: GenFile[]): string[] {
  return ['Commit message.', '', 'Signed-off-by: A <a@b>', '---', ...files.flatMap(renderFile), '-- ', '2.51.0'];
}

function parseBody(lines: string[]): FileDiff[] {
  const all = splitLines(`${lines.join('\n')}\n`);
  const start = findDiffStart(all);
  return start < 0 ? [] : parseDiffAt(all, start);
}

function mailOf(body: string): Mail {
  return {
    index: 0,
    source: 't',
    offset: 0,
    messageId: null,
    inReplyTo: null,
    references: [],
    from: null,
    to: [],
    cc: [],
    date: null,
    subject: parseSubject('[PATCH] t'),
    body,
    bodySource: 'text',
    flowed: false,
    decodeWarnings: [],
  };
}

/** A hunk that is not marked corrupt must add up to its header, whatever was done to the text. */
function checkConsistent(files: FileDiff[]): void {
  for (const file of files) {
    viewOfDiff(file);
    for (const hunk of file.hunks) {
      if (hunk.corrupt) continue;
      expect(hunk.lines.filter((l) => l.kind !== 'add').length).toBe(hunk.oldLines);
      expect(hunk.lines.filter((l) => l.kind !== 'del').length).toBe(hunk.newLines);
    }
  }
}

interface Mutation {
  op: 'delete' | 'insert' | 'truncate' | 'recount' | 'strip';
  at: number;
  line?: string;
  by?: number;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    line: fc.oneof(
      lineText,
      fc.constantFrom('@@ -1,2 +1,2 @@', '-- ', '+x', ' y', 'diff --git a/z.c b/z.c', '\\ No newline at end of file', '--- a/q', '+++ b/q'),
    ),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('recount' as const), at: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ op: fc.constant('strip' as const), at: fc.nat() }),
);

function mutate(lines: string[], m: Mutation): string[] {
  const out = [...lines];
  const at = lines.length === 0 ? 0 : m.at % lines.length;
  switch (m.op) {
    case 'delete':
      out.splice(at, 1);
      break;
    case 'insert':
      out.splice(at, 0, m.line ?? '');
      break;
    case 'truncate':
      out.length = at;
      break;
    case 'recount': {
      const headers = out.map((l, i) => (l.startsWith('@@ ') ? i : -1)).filter((i) => i >= 0);
      if (headers.length === 0) break;
      const i = headers[m.at % headers.length]!;
      out[i] = out[i]!.replace(/,(\d+) @@/, (_s, n: string) => `,${Math.max(0, Number(n) + (m.by ?? 1))} @@`);
      break;
    }
    case 'strip':
      // What some mailers do to a blank context line: drop its leading space.
      if (at < out.length) out[at] = out[at]!.replace(/^ /, '');
      break;
  }
  return out;
}

describe('diff wrapper (property)', () => {
  // Found by the property below: parse-diff throws a TypeError on a `\ No newline` marker with
  // no line before it in the hunk; the wrapper reports the hunk as corrupt instead.
  it('a hunk that opens with a `\\ No newline` marker is corrupt, not a crash', () => {
    const [file] = parseBody(['diff --git a/a.c b/a.c', '--- a/a.c', '+++ b/a.c', '@@ -1,1 +1,1 @@', '\\ No newline at end of file', ' x']);
    expect(file!.hunks[0]!.corrupt).not.toBeNull();
  });

  it('parses generated diffs back to the files and hunks they were written from', () => {
    fc.assert(
      fc.property(fc.uniqueArray(genFile, { minLength: 1, maxLength: 3, selector: (f) => f.path }), (files) => {
        const parsed = parseBody(renderBody(files));
        expect(parsed.map((f) => f.path)).toEqual(files.map((f) => f.path));
        parsed.forEach((file, i) => {
          const gen = files[i]!;
          expect(file.status).toBe('modified');
          expect(file.hunks).toHaveLength(gen.hunks.length);
          file.hunks.forEach((hunk, j) => {
            const want = gen.hunks[j]!;
            expect(hunk.corrupt).toBeNull();
            expect(hunk.context).toBe(want.context.replace(/^ /, ''));
            expect(hunk.lines.map((l) => [l.kind, l.text])).toEqual(
              want.lines.map((l) => [l.kind === '+' ? 'add' : l.kind === '-' ? 'del' : 'context', l.text]),
            );
            let oldLine = want.oldStart;
            let newLine = want.newStart;
            for (const l of hunk.lines) {
              expect(l.oldLine).toBe(l.kind === 'add' ? null : oldLine++);
              expect(l.newLine).toBe(l.kind === 'del' ? null : newLine++);
            }
            const last = j === file.hunks.length - 1;
            expect(hunk.lines.map((l) => l.noNewlineAtEof)).toEqual(hunk.lines.map((_l, k) => gen.noNewline && last && k === hunk.lines.length - 1));
          });
        });
      }),
      RUNS,
    );
  });

  it('never throws on mutated diffs, and every hunk it trusts adds up', () => {
    fc.assert(
      fc.property(fc.array(genFile, { minLength: 1, maxLength: 2 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (files, mutations) => {
        let lines = renderBody(files);
        for (const m of mutations) lines = mutate(lines, m);
        const parsed = parseBody(lines);
        checkConsistent(parsed);
        const patch = readPatch(mailOf(`${lines.join('\n')}\n`));
        checkConsistent(patch.files);
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary text after a diff header', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(lineText, fc.constantFrom('@@ -1 +1 @@', '@@ -0,0 +1,3 @@', 'GIT binary patch', 'literal 3', 'rename from a', 'new file mode 100644')),
          { maxLength: 25 },
        ),
        (rest) => {
          const lines = ['diff --git a/f.c b/f.c', ...rest];
          checkConsistent(parseBody(lines));
        },
      ),
      RUNS,
    );
  });
});
