/**
 * What QEMU's parser rejects on its own: lexical and syntax errors,
 * include and pragma directives, the structure of doc comments, in both
 * generations.  Synthetic schemas; expected texts are QEMU 10.0.13's
 * (for the legacy generation, QEMU 7.2's behaviour with our messages).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSchema, formatSchemaError, type SchemaCheckOptions } from '../../src/qapi/schema-check/index.js';
import { tempDir } from '../support/temp.js';

/** QEMU's output for main.json among `files`, paths relative to their directory ('' when accepted). */
function check(files: Record<string, string>, options: SchemaCheckOptions = {}): string {
  const dir = tempDir('qapi-schema-check-');
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const result = checkSchema(join(dir, 'main.json'), { qemuVersion: '10.0.13', pragmaRoot: null, ...options });
    return result.errors.map(formatSchemaError).join('\n').replaceAll(`${dir}/`, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const main = (text: string, options?: SchemaCheckOptions) => check({ 'main.json': text }, options);
const legacy = (text: string) => main(text, { qemuVersion: '7.2.0' });

describe('lexer', () => {
  it.each([
    ['a word that is no token', "{ 'enum': 'Enum', 'data': [ 1 ] }", "main.json:1:29: stray '1'"],
    ['a stray word ends at structure', "{ 'a': abc:'x' }", "main.json:1:8: stray 'abc'"],
    ['an unterminated string', "{ 'enum': 'E\n", `main.json:1:11: missing terminating "'"`],
    ['an escape other than \\\\', "{ 'enum': 'E\\u' }", 'main.json:1:11: unknown escape \\u'],
    ['a control character in a string', "{ 'enum': 'E\x01' }", 'main.json:1:11: funny character in string'],
    ['a non-ASCII character in a string', "{ 'enum': 'Ä' }", 'main.json:1:11: funny character in string'],
    ['a byte order mark', "\ufeff{ 'enum': 'Enum', 'data': [] }", "main.json:1:1: stray '\ufeff'"],
    ['a non-ASCII character outside strings', '\n  é', "main.json:2:3: stray 'é'"],
  ])('rejects %s', (_what, text, expected) => {
    expect(main(text)).toBe(expected);
  });

  it('counts CRLF and lone CR as line ends, as Python reading text does', () => {
    expect(main("{ 'enum': 'Enum',\r\n  'data': [] }\r\r x")).toBe("main.json:4:2: stray 'x'");
  });

  it("reproduces QEMU's tab arithmetic (col = (col + 7) % 8 + 1), under which tabs never advance past column 8", () => {
    expect(main("{ 'enum': 'Enum', 'data': [] }\n\t\tx")).toBe("main.json:2:1: stray 'x'");
    expect(main("{ 'enum': 'Enum', 'data': [] }\t\tx")).toBe("main.json:1:7: stray 'x'");
  });

  it('takes true and false as the only words, and \\\\ as the only escape', () => {
    expect(main("{ 'enum': 'Enum', 'data': [ 'a\\\\b' ], 'if': true }")).toBe(
      "main.json: In enum 'Enum':\nmain.json:1: 'data' member 'a\\b' has an invalid name",
    );
  });
});

describe('expression syntax', () => {
  it.each([
    ["expected ':'", "{ 'enum' 'E' }", "main.json:1:10: expected ':'"],
    ["expected string or '}'", '{ , }', "main.json:1:3: expected string or '}'"],
    ["expected ',' or '}'", "{ 'a': 'b' 'c' }", "main.json:1:12: expected ',' or '}'"],
    ['expected string (a trailing comma)', "{ 'a': 'b', }", 'main.json:1:13: expected string'],
    ["expected ',' or ']'", "{ 'a': [ 'b' 'c' ] }", "main.json:1:14: expected ',' or ']'"],
    ['an array may not start with a comma', "{ 'a': [ , ] }", "main.json:1:10: expected '{', '[', ']', string, or boolean"],
    ['a value is needed after a comma', "{ 'a': [ 'b', ] }", "main.json:1:15: expected '{', '[', string, or boolean"],
    ['a value is needed after a colon', "{ 'a': }", "main.json:1:8: expected '{', '[', string, or boolean"],
    ['a key appears once, reported at its second value', "{ 'a': 'b', 'a': 'c' }", "main.json:1:18: duplicate key 'a'"],
    ['the end of the file inside an object', "{ 'a': 'b',\n", 'main.json:1:12: expected string'],
  ])('%s', (_what, text, expected) => {
    expect(main(text)).toBe(expected);
  });

  it('wants objects at the top level', () => {
    expect(main("[ 'a' ]")).toBe('main.json:1: top-level expression must be an object');
    expect(main("'{'")).toBe('main.json:1: top-level expression must be an object');
  });

  it('accepts an empty file and plain comments anywhere', () => {
    expect(main('')).toBe('');
    expect(main("# just a comment\n{ 'enum': 'Enum', # here too\n  'data': [] }\n")).toBe('');
  });
});

describe('include directives', () => {
  it('resolves includes relative to the including file, and prints the include chain', () => {
    const files = {
      'main.json': "{ 'include': 'sub/a.json' }",
      'sub/a.json': "\n{ 'include': 'b.json' }",
      'sub/b.json': "{ 'enum': 'Enum', 'data': 'x' }",
    };
    expect(check(files)).toBe(
      'In file included from main.json:1:\nIn file included from sub/a.json:2:\n' + "sub/b.json: In enum 'Enum':\nsub/b.json:1: 'data' must be an array",
    );
  });

  it('joins include paths without normalising them, as QEMU prints them', () => {
    const files = { 'main.json': "{ 'include': 'sub/../sub/a.json' }", 'sub/a.json': "{ 'enum': 'Enum' }" };
    expect(check(files)).toBe("In file included from main.json:1:\nsub/../sub/a.json: In enum 'Enum':\nsub/../sub/a.json:1: enum misses key 'data'");
  });

  it('reads a file included twice only once', () => {
    const files = {
      'main.json': "{ 'include': 'a.json' }\n{ 'include': 'b.json' }\n{ 'include': './a.json' }",
      'a.json': "{ 'enum': 'Enum', 'data': [] }",
      'b.json': "{ 'include': 'a.json' }",
    };
    expect(check(files)).toBe('');
  });

  it('rejects inclusion loops', () => {
    const files = { 'main.json': "{ 'include': 'a.json' }", 'a.json': "{ 'include': 'main.json' }" };
    expect(check(files)).toBe('In file included from main.json:1:\na.json:1: inclusion loop for main.json');
    expect(main("{ 'include': 'main.json' }")).toBe('main.json:1: inclusion loop for main.json');
  });

  it('reports unreadable files', () => {
    expect(main("\n{ 'include': 'nope.json' }")).toBe("main.json:2: can't read include file 'nope.json': No such file or directory");
    expect(check({ 'main.json': "{ 'include': 'dir' }", 'dir/x': '' })).toBe("main.json:1: can't read include file 'dir': Is a directory");
    expect(check({ 'other.json': '' })).toMatch(/^can't read schema file '.*main\.json': No such file or directory$/);
  });

  it('wants exactly a string', () => {
    expect(main("{ 'include': 'a.json', 'x': 'y' }")).toBe("main.json:1: invalid 'include' directive");
    expect(main("{ 'include': [ 'a.json' ] }")).toBe("main.json:1: value of 'include' must be a string");
  });
});

describe('pragma directives', () => {
  it.each([
    ['one key only', "{ 'pragma': {}, 'x': 'y' }", "main.json:1: invalid 'pragma' directive"],
    ['an object', "{ 'pragma': [] }", "main.json:1: value of 'pragma' must be an object"],
    ['known pragmas', "{ 'pragma': { 'doc-optional': true } }", "main.json:1: unknown pragma 'doc-optional'"],
    ['a boolean doc-required', "{ 'pragma': { 'doc-required': 'yes' } }", "main.json:1: pragma 'doc-required' must be boolean"],
    ['lists of strings', "{ 'pragma': { 'member-name-exceptions': [ 'A', true ] } }", 'main.json:1: pragma member-name-exceptions must be a list of strings'],
    ['no doc comment before it', "##\n# @Enum:\n##\n{ 'pragma': {} }", "main.json:1: documentation for 'Enum' is not followed by the definition"],
  ])('wants %s', (_what, text, expected) => {
    expect(main(text)).toBe(expected);
  });
});

describe('doc comments', () => {
  const documented = (doc: string, defn = "{ 'enum': 'Enum', 'data': [ 'a' ] }") => main(`##\n${doc}##\n${defn}\n`);

  it('accepts the conventional layout', () => {
    const doc = [
      '# @Enum:',
      '#',
      '# An enum.  With rST text, a list and a literal block::',
      '#',
      '#     {"literal": true}',
      '#',
      '# @a: the one value, which is described',
      '#     on two lines',
      '#',
      '# Features:',
      '#',
      '# @feat: a feature',
      '#',
      '# .. note:: rST admonitions replace Note sections.',
      '#',
      '# Since: 10.0',
      '',
    ].join('\n');
    expect(documented(doc, "{ 'enum': 'Enum', 'data': [ 'a' ], 'features': [ 'feat' ] }")).toBe('');
  });

  it.each([
    [
      'junk after the opening ##',
      '',
      "main.json:1:1: junk after '##' at start of documentation comment",
      "### x\n# @Enum:\n##\n{ 'enum': 'Enum', 'data': [] }",
    ],
    ['junk after the closing ##', '', "main.json:3:1: junk after '##' at end of documentation comment", "##\n# @Enum:\n## x\n{ 'enum': 'Enum', 'data': [] }"],
    ['a missing closing ##', '', "main.json:3:1: documentation comment must end with '##'", "##\n# @Enum:\n{ 'enum': 'Enum', 'data': [] }"],
    ['a missing space after #', '', 'main.json:3:1: missing space after #', "##\n# @Enum:\n#x\n##\n{ 'enum': 'Enum', 'data': [] }"],
    ['a symbol line without colon', '', "main.json:2:1: line should end with ':'", "##\n# @E\n##\n{ 'enum': 'Enum', 'data': [] }"],
    ['an empty symbol', '', "main.json:2:1: name required after '@'", "##\n# @:\n##\n{ 'enum': 'Enum', 'data': [] }"],
    ['free-form text before a definition', '', 'main.json:1: definition documentation required', "##\n# Text\n##\n{ 'enum': 'Enum', 'data': [] }"],
    ['definition documentation without definition', '', "main.json:1: documentation for 'Enum' is not followed by the definition", '##\n# @Enum:\n##\n'],
    [
      'two doc comments for one definition',
      '',
      "main.json:1: documentation for 'Enum' is not followed by the definition",
      "##\n# @Enum:\n##\n##\n# @Enum:\n##\n{ 'enum': 'Enum', 'data': [] }",
    ],
    ['a description in free-form text', '', "main.json:3:1: '@a:' not allowed in free-form documentation", '##\n# Text\n# @a: b\n##\n'],
    ['a heading after text', '', "main.json:3:1: '=' heading must come first in a comment block", '##\n# Text\n# = Heading\n##\n'],
    [
      'a heading in definition documentation',
      '',
      "main.json:4:1: unexpected '=' markup in definition documentation",
      "##\n# @Enum:\n#\n# = Heading\n##\n{ 'enum': 'Enum', 'data': [] }",
    ],
  ])('rejects %s', (_what, _unused, expected, text) => {
    expect(main(text)).toBe(expected);
  });

  it.each([
    ['a description after a section', '# @Enum:\n#\n# Since: 1.0\n#\n# @a: x\n', "main.json:6:1: description of '@a:' follows a section"],
    [
      'a description after the features',
      '# @Enum:\n#\n# Features:\n# @f: x\n#\n# Text.\n#\n# @a: x\n',
      "main.json:9:1: description of '@a:' follows a section",
    ],
    ['a second Features line', '# @Enum:\n#\n# Features:\n# @f: x\n#\n# Features:\n', "main.json:7:1: duplicated 'Features:' line"],
    ['Features without descriptions', '# @Enum:\n#\n# Features:\n#\n# Since: 1.0\n', 'main.json:6:1: feature descriptions expected'],
    ['an empty description name', '# @Enum:\n#\n# @: x\n', 'main.json:4: invalid parameter name'],
    ['a member described twice', '# @Enum:\n#\n# @a: x\n# @a: y\n', "main.json:5: 'a' parameter name duplicated"],
    ['a second Returns section', '# @Enum:\n#\n# Returns: x\n#\n# Returns: y\n', "main.json:6: duplicated 'Returns' section"],
    ['a second Since section', '# @Enum:\n#\n# Since: 1\n#\n# Since: 2\n', "main.json:6: duplicated 'Since' section"],
    ['a tagged section without text', '# @Enum:\n#\n# Since:\n', "main.json:4: text required after 'Since:'"],
    ['a description without text', '# @Enum:\n#\n# @a:\n', "main.json:4: text required after 'Member:'"],
    [
      'a continuation line indented less than the first',
      '# @Enum:\n#\n# @a: x\n#     y\n#   z\n',
      'main.json:6:1: unexpected de-indent (expected at least 4 spaces)',
    ],
    [
      'Note sections',
      '# @Enum:\n#\n# Note: x\n',
      "main.json:4:1: The 'Note' section is no longer supported. Please use rST's '.. note::' or '.. admonition:: notes' directives, or another suitable admonition instead.",
    ],
    [
      'Examples sections',
      '# @Enum:\n#\n# Examples: x\n',
      "main.json:4:1: The 'Examples' section is no longer supported. Please use the '.. qmp-example::' directive, or other suitable markup instead.",
    ],
  ])('rejects %s', (_what, doc, expected) => {
    expect(documented(doc)).toBe(expected);
  });

  it('takes every @name: line after Features: for a feature', () => {
    expect(documented('# @Enum:\n#\n# Features:\n# @f: x\n#\n# @a: x\n')).toBe("main.json: In enum 'Enum':\nmain.json:9: value 'a' lacks documentation");
  });

  it('checks indentation only on the line after the first continuation line, as QEMU does', () => {
    expect(documented('# @Enum:\n#\n# @a: x\n#     y\n#     z\n#   w\n')).toBe('');
  });

  it('ends a description at an unindented line after a blank one', () => {
    expect(documented('# @Enum:\n#\n# @a: x\n#     y\n#\n# Text after.\n')).toBe('');
  });

  it("leaves 'Since::' (rST) alone", () => {
    expect(documented('# @Enum:\n#\n# @a: x\n#\n# Since:: literal\n')).toBe('');
  });

  it('accepts free-form documentation with a leading heading', () => {
    expect(main('##\n# = Heading\n#\n# Text\n##\n')).toBe('');
  });
});

describe('doc comments in the legacy (QEMU < 9.0) syntax', () => {
  it('accepts what QEMU 7.2 accepts', () => {
    const text = [
      '##',
      '# = Introduction',
      '#',
      '# Text.',
      '#',
      '# = Another heading in the same block',
      '##',
      '',
      '##',
      '# @cmd:',
      '#',
      '# Does something.',
      '#',
      '# @arg: what it does it with, aligned',
      '#       under the text',
      '# @other:',
      '# * a list without indentation',
      '#',
      '# Returns: nothing at all',
      '#',
      '# Since: 1.0',
      '#',
      '# Note: notes were sections then',
      '#',
      '# Example:',
      '#',
      '# -> { "execute": "cmd" }',
      '#',
      '##',
      "{ 'command': 'cmd', 'data': { 'arg': 'str', 'other': 'int', 'undocumented': 'int' } }",
      '',
    ].join('\n');
    expect(legacy(text)).toBe('');
    expect(main(text)).toBe("main.json:6:1: '=' heading must come first in a comment block");
  });

  it.each([
    ['continuation lines left of the text column', '# @a: text\n#    more\n', 'main.json:4:1: unexpected de-indent (expected at least 4 spaces)'],
    ['a description after a section', '# Since: 1.0\n# @a: x\n', "main.json:4:1: description of '@a:' follows a section"],
    ['a second Since section', '# @a: x\n#\n# Since: 1\n# Since: 2\n', "main.json:6: duplicated 'Since' section"],
    ['an empty tagged section', '# @a: x\n#\n# Since:\n# Note: x\n', "main.json:5: text required after 'Since:'"],
    ['a missing space after #', '#x\n', 'main.json:3:1: missing space after #'],
    ['a heading', '# = H\n', "main.json:3:1: unexpected '=' markup in definition documentation"],
  ])('rejects %s', (_what, body, expected) => {
    expect(legacy(`##\n# @Enum:\n${body}##\n{ 'enum': 'Enum', 'data': [ 'a' ] }\n`)).toBe(expected);
  });

  it("still rejects descriptions in free-form text, and 'Returns' outside commands", () => {
    expect(legacy('##\n# Text\n# @a: x\n##\n')).toBe("main.json:3:1: '@a:' not allowed in free-form documentation");
    expect(legacy("##\n# @Enum:\n# Returns: x\n##\n{ 'enum': 'Enum', 'data': [] }")).toBe("main.json:3: 'Returns' section is only valid for commands");
  });
});
