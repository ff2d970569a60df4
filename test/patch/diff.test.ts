import { describe, expect, it } from 'vitest';
import { parseDiffAt } from '../../src/patch/diff.js';
import { commitMessageLines, findDiffStart } from '../../src/patch/extract.js';
import { splitLines, viewOfDiff } from '../../src/patch/view.js';

/** Parses a diff given as lines, the way a mail body holds it. */
function parse(...lines: string[]) {
  const body = lines.join('\n') + '\n';
  const all = splitLines(body);
  const start = findDiffStart(all);
  expect(start).toBeGreaterThanOrEqual(0);
  return parseDiffAt(all, start);
}

describe('renames and copies', () => {
  it('reads a rename with edits: paths, status and similarity', () => {
    const [file] = parse(
      'diff --git a/hw/old.c b/hw/new.c',
      'similarity index 90%',
      'rename from hw/old.c',
      'rename to hw/new.c',
      'index 1111111..2222222 100644',
      '--- a/hw/old.c',
      '+++ b/hw/new.c',
      '@@ -1,2 +1,2 @@',
      ' int a;',
      '-int b;',
      '+int c;',
    );
    expect(file).toMatchObject({ oldPath: 'hw/old.c', newPath: 'hw/new.c', path: 'hw/new.c', status: 'renamed', similarity: 90 });
    expect(file!.hunks[0]!.corrupt).toBeNull();
  });

  it('reads a pure rename, which has no hunks at all', () => {
    const [file] = parse('diff --git a/docs/a.txt b/docs/b.txt', 'similarity index 100%', 'rename from docs/a.txt', 'rename to docs/b.txt');
    expect(file).toMatchObject({ oldPath: 'docs/a.txt', newPath: 'docs/b.txt', status: 'renamed', similarity: 100, hunks: [] });
  });

  it('tells a copy from a rename', () => {
    const [file] = parse('diff --git a/a.c b/b.c', 'similarity index 100%', 'copy from a.c', 'copy to b.c');
    expect(file).toMatchObject({ oldPath: 'a.c', newPath: 'b.c', status: 'copied' });
  });
});

describe('binary, mode-only, new and deleted files', () => {
  it('flags a binary file and reads the text diff after it intact', () => {
    const files = parse(
      'diff --git a/pc-bios/x.bin b/pc-bios/x.bin',
      'index 1111111..2222222 100644',
      'GIT binary patch',
      'literal 4',
      'LcmZQzWMT#Y01f~L',
      '',
      'literal 3',
      'KcmZQzU|;|M00aO5',
      '',
      'diff --git a/a.c b/a.c',
      '--- a/a.c',
      '+++ b/a.c',
      '@@ -1 +1 @@',
      '-old',
      '+new',
    );
    expect(files.map((f) => [f.path, f.binary, f.hunks.length])).toEqual([
      ['pc-bios/x.bin', true, 0],
      ['a.c', false, 1],
    ]);
    expect(files[1]!.hunks[0]!.lines.map((l) => [l.kind, l.text])).toEqual([
      ['del', 'old'],
      ['add', 'new'],
    ]);
  });

  it('flags "Binary files ... differ"', () => {
    const [file] = parse('diff --git a/x.png b/x.png', 'index 1111111..2222222 100644', 'Binary files a/x.png and b/x.png differ');
    expect(file).toMatchObject({ binary: true, status: 'modified', hunks: [] });
  });

  it('reads a mode-only change', () => {
    const [file] = parse('diff --git a/tests/qemu-iotests/283 b/tests/qemu-iotests/283', 'old mode 100644', 'new mode 100755');
    expect(file).toMatchObject({ status: 'modified', oldMode: '100644', newMode: '100755', hunks: [], path: 'tests/qemu-iotests/283' });
  });

  it('reads new, empty-new and deleted files', () => {
    const files = parse(
      'diff --git a/new.h b/new.h',
      'new file mode 100644',
      'index 0000000..1111111',
      '--- /dev/null',
      '+++ b/new.h',
      '@@ -0,0 +1,2 @@',
      '+#ifndef NEW_H',
      '+#endif',
      'diff --git a/empty b/empty',
      'new file mode 100644',
      'index 0000000..e69de29',
      'diff --git a/gone.c b/gone.c',
      'deleted file mode 100644',
      'index 1111111..0000000',
      '--- a/gone.c',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-int x;',
    );
    expect(files.map((f) => [f.status, f.oldPath, f.newPath])).toEqual([
      ['added', null, 'new.h'],
      ['added', null, 'empty'],
      ['deleted', 'gone.c', null],
    ]);
    expect(files[0]!.newMode).toBe('100644');
    expect(files[2]!.oldMode).toBe('100644');
    expect(viewOfDiff(files[0]!).complete).toBe(true);
  });
});

describe('"\\ No newline at end of file"', () => {
  const lines = [
    'diff --git a/f b/f',
    '--- a/f',
    '+++ b/f',
    '@@ -1,2 +1,2 @@',
    ' keep',
    '-old',
    '\\ No newline at end of file',
    '+new',
    '\\ No newline at end of file',
  ];

  it('is a marker on the previous line, never a changed line of its own', () => {
    const [file] = parse(...lines);
    const hunk = file!.hunks[0]!;
    expect(hunk.corrupt).toBeNull();
    expect(hunk.lines.map((l) => [l.kind, l.text, l.noNewlineAtEof])).toEqual([
      ['context', 'keep', false],
      ['del', 'old', true],
      ['add', 'new', true],
    ]);
  });

  it('is recognised in CRLF input too, and no line keeps its \\r', () => {
    const body = lines.join('\r\n') + '\r\n';
    const all = body.split('\n');
    const [file] = parseDiffAt(all, findDiffStart(all));
    const hunk = file!.hunks[0]!;
    expect(hunk.corrupt).toBeNull();
    expect(hunk.lines.map((l) => l.text)).toEqual(['keep', 'old', 'new']);
    expect(hunk.lines[2]!.noNewlineAtEof).toBe(true);
  });
});

describe('hunk boundaries', () => {
  it('keeps lines that start with "--" inside the hunk and stops before the signature', () => {
    const [file] = parse(
      'diff --git a/docs/x.rst b/docs/x.rst',
      '--- a/docs/x.rst',
      '+++ b/docs/x.rst',
      '@@ -1,3 +1,4 @@',
      '-- item',
      '--- a/fake/header',
      '+++ b/fake/header',
      '+-- x',
      ' -- ctx',
      '+new',
      '-- ',
      '2.51.0',
    );
    const hunk = file!.hunks[0]!;
    expect(hunk.corrupt).toBeNull();
    expect(hunk.lines.map((l) => `${l.kind}:${l.text}`)).toEqual([
      'del:- item',
      'del:-- a/fake/header',
      'add:++ b/fake/header',
      'add:-- x',
      'context:-- ctx',
      'add:new',
    ]);
  });

  it('reports a hunk whose counts are too large instead of swallowing the signature', () => {
    const [file] = parse('diff --git a/a b/a', '--- a/a', '+++ b/a', '@@ -1,3 +1,3 @@', ' one', '-two', '+2', '-- ', '2.51.0');
    expect(file!.hunks[0]!.corrupt).toMatch(/runs into the mail signature/);
    expect(viewOfDiff(file!).segments).toEqual([]);
  });

  it('reports a line wrapped by the mailer', () => {
    const [file] = parse(
      'diff --git a/a.c b/a.c',
      '--- a/a.c',
      '+++ b/a.c',
      '@@ -1,2 +1,2 @@',
      ' int x;',
      '-int y = some_long_function(argument_one,',
      'argument_two);',
      '+int y;',
    );
    expect(file!.hunks[0]!.corrupt).toMatch(/neither '\+', '-' nor a space/);
  });

  it('reports a hunk with more lines than declared', () => {
    const [file] = parse('diff --git a/a b/a', '--- a/a', '+++ b/a', '@@ -1 +1 @@', '-x', '+y', '+z');
    expect(file!.hunks[0]!.corrupt).toBe('the hunk has more lines than its header declares');
  });

  it('reads the next file after a corrupt hunk', () => {
    const files = parse(
      'diff --git a/a b/a',
      '--- a/a',
      '+++ b/a',
      '@@ -1,5 +1,5 @@',
      ' x',
      '-y',
      '+z',
      'diff --git a/b b/b',
      '--- a/b',
      '+++ b/b',
      '@@ -1 +1 @@',
      '-p',
      '+q',
    );
    expect(files.map((f) => [f.path, f.hunks[0]!.corrupt === null])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });

  it('takes an empty line inside a hunk as blank context, the way git apply does', () => {
    const [file] = parse('diff --git a/a b/a', '--- a/a', '+++ b/a', '@@ -1,3 +1,3 @@', ' x', '', '-y', '+z');
    const hunk = file!.hunks[0]!;
    expect(hunk.corrupt).toBeNull();
    expect(hunk.lines.map((l) => [l.kind, l.text, l.newLine])).toEqual([
      ['context', 'x', 1],
      ['context', '', 2],
      ['del', 'y', null],
      ['add', 'z', 3],
    ]);
  });
});

describe('positions', () => {
  it('numbers lines in the new file and in the mail body', () => {
    const body = [
      'Subject line of body',
      '',
      'Signed-off-by: A <a@b>',
      '---',
      ' a | 2 +-',
      '',
      'diff --git a/a b/a',
      '--- a/a',
      '+++ b/a',
      '@@ -10,2 +10,3 @@ fn',
      ' ten',
      '+new',
      ' eleven',
    ];
    const [file] = parseDiffAt(body, findDiffStart(body));
    const hunk = file!.hunks[0]!;
    expect(hunk).toMatchObject({ oldStart: 10, newStart: 10, newLines: 3, context: 'fn', patchLine: 10 });
    expect(hunk.lines.map((l) => [l.newLine, l.oldLine, l.patchLine])).toEqual([
      [10, 10, 11],
      [11, null, 12],
      [12, 11, 13],
    ]);
  });

  it('reads @@ headers without counts, names with spaces, diff -u timestamps and quoted names', () => {
    const files = parse(
      'diff --git a/my file.txt b/my file.txt',
      '--- a/my file.txt',
      '+++ b/my file.txt',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git "a/caf\\303\\251.txt" "b/caf\\303\\251.txt"',
      'index 1111111..2222222 100644',
      '--- "a/caf\\303\\251.txt"',
      '+++ "b/caf\\303\\251.txt"',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff -u old/x.c new/x.c',
      '--- old/x.c\t2024-01-01 00:00:00.000000000 +0000',
      '+++ new/x.c\t2024-01-02 00:00:00.000000000 +0000',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    );
    expect(files.map((f) => f.path)).toEqual(['my file.txt', 'café.txt', 'new/x.c']);
    expect(files.every((f) => f.hunks[0]!.corrupt === null)).toBe(true);
  });
});

describe('finding the diff in a mail body', () => {
  it('ignores quoted diffs and prose that mentions "diff --git"', () => {
    expect(findDiffStart(['> diff --git a/x b/x', '> --- a/x', '> +++ b/x'])).toBe(-1);
    expect(findDiffStart(['diff --git output is what we parse here.', 'Nothing else.'])).toBe(-1);
  });

  it('cuts the commit message at git\'s "---" separator', () => {
    const lines = [
      'Body line.',
      '',
      'Signed-off-by: A <a@b>',
      '---',
      ' v2: changed',
      '',
      'diff --git a/x b/x',
      '--- a/x',
      '+++ b/x',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    ];
    expect(commitMessageLines(lines, findDiffStart(lines)).map((l) => l.text)).toEqual(['Body line.', '', 'Signed-off-by: A <a@b>']);
  });

  it('finds a bare "--- a / +++ b / @@" diff without a diff line', () => {
    expect(findDiffStart(['text', '--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '+b'])).toBe(1);
  });
});
