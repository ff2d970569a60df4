/**
 * The QAPI schema reader on random text and on random slices of QEMU's schemas (the views a
 * patch's hunks give): it never throws, and every visible line gets a role.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readSchema } from '../../src/qapi/read-schema.js';
import { viewFromSegments, viewOfText, splitLines } from '../../src/patch/view.js';
import type { FileView, SourceLine } from '../../src/patch/types.js';
import { hasShared } from '../support/shared.js';
import { readSchemaFile, schemaFiles } from '../support/schema-files.js';

const RUNS = { numRuns: 120 };

/** Lines a schema file is made of, well-formed or not, and arbitrary text. */
const schemaLine = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '##',
      '#',
      '# @Foo:',
      '# @member: Description of the member.',
      '#     Continued.  Second sentence.',
      '# Since: 9.2',
      '# Features:',
      '# @unstable: Experimental.',
      '# Returns: nothing',
      '# = Heading',
      '# Example::',
      '#     -> { "execute": "x" }',
      '# .. qmp-example::',
      '#    <- { "return": {} }',
      "{ 'struct': 'Foo',",
      "  'data': { 'a': 'int', '*b': 'str' } }",
      "{ 'enum': 'E', 'data': [ 'x', 'y' ] }",
      "{ 'command': 'do-it', 'data': { 'x': 'int' },",
      "  'features': [ 'unstable' ] }",
      "{ 'union': 'U', 'base': 'B', 'discriminator': 'type',",
      "  'branches': { 'a': 'A' } }",
      "{ 'include': 'common.json' }",
      '',
      '# -*- Mode: Python -*-',
      '}',
      '{',
      "'",
      '#  * list item',
      '# 1. numbered',
      '# ::',
      '#',
      '# TODO: later',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, ' ')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('# ', "{ '", "  '", '#   @'), fc.string({ maxLength: 30 })).map(([a, b]) => a + b.replace(/[\r\n]/g, '')) },
);

/** Visible lines of a view: every line of every segment. */
function visibleLines(view: FileView): number[] {
  return view.segments.flatMap((s) => s.map((l) => l.line));
}

function checkRoles(view: FileView): void {
  const schema = readSchema(view);
  for (const n of visibleLines(view)) expect(schema.roles.has(n), `line ${n} has no role`).toBe(true);
}

/** Runs of a text's lines, as the hunks of a patch show them: `[start, length]` pairs, 1-based. */
function sliceView(path: string, text: string, runs: [number, number][], addedMask: boolean[]): FileView {
  const lines = splitLines(text);
  const segments: SourceLine[][] = [];
  for (const [start, length] of runs) {
    const from = Math.min(start, lines.length);
    const segment: SourceLine[] = [];
    for (let n = from; n < Math.min(from + length, lines.length + 1); n++) {
      if (n < 1) continue;
      segment.push({ line: n, text: lines[n - 1]!, added: addedMask[n % Math.max(1, addedMask.length)] ?? false, patchLine: n });
    }
    segments.push(segment);
  }
  // Hunks never overlap: keep the runs apart as viewFromSegments expects.
  const used = new Set<number>();
  const apart = segments.map((s) => s.filter((l) => !used.has(l.line) && used.add(l.line)));
  return viewFromSegments(
    path,
    apart.filter((s) => s.length > 0),
  );
}

const runs = fc.array(fc.tuple(fc.integer({ min: 1, max: 6000 }), fc.integer({ min: 1, max: 80 })), { minLength: 1, maxLength: 5 });

describe('QAPI schema reader (property)', () => {
  it('reads random schema-like text whole without throwing, every line with a role', () => {
    fc.assert(
      fc.property(fc.array(schemaLine, { maxLength: 60 }), (lines) => {
        checkRoles(viewOfText('qapi/random.json', `${lines.join('\n')}\n`));
      }),
      RUNS,
    );
  });

  it('reads random slices of random text (partial views) the same way', () => {
    fc.assert(
      fc.property(fc.array(schemaLine, { minLength: 1, maxLength: 80 }), runs, fc.array(fc.boolean(), { maxLength: 7 }), (lines, slices, mask) => {
        const text = `${lines.join('\n')}\n`;
        checkRoles(
          sliceView(
            'qapi/random.json',
            text,
            slices.map(([s, l]) => [1 + (s % lines.length), l]),
            mask,
          ),
        );
      }),
      RUNS,
    );
  });

  it.skipIf(!hasShared)("reads random slices of QEMU's own schemas without throwing, every visible line with a role", () => {
    const files = [...schemaFiles('10.0.13').map((p) => ['10.0.13', p] as const), ...schemaFiles('7.2.0').map((p) => ['7.2.0', p] as const)];
    const texts = new Map(files.map(([release, path]) => [`${release}/${path}`, readSchemaFile(release, path)]));
    const keys = [...texts.keys()];
    fc.assert(
      fc.property(fc.nat(), runs, fc.array(fc.boolean(), { maxLength: 7 }), (which, slices, mask) => {
        const key = keys[which % keys.length]!;
        const text = texts.get(key)!;
        const count = splitLines(text).length;
        checkRoles(
          sliceView(
            key,
            text,
            slices.map(([s, l]) => [1 + (s % count), l]),
            mask,
          ),
        );
      }),
      RUNS,
    );
  });
});
