/**
 * Every schema of QEMU 10.0.13 and 7.2.0, fed as a patch that adds it:
 * the doc rules report real violations only.  10.0.13 follows the
 * conventions almost everywhere; 7.2.0 predates the cleanup.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { Finding } from '../../src/engine/types.js';
import { findingsOnNewFile, readSchemaFile, schemaFiles } from '../support/schema-files.js';
import { hasShared } from '../support/shared.js';
import { reviewPatch } from '../../src/engine/run.js';
import { deletedFileDiff, newFileDiff, patchOf } from '../support/patches.js';
import { seriesAfter } from '../support/rule-tester.js';

/** The doc rules of the seed review; the rules about what a patch introduces are judged in --files mode below. */
const docRules = rules.filter((r) => ['qapi/doc-line-width', 'qapi/sentence-spacing', 'qapi/member-list-order', 'qapi/unstable-feature'].includes(r.meta.id));

/** Measured counts, also in the README: a change here is a change in what users see. */
const EXPECTED: Record<string, Record<string, number>> = {
  '10.0.13': { 'qapi/doc-line-width': 40, 'qapi/sentence-spacing': 24, 'qapi/unstable-feature': 1 },
  '7.2.0': { 'qapi/doc-line-width': 1592, 'qapi/sentence-spacing': 706, 'qapi/unstable-feature': 1 },
};

/**
 * Lines that are not doc prose, found by a deliberately simple second
 * reading of the file (not the project's reader): outside `##` blocks,
 * inside examples, literal blocks and directive bodies.
 */
function nonProseLines(text: string): Set<number> {
  const out = new Set<number>();
  let inBlock = false;
  let verbatimIndent: number | null = null; // inside `::` / `.. directive::` deeper than this
  let legacyExample = false;
  let definitionDoc = false; // sections exist only in definition documentation, not in free-form text
  let blockStart = 0;
  text.split('\n').forEach((raw, i) => {
    const n = i + 1;
    if (/^\s*##/.test(raw)) {
      inBlock = !inBlock;
      verbatimIndent = null;
      legacyExample = false;
      blockStart = n;
      out.add(n);
      return;
    }
    if (n === blockStart + 1) definitionDoc = /^# @/.test(raw);
    if (!inBlock || !raw.startsWith('#')) {
      out.add(n);
      return;
    }
    const body = raw.replace(/^# ?/, '');
    const indent = body.length - body.trimStart().length;
    if (body.trim() !== '' && verbatimIndent !== null && indent <= verbatimIndent) verbatimIndent = null;
    if (definitionDoc && (/^(Example|Examples|Since|Returns|Errors|Notes?|TODO|Features):/.test(body) || /^@[\w-]+:/.test(body))) {
      legacyExample = /^Examples?:/.test(body);
    }
    if (verbatimIndent !== null || legacyExample || /^\s*(->|<-)/.test(body)) out.add(n);
    const directive = /^(\s*)\.\. ([\w-]+)::/.exec(body);
    if (
      directive &&
      !['note', 'warning', 'admonition', 'caution', 'important', 'tip', 'hint', 'danger', 'error', 'attention', 'seealso'].includes(directive[2]!)
    ) {
      verbatimIndent = directive[1]!.length;
      out.add(n);
    } else if (/::\s*$/.test(body)) {
      verbatimIndent = indent;
    }
  });
  return out;
}

describe.skipIf(!hasShared).each(['10.0.13', '7.2.0'])('QEMU %s schemas as new files', (release) => {
  const findings: Finding[] = [];
  for (const path of hasShared ? schemaFiles(release) : []) findings.push(...findingsOnNewFile(release, path, docRules));

  it('find the measured number of violations per rule', () => {
    const counts: Record<string, number> = {};
    for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
    expect(counts).toEqual(EXPECTED[release]);
  });

  it('never report a line of an example, a literal block, code or a licence header', () => {
    const byFile = new Map<string, Set<number>>();
    const misplaced = findings.filter((f) => {
      if (f.rule === 'qapi/unstable-feature') return false; // reports code, by design
      if (!byFile.has(f.file)) byFile.set(f.file, nonProseLines(readSchemaFile(release, f.file)));
      return byFile.get(f.file)!.has(f.line);
    });
    expect(misplaced.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual([]);
  });

  it('report only what each rule is about', () => {
    for (const f of findings) {
      const line = readSchemaFile(release, f.file).split('\n')[f.line - 1]!;
      if (f.rule === 'qapi/doc-line-width') expect(line.length, `${f.file}:${f.line}`).toBeGreaterThan(70);
      if (f.rule === 'qapi/sentence-spacing') expect(line.slice(f.column! - 3, f.column! + 1), `${f.file}:${f.line}`).toMatch(/[.?!]["')\]]? [^ ]/);
    }
  });
});

describe.skipIf(!hasShared)('known cases in QEMU 10.0.13', () => {
  const at = (path: string) => findingsOnNewFile('10.0.13', path, docRules).map((f) => `${f.rule}:${f.line}`);

  it("finds the single spaces and long lines of block-core.json's @encryption-format", () => {
    expect(at('qapi/block-core.json')).toEqual(expect.arrayContaining(['qapi/doc-line-width:161', 'qapi/sentence-spacing:161', 'qapi/sentence-spacing:163']));
  });

  it('finds "SM3. (since 9.2.0)" in crypto.json', () => {
    expect(at('qapi/crypto.json')).toContain('qapi/sentence-spacing:58');
  });

  it('leaves the long QMP example lines of migration.json alone', () => {
    const text = readSchemaFile('10.0.13', 'qapi/migration.json').split('\n');
    const longExamples = text.map((l, i) => [l, i + 1] as const).filter(([l]) => l.length > 70 && /^#\s+(->|<-)/.test(l));
    expect(longExamples.length).toBeGreaterThan(0);
    const reported = new Set(at('qapi/migration.json'));
    for (const [, n] of longExamples) expect(reported.has(`qapi/doc-line-width:${n}`)).toBe(false);
  });
});

/** The rules that ask whether something is new. */
const noveltyRules = rules.filter((r) => ['qapi/since-version', 'qapi/x-prefix', 'qapi/unstable-feature', 'qapi/member-list-order'].includes(r.meta.id));

describe.skipIf(!hasShared).each([
  ['10.0.13', '10.0', ['qapi/since-version qapi/moved-machine-common.json:109']],
  ['7.2.0', '7.2', ['qapi/since-version qapi/moved-machine.json:518', 'qapi/since-version qapi/moved-machine.json:533']],
])('QEMU %s schemas moved to new modules', (release, qemuVersion, expected) => {
  // Fed as new files, every definition is new: --qemu-version makes each Since that names an older
  // release a finding (1592 of them in 10.0.13), and each x- name one.  Moved, nothing is new; what
  // stays is the malformed "Since 9.2" sections, which are wrong wherever they stand.
  const settings = { qemuVersion };
  const moved = (path: string) => path.replace(/([^/]+)\.json$/, 'moved-$1.json');
  const located = (findings: { rule: string; file: string; line: number; message: string }[]) => {
    for (const f of findings) expect(f.message).toMatch(/is no Since section/);
    return findings.map((f) => `${f.rule} ${f.file}:${f.line}`);
  };

  it('in one patch: the rules about what is new find nothing new', () => {
    const found = (hasShared ? schemaFiles(release) : []).flatMap((path) => {
      const text = readSchemaFile(release, path);
      return reviewPatch(patchOf(deletedFileDiff(path, text) + newFileDiff(moved(path), text)), noveltyRules, { settings }).findings;
    });
    expect(located(found)).toEqual(expected);
  }, 60_000);

  it('removed by one patch of a series and added by the next: the same', () => {
    const found = (hasShared ? schemaFiles(release) : []).flatMap((path) => {
      const text = readSchemaFile(release, path);
      const series = seriesAfter([deletedFileDiff(path, text)], noveltyRules);
      return reviewPatch(patchOf(newFileDiff(moved(path), text)), noveltyRules, { settings, series }).findings;
    });
    expect(located(found)).toEqual(expected);
  }, 60_000);
});
