/**
 * Hand-made patches in the shapes of accepted qemu-devel patches that
 * add nothing new: code moved between modules, docs written for members
 * that exist, members added to a definition the same series created.
 */
import { hunkDiff, newFileDiff } from '../../support/patches.js';

/** A command as QEMU documents one; `extra` adds a member to it. */
export function fooCommand(since: string, options: { name?: string; extra?: boolean; features?: boolean } = {}): string[] {
  const name = options.name ?? 'query-foo';
  return [
    '##',
    `# @${name}:`,
    '#',
    '# Return the foo.',
    '#',
    '# @verbose: Say more.',
    ...(options.extra ? ['#', '# @extra: Say it twice.'] : []),
    '#',
    ...(options.features ? ['# Features:', '#', '# @unstable: This command is experimental.', '#'] : []),
    `# Since: ${since}`,
    '##',
    `{ 'command': '${name}',`,
    `  'data': { '*verbose': 'bool'${options.extra ? ", '*extra': 'bool'" : ''} }${options.features ? ",\n  'features': [ 'unstable' ]" : ''} }`,
  ].flatMap((l) => l.split('\n'));
}

/** The command removed from qapi/misc.json, between two that stay. */
export function moveOut(lines: string[] = fooCommand('2.1')): string {
  return hunkDiff('qapi/misc.json', [{ start: 40, lines: [" { 'command': 'query-bar' }", ' ', ...lines.map((l) => `-${l}`), '-', ' ##', ' # @query-baz:'] }]);
}

/** A new module holding the command (and whatever else). */
export function moveIn(lines: string[] = fooCommand('2.1'), path = 'qapi/foo.json'): string {
  return newFileDiff(path, ['# -*- Mode: Python -*-', '# vim: filetype=python', '', ...lines].join('\n') + '\n');
}

/** `# @b:` documented for a member the definition has had all along. */
export function docForOldMember(description: string): string {
  return hunkDiff('qapi/test.json', [
    {
      start: 10,
      lines: [
        ' ##',
        ' # @Old:',
        ' #',
        ' # @a: An a.',
        ' #',
        `+# @b: ${description}`,
        '+#',
        ' # Since: 2.4',
        ' ##',
        " { 'struct': 'Old', 'data': { 'a': 'int', 'b': 'int' } }",
      ],
    },
  ]);
}

/** Patch 1 of a series: struct Thing in a new module, with a long member description and Since section `since`. */
export function createThing(since: string): string {
  return newFileDiff(
    'qapi/thing.json',
    [
      '##',
      '# @Thing:',
      '#',
      '# @a: An a.',
      '#',
      '# @b: A b, described at length',
      '#     over',
      '#     several',
      '#     lines',
      '#     to',
      '#     keep',
      '#     the',
      '#     Since',
      '#     out of sight.',
      '#',
      `# Since: ${since}`,
      '##',
      "{ 'struct': 'Thing',",
      "  'data': { 'a': 'int', 'b': 'int' } }",
    ].join('\n') + '\n',
  );
}

const thingData = (extra: string) => [" { 'struct': 'Thing',", "-  'data': { 'a': 'int', 'b': 'int' } }", `+  'data': { 'a': 'int', 'b': 'int', ${extra} } }`];

/**
 * A later patch adding member @c to Thing after @b.  'shown': the hunk
 * shows the whole doc block, its Since section `since` too; 'hidden': it
 * shows `# @Thing:` and @b's first lines, not the Since section, and the
 * code in a hunk of its own.
 */
export function addToThing(where: 'shown' | 'hidden', since = '10.0'): string {
  const head = [' ##', ' # @Thing:', ' #', ' # @a: An a.', ' #', '+# @c: A c.', '+#', ' # @b: A b, described at length', ' #     over'];
  if (where === 'shown') {
    const rest = ['several', 'lines', 'to', 'keep', 'the', 'Since', 'out of sight.'].map((w) => ` #     ${w}`);
    return hunkDiff('qapi/thing.json', [{ start: 1, lines: [...head, ...rest, ' #', ` # Since: ${since}`, ' ##', ...thingData("'c': 'int'")] }]);
  }
  return hunkDiff('qapi/thing.json', [
    { start: 1, lines: head },
    { start: 20, lines: thingData("'c': 'int'") },
  ]);
}
