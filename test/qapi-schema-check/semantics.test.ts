/**
 * The checks after parsing: expression checks (keys, names, value shapes,
 * flags, doc comment placement) and schema checks (types, members, clashes,
 * unions, alternates, commands, features, doc coverage).  Synthetic
 * schemas; every expected text is what QEMU 10.0.13 prints for them.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSchema, formatSchemaError, type SchemaCheckOptions } from '../../src/qapi/schema-check/index.js';
import { tempDir } from '../support/temp.js';

/** QEMU's output for `text` as main.json ('' when accepted). */
function check(text: string, options: SchemaCheckOptions = {}): string {
  const dir = tempDir('qapi-schema-check-');
  try {
    writeFileSync(join(dir, 'main.json'), text);
    const result = checkSchema(join(dir, 'main.json'), { qemuVersion: '10.0.13', pragmaRoot: null, ...options });
    return result.errors.map(formatSchemaError).join('\n').replaceAll(`${dir}/`, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('expression checks', () => {
  it.each([
    [
      'exactly one meta key',
      "{ 'struct': 'Foo', 'enum': 'Bar', 'data': {} }",
      "main.json:1: expression must have exactly one key 'enum', 'struct', 'union', 'alternate', 'command', 'event'",
    ],
    ['a meta key at all', "{ 'data': {} }", "main.json:1: expression must have exactly one key 'enum', 'struct', 'union', 'alternate', 'command', 'event'"],
    ['a string name', "{ 'struct': [ 'Foo' ], 'data': {} }", "main.json:1: 'struct' requires a string name"],
    ['a valid name', "{ 'struct': 'Foo!', 'data': {} }", "main.json: In struct 'Foo!':\nmain.json:1: struct has an invalid name"],
    ["no 'q_' names", "{ 'command': 'q-cmd' }", "main.json: In command 'q-cmd':\nmain.json:1: command has an invalid name"],
    ['upper-case event names', "{ 'event': 'Changed' }", "main.json: In event 'Changed':\nmain.json:1: name of event must not use lowercase or '-'"],
    ['lower-case command names', "{ 'command': 'doIt' }", "main.json: In command 'doIt':\nmain.json:1: name of command must not use uppercase or '_'"],
    ["no '_' in command names", "{ 'command': 'do_it' }", "main.json: In command 'do_it':\nmain.json:1: name of command must not use uppercase or '_'"],
    ['CamelCase type names', "{ 'struct': 'foo-bar', 'data': {} }", "main.json: In struct 'foo-bar':\nmain.json:1: name of struct must use CamelCase"],
    [
      'no type names ending in List',
      "{ 'struct': 'FooList', 'data': {} }",
      "main.json: In struct 'FooList':\nmain.json:1: struct name should not end in 'List'",
    ],
    ['the required keys', "{ 'union': 'Foo', 'data': {} }", "main.json: In union 'Foo':\nmain.json:1: union misses keys 'base', 'discriminator'"],
    [
      'known keys only',
      "{ 'struct': 'Foo', 'data': {}, 'returns': 'int', 'boxed': true }",
      "main.json: In struct 'Foo':\nmain.json:1: struct has unknown keys 'boxed', 'returns'\nValid keys are 'base', 'data', 'features', 'if', 'struct'.",
    ],
    ['an array for enum data', "{ 'enum': 'Foo', 'data': { 'a': 'int' } }", "main.json: In enum 'Foo':\nmain.json:1: 'data' must be an array"],
    ['a string prefix', "{ 'enum': 'Foo', 'data': [], 'prefix': true }", "main.json: In enum 'Foo':\nmain.json:1: 'prefix' must be a string"],
    [
      'enum values with valid keys',
      "{ 'enum': 'Foo', 'data': [ { 'name': 'a', 'value': 'x' } ] }",
      "main.json: In enum 'Foo':\nmain.json:1: 'data' member has unknown key 'value'\nValid keys are 'features', 'if', 'name'.",
    ],
    [
      'lower-case enum values',
      "{ 'enum': 'Foo', 'data': [ 'Bar' ] }",
      "main.json: In enum 'Foo':\nmain.json:1: name of 'data' member 'Bar' must not use uppercase or '_'",
    ],
    ['enum values as strings', "{ 'enum': 'Foo', 'data': [ [ 'a' ] ] }", "main.json: In enum 'Foo':\nmain.json:1: 'data' member requires a string name"],
    [
      'member names of valid case',
      "{ 'struct': 'Foo', 'data': { 'aB': 'int' } }",
      "main.json: In struct 'Foo':\nmain.json:1: name of 'data' member 'aB' must not use uppercase or '_'",
    ],
    [
      "member names other than 'u'",
      "{ 'struct': 'Foo', 'data': { '*u': 'int' } }",
      "main.json: In struct 'Foo':\nmain.json:1: 'data' member '*u' uses reserved name",
    ],
    [
      'member names not starting with has-',
      "{ 'struct': 'Foo', 'data': { 'has-a': 'int' } }",
      "main.json: In struct 'Foo':\nmain.json:1: 'data' member 'has-a' uses reserved name",
    ],
    [
      'a type for each member',
      "{ 'struct': 'Foo', 'data': { 'a': { 'if': 'X' } } }",
      "main.json: In struct 'Foo':\nmain.json:1: 'data' member 'a' misses key 'type'",
    ],
    [
      'a type name or array',
      "{ 'struct': 'Foo', 'data': { 'a': { 'type': 'int' } , 'b': true } }",
      "main.json: In struct 'Foo':\nmain.json:1: 'data' member 'b' should be a type name or array",
    ],
    [
      'arrays of a single type name',
      "{ 'command': 'foo', 'data': { 'a': [ 'int', 'str' ] } }",
      "main.json: In command 'foo':\nmain.json:1: 'data' member 'a': array type must contain single type name",
    ],
    [
      'an object or type name as data',
      "{ 'struct': 'Foo', 'data': [ 'a' ] }",
      "main.json: In struct 'Foo':\nmain.json:1: 'data' should be an object or type name",
    ],
    [
      'a type name as base',
      "{ 'struct': 'Foo', 'data': {}, 'base': { 'a': 'int' } }",
      "main.json: In struct 'Foo':\nmain.json:1: 'base' should be a type name",
    ],
    [
      'an object as union data',
      "{ 'union': 'Foo', 'base': 'Base', 'discriminator': 'kind', 'data': [] }",
      "main.json: In union 'Foo':\nmain.json:1: 'data' must be an object",
    ],
    [
      'type names as union branches',
      "{ 'union': 'Foo', 'base': 'Base', 'discriminator': 'kind', 'data': { 'a': [ 'Branch' ] } }",
      "main.json: In union 'Foo':\nmain.json:1: 'data' member 'a' should be a type name",
    ],
    [
      'a string discriminator',
      "{ 'union': 'Foo', 'base': 'Base', 'discriminator': {}, 'data': {} }",
      "main.json: In union 'Foo':\nmain.json:1: 'discriminator' requires a string name",
    ],
    ['alternatives', "{ 'alternate': 'Foo', 'data': {} }", "main.json: In alternate 'Foo':\nmain.json:1: 'data' must not be empty"],
    [
      'a type name as boxed data',
      "{ 'command': 'foo', 'boxed': true, 'data': { 'a': 'int' } }",
      "main.json: In command 'foo':\nmain.json:1: 'data' should be a type name",
    ],
    ['data when boxed', "{ 'event': 'FOO', 'boxed': true }", "main.json: In event 'FOO':\nmain.json:1: 'boxed': true requires 'data'"],
    [
      'a type name or array as returns',
      "{ 'command': 'foo', 'returns': {} }",
      "main.json: In command 'foo':\nmain.json:1: 'returns' should be a type name or array",
    ],
    [
      "'if' as string or object",
      "{ 'struct': 'Foo', 'data': {}, 'if': [ 'X' ] }",
      "main.json: In struct 'Foo':\nmain.json:1: 'if' condition of struct must be a string or an object",
    ],
    [
      "'if' identifiers",
      "{ 'struct': 'Foo', 'data': {}, 'if': 'defined(X)' }",
      "main.json: In struct 'Foo':\nmain.json:1: 'if' condition 'defined(X)' of struct is not a valid identifier",
    ],
    [
      "'if' with one operator",
      "{ 'struct': 'Foo', 'data': {}, 'if': { 'all': [ 'X' ], 'not': 'Y' } }",
      "main.json: In struct 'Foo':\nmain.json:1: 'if' condition of struct has conflicting keys",
    ],
    [
      "'if' with known operators",
      "{ 'struct': 'Foo', 'data': {}, 'if': { 'one': [ 'X' ] } }",
      "main.json: In struct 'Foo':\nmain.json:1: 'if' condition of struct has unknown key 'one'\nValid keys are 'all', 'any', 'not'.",
    ],
    [
      "'if' operands in an array",
      "{ 'struct': 'Foo', 'data': {}, 'if': { 'any': 'X' } }",
      "main.json: In struct 'Foo':\nmain.json:1: 'any' condition of struct must be an array",
    ],
    [
      "'if' operands at all",
      "{ 'struct': 'Foo', 'data': {}, 'if': { 'all': [] } }",
      "main.json: In struct 'Foo':\nmain.json:1: 'if' condition [] of struct is useless",
    ],
    [
      "nested 'if' conditions checked",
      "{ 'struct': 'Foo', 'data': {}, 'if': { 'not': { 'any': [ 'X', 'y' ] } } }",
      "main.json: In struct 'Foo':\nmain.json:1: 'if' condition 'y' of struct is not a valid identifier",
    ],
    ["'features' as an array", "{ 'struct': 'Foo', 'data': {}, 'features': 'f' }", "main.json: In struct 'Foo':\nmain.json:1: 'features' must be an array"],
    [
      'feature names as strings',
      "{ 'struct': 'Foo', 'data': {}, 'features': [ { 'name': true } ] }",
      "main.json: In struct 'Foo':\nmain.json:1: 'features' member requires a string name",
    ],
    [
      'lower-case feature names',
      "{ 'struct': 'Foo', 'data': {}, 'features': [ 'Feat' ] }",
      "main.json: In struct 'Foo':\nmain.json:1: name of 'features' member 'Feat' must not use uppercase or '_'",
    ],
    [
      'features with known keys',
      "{ 'struct': 'Foo', 'data': {}, 'features': [ { 'name': 'f', 'since': '1' } ] }",
      "main.json: In struct 'Foo':\nmain.json:1: 'features' member has unknown key 'since'\nValid keys are 'if', 'name'.",
    ],
    ['gen: false only', "{ 'command': 'foo', 'gen': true }", "main.json: In command 'foo':\nmain.json:1: flag 'gen' may only use false value"],
    [
      'success-response: false only',
      "{ 'command': 'foo', 'success-response': 'no' }",
      "main.json: In command 'foo':\nmain.json:1: flag 'success-response' may only use false value",
    ],
    ['allow-oob: true only', "{ 'command': 'foo', 'allow-oob': false }", "main.json: In command 'foo':\nmain.json:1: flag 'allow-oob' may only use true value"],
    [
      'no allow-oob with coroutine',
      "{ 'command': 'foo', 'allow-oob': true, 'coroutine': true }",
      "main.json: In command 'foo':\nmain.json:1: flags 'allow-oob' and 'coroutine' are incompatible",
    ],
  ])('want %s', (_what, text, expected) => {
    expect(check(text)).toBe(expected);
  });

  it('lets enum values start with a digit', () => {
    expect(check("{ 'enum': 'Speed', 'data': [ '2_5', '5' ] }")).toBe(
      "main.json: In enum 'Speed':\nmain.json:1: name of 'data' member '2_5' must not use uppercase or '_'",
    );
    expect(check("{ 'enum': 'Speed', 'data': [ '2-5', '5' ] }")).toBe('');
  });

  it('accepts the long forms of members, values, branches and features', () => {
    const text = [
      "{ 'enum': 'Kind', 'data': [ { 'name': 'one', 'if': 'CONFIG_ONE', 'features': [ 'f' ] }, 'two' ], 'prefix': 'K' }",
      "{ 'struct': 'Base', 'data': { 'kind': { 'type': 'Kind' }, '*opt': { 'type': [ 'int' ], 'if': { 'not': 'X' } } } }",
      "{ 'struct': 'One', 'data': { 'x': 'int' } }",
      "{ 'union': 'Uni', 'base': 'Base', 'discriminator': 'kind', 'data': { 'one': { 'type': 'One', 'if': 'CONFIG_ONE' } } }",
      "{ 'alternate': 'Alt', 'data': { 'b': 'bool', 's': { 'type': 'Base' }, 'l': [ 'int' ] } }",
      "{ 'command': 'cmd', 'data': 'Uni', 'boxed': true, 'returns': [ 'Base' ], 'allow-oob': true, 'allow-preconfig': true }",
      "{ 'command': 'run', 'gen': false, 'success-response': false, 'coroutine': true, 'features': [ { 'name': 'unstable', 'if': { 'all': [ 'A', 'B' ] } } ] }",
      "{ 'event': 'EV', 'data': { 'a': 'Alt' } }",
    ].join('\n');
    expect(check(text)).toBe('');
  });
});

describe('pragmas', () => {
  it('command-name-exceptions lets a command use _', () => {
    expect(check("{ 'pragma': { 'command-name-exceptions': [ 'do_it' ] } }\n{ 'command': 'do_it' }")).toBe('');
  });

  it('command-returns-exceptions lets a command return a non-object', () => {
    expect(check("{ 'pragma': { 'command-returns-exceptions': [ 'get' ] } }\n{ 'command': 'get', 'returns': 'str' }")).toBe('');
  });

  it('member-name-exceptions lets a type use upper case and _ in member names', () => {
    const pragma = "{ 'pragma': { 'member-name-exceptions': [ 'Foo', 'Bar' ] } }\n";
    expect(check(`${pragma}{ 'struct': 'Foo', 'data': { 'aB_c': 'int' } }\n{ 'enum': 'Bar', 'data': [ 'X_Y' ] }`)).toBe('');
  });

  it('documentation-exceptions lets a definition leave members undocumented', () => {
    const text = "##\n# @Foo:\n##\n{ 'struct': 'Foo', 'data': { 'a': 'int' } }\n";
    expect(check(text)).toBe("main.json: In struct 'Foo':\nmain.json:4: member 'a' lacks documentation");
    expect(check(`{ 'pragma': { 'documentation-exceptions': [ 'Foo' ] } }\n${text}`)).toBe('');
  });

  it('applies the last value a pragma gets, even to definitions before it', () => {
    const text = "{ 'command': 'do_it' }\n{ 'pragma': { 'command-name-exceptions': [ 'do_it' ] } }";
    expect(check(text)).toBe('');
  });
});

describe('schema checks', () => {
  it.each([
    [
      'a second definition of a name',
      "{ 'enum': 'Foo', 'data': [] }\n{ 'struct': 'Foo', 'data': {} }",
      "main.json: In struct 'Foo':\nmain.json:2: 'Foo' is already defined\nmain.json: In enum 'Foo':\nmain.json:1: previous definition",
    ],
    ['a definition of a built-in name', "{ 'command': 'str' }", "main.json: In command 'str':\nmain.json:1: built-in type 'str' is already defined"],
    [
      'a definition of a QEMU-defined type',
      "{ 'enum': 'QType', 'data': [] }",
      "main.json: In enum 'QType':\nmain.json:1: enum type 'QType' is already defined",
    ],
    ['unknown member types', "{ 'struct': 'Foo', 'data': { 'a': 'Bar' } }", "main.json: In struct 'Foo':\nmain.json:1: member 'a' uses unknown type 'Bar'"],
    [
      'unknown array element types',
      "{ 'struct': 'Foo', 'data': { 'a': [ 'Bar' ] } }",
      "main.json: In struct 'Foo':\nmain.json:1: struct uses unknown type 'Bar'",
    ],
    [
      'unknown command argument types',
      "{ 'command': 'foo', 'data': { 'a': 'Bar' } }",
      "main.json: In command 'foo':\nmain.json:1: parameter 'a' uses unknown type 'Bar'",
    ],
    ['unknown base types', "{ 'struct': 'Foo', 'base': 'Bar', 'data': {} }", "main.json: In struct 'Foo':\nmain.json:1: 'base' uses unknown type 'Bar'"],
    [
      'unknown command data types',
      "{ 'command': 'foo', 'data': 'Bar' }",
      "main.json: In command 'foo':\nmain.json:1: command's 'data' uses unknown type 'Bar'",
    ],
    [
      'unknown returns types',
      "{ 'command': 'foo', 'returns': 'Bar' }",
      "main.json: In command 'foo':\nmain.json:1: command's 'returns' uses unknown type 'Bar'",
    ],
    [
      'unknown union branch types',
      "{ 'enum': 'Kind', 'data': [ 'a' ] }\n{ 'struct': 'Base', 'data': { 'kind': 'Kind' } }\n{ 'union': 'Foo', 'base': 'Base', 'discriminator': 'kind', 'data': { 'a': 'Bar' } }",
      "main.json: In union 'Foo':\nmain.json:3: branch 'a' uses unknown type 'Bar'",
    ],
    [
      'a base that is not a struct',
      "{ 'enum': 'Kind', 'data': [] }\n{ 'struct': 'Foo', 'base': 'Kind', 'data': {} }",
      "main.json: In struct 'Foo':\nmain.json:2: 'base' requires a struct type, enum type 'Kind' isn't",
    ],
    [
      'a type containing itself',
      "{ 'struct': 'Foo', 'base': 'Bar', 'data': {} }\n{ 'struct': 'Bar', 'base': 'Foo', 'data': {} }",
      "main.json: In struct 'Foo':\nmain.json:1: object Foo contains itself",
    ],
    [
      'clashing member names',
      "{ 'pragma': { 'member-name-exceptions': [ 'Foo' ] } }\n{ 'struct': 'Foo', 'data': { 'a-b': 'int', 'a_b': 'str' } }",
      "main.json: In struct 'Foo':\nmain.json:2: member 'a_b' collides with member 'a-b'",
    ],
    [
      'members clashing with the base',
      "{ 'struct': 'Base', 'data': { 'a': 'int' } }\n{ 'struct': 'Foo', 'base': 'Base', 'data': { 'a': 'int' } }",
      "main.json: In struct 'Foo':\nmain.json:2: member 'a' collides with member 'a' of type 'Base'",
    ],
    [
      'branch members clashing with the base',
      "{ 'enum': 'Kind', 'data': [ 'a' ] }\n{ 'struct': 'Branch', 'data': { 'kind': 'str' } }\n{ 'union': 'Foo', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind', 'data': { 'a': 'Branch' } }",
      "main.json: In union 'Foo':\nmain.json:3: member 'kind' of type 'Branch' collides with base member 'kind'",
    ],
    [
      'clashing enum values',
      "{ 'pragma': { 'member-name-exceptions': [ 'Foo' ] } }\n{ 'enum': 'Foo', 'data': [ 'a-b', 'a_b' ] }",
      "main.json: In enum 'Foo':\nmain.json:2: value 'a_b' collides with value 'a-b'",
    ],
    [
      'clashing features',
      "{ 'struct': 'Foo', 'data': {}, 'features': [ 'f', 'f' ] }",
      "main.json: In struct 'Foo':\nmain.json:1: feature 'f' collides with feature 'f'",
    ],
    [
      'a discriminator that is no member',
      "{ 'union': 'Foo', 'base': { 'kind': 'str' }, 'discriminator': 'type', 'data': {} }",
      "main.json: In union 'Foo':\nmain.json:1: discriminator 'type' is not a member of 'base'",
    ],
    [
      'a discriminator that is no enum',
      "{ 'struct': 'Base', 'data': { 'kind': 'str' } }\n{ 'union': 'Foo', 'base': 'Base', 'discriminator': 'kind', 'data': {} }",
      "main.json: In union 'Foo':\nmain.json:2: discriminator member 'kind' of base type 'Base' must be of enum type",
    ],
    [
      'an optional discriminator',
      "{ 'enum': 'Kind', 'data': [ 'a' ] }\n{ 'union': 'Foo', 'base': { '*kind': 'Kind' }, 'discriminator': 'kind', 'data': {} }",
      "main.json: In union 'Foo':\nmain.json:2: discriminator member 'kind' of 'base' must not be optional",
    ],
    [
      'a conditional discriminator',
      "{ 'enum': 'Kind', 'data': [ 'a' ] }\n{ 'union': 'Foo', 'base': { 'kind': { 'type': 'Kind', 'if': 'X' } }, 'discriminator': 'kind', 'data': {} }",
      "main.json: In union 'Foo':\nmain.json:2: discriminator member 'kind' of 'base' must not be conditional",
    ],
    [
      'a union without branches',
      "{ 'enum': 'Kind', 'data': [] }\n{ 'union': 'Foo', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind', 'data': {} }",
      "main.json: In union 'Foo':\nmain.json:2: union has no branches",
    ],
    [
      'branches that are no enum value',
      "{ 'enum': 'Kind', 'data': [ 'a' ] }\n{ 'struct': 'Branch', 'data': {} }\n{ 'union': 'Foo', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind', 'data': { 'b': 'Branch' } }",
      "main.json: In union 'Foo':\nmain.json:3: branch 'b' is not a value of enum type 'Kind'",
    ],
    [
      'branches that are no struct',
      "{ 'enum': 'Kind', 'data': [ 'a' ] }\n{ 'union': 'Foo', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind', 'data': { 'a': 'int' } }",
      "main.json: In union 'Foo':\nmain.json:2: branch 'a' cannot use built-in type 'int'",
    ],
    [
      'alternatives of type any',
      "{ 'alternate': 'Foo', 'data': { 'a': 'int', 'b': 'any' } }",
      "main.json: In alternate 'Foo':\nmain.json:1: branch 'b' cannot use built-in type 'any'",
    ],
    [
      'alternatives of the same JSON type',
      "{ 'alternate': 'Foo', 'data': { 'a': 'int', 'b': 'number' } }",
      "main.json: In alternate 'Foo':\nmain.json:1: branch 'b' can't be distinguished from 'a'",
    ],
    [
      'strings alternative to numbers',
      "{ 'alternate': 'Foo', 'data': { 'a': 'int', 'b': 'str' } }",
      "main.json: In alternate 'Foo':\nmain.json:1: branch 'b' can't be distinguished from 'a'",
    ],
    [
      "enums with values like 'on' alternative to booleans",
      "{ 'enum': 'OnOff', 'data': [ 'on', 'off' ] }\n{ 'alternate': 'Foo', 'data': { 'a': 'bool', 'b': 'OnOff' } }",
      "main.json: In alternate 'Foo':\nmain.json:2: branch 'b' can't be distinguished from 'a'",
    ],
    [
      'non-object command data',
      "{ 'command': 'foo', 'data': 'int' }",
      "main.json: In command 'foo':\nmain.json:1: command's 'data' cannot take built-in type 'int'",
    ],
    [
      'union command data without boxed',
      "{ 'enum': 'Kind', 'data': [ 'a' ] }\n{ 'union': 'Args', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind', 'data': {} }\n{ 'command': 'foo', 'data': 'Args' }",
      "main.json: In command 'foo':\nmain.json:3: command's 'data' can take union type 'Args' only with 'boxed': true",
    ],
    [
      'conditional arguments without boxed',
      "{ 'event': 'FOO', 'data': { 'a': { 'type': 'int', 'if': 'X' } } }",
      "main.json: In event 'FOO':\nmain.json:1: conditional event arguments require 'boxed': true",
    ],
    [
      'non-object returns',
      "{ 'command': 'foo', 'returns': [ 'str' ] }",
      "main.json: In command 'foo':\nmain.json:1: command's 'returns' cannot take array type ['str']",
    ],
    [
      'special features on types',
      "{ 'struct': 'Foo', 'data': {}, 'features': [ 'deprecated' ] }",
      "main.json: In struct 'Foo':\nmain.json:1: feature 'deprecated' is not supported for types",
    ],
    [
      'undocumented members',
      "{ 'pragma': { 'doc-required': true } }\n##\n# @Foo:\n#\n# @a: x\n##\n{ 'struct': 'Foo', 'data': { 'a': 'int', 'b': 'int' } }",
      "main.json: In struct 'Foo':\nmain.json:7: member 'b' lacks documentation",
    ],
    [
      'undocumented command arguments',
      "##\n# @foo:\n##\n{ 'command': 'foo', 'data': { 'a': 'int' } }",
      "main.json: In command 'foo':\nmain.json:4: member 'a' lacks documentation",
    ],
    [
      'undocumented features',
      "##\n# @foo:\n##\n{ 'command': 'foo', 'features': [ 'f' ] }",
      "main.json: In command 'foo':\nmain.json:4: feature 'f' lacks documentation",
    ],
    [
      'undocumented member features',
      "##\n# @Foo:\n#\n# @a: x\n##\n{ 'struct': 'Foo', 'data': { 'a': { 'type': 'int', 'features': [ 'f' ] } } }",
      "main.json: In struct 'Foo':\nmain.json:6: feature 'f' lacks documentation",
    ],
    [
      'undocumented alternatives',
      "##\n# @Foo:\n##\n{ 'alternate': 'Foo', 'data': { 'a': 'int' } }",
      "main.json: In alternate 'Foo':\nmain.json:4: branch 'a' lacks documentation",
    ],
    [
      'descriptions of members that do not exist',
      "##\n# @Foo:\n#\n# @a: x\n#\n# @b: y\n#\n# @c: z\n##\n{ 'struct': 'Foo', 'data': { 'b': 'int' } }",
      "main.json:4: documented members 'a', 'c' do not exist",
    ],
    [
      'descriptions of a feature that does not exist',
      "##\n# @Foo:\n#\n# Features:\n# @f: x\n##\n{ 'struct': 'Foo', 'data': {} }",
      "main.json:5: documented feature 'f' does not exist",
    ],
    [
      'documentation for another definition',
      "##\n# @Bar:\n##\n{ 'struct': 'Foo', 'data': {} }",
      "main.json: In struct 'Foo':\nmain.json:4: documentation comment is for 'Bar'",
    ],
    [
      'missing documentation when required',
      "{ 'pragma': { 'doc-required': true } }\n{ 'struct': 'Foo', 'data': {} }",
      "main.json: In struct 'Foo':\nmain.json:2: documentation comment required",
    ],
    [
      'Returns outside commands',
      "##\n# @Foo:\n#\n# Returns: x\n##\n{ 'struct': 'Foo', 'data': {} }",
      "main.json:4: 'Returns' section is only valid for commands",
    ],
    ['Errors outside commands', "##\n# @Foo:\n#\n# Errors: x\n##\n{ 'struct': 'Foo', 'data': {} }", "main.json:4: 'Errors' section is only valid for commands"],
    [
      'Returns for commands returning nothing',
      "##\n# @foo:\n#\n# Returns: x\n##\n{ 'command': 'foo' }",
      "main.json:4: 'Returns' section, but command doesn't return anything",
    ],
  ])('reject %s', (_what, text, expected) => {
    expect(check(text)).toBe(expected);
  });

  it('allows at most 64 feature names in a schema, the two special ones included', () => {
    const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `'${prefix}${i}'`).join(', ');
    expect(check(`{ 'command': 'foo', 'features': [ ${many(62, 'f')} ] }`)).toBe('');
    expect(check(`{ 'command': 'foo', 'features': [ ${many(61, 'f')} ] }\n{ 'command': 'bar', 'features': [ 'f0', 'g', 'h' ] }`)).toBe(
      "main.json: In command 'bar':\nmain.json:2: Maximum of 64 schema features is permitted",
    );
  });

  it('gives enum values without a branch an empty one', () => {
    const text = "{ 'enum': 'Kind', 'data': [ 'a', 'b' ] }\n{ 'union': 'Uni', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind', 'data': {} }";
    expect(check(text)).toBe('');
  });

  it('documents members of a union base and of command arguments in the definition', () => {
    const text = [
      "{ 'enum': 'Kind', 'data': [ 'a' ] }",
      '##',
      '# @Uni:',
      '#',
      '# @kind: the kind',
      '##',
      "{ 'union': 'Uni', 'base': { 'kind': 'Kind' }, 'discriminator': 'kind', 'data': {} }",
      '##',
      '# @cmd:',
      '#',
      '# @arg: an argument',
      '#',
      '# Features:',
      '#',
      '# @deprecated: do not use',
      '##',
      "{ 'command': 'cmd', 'data': { 'arg': 'int' }, 'features': [ 'deprecated' ] }",
    ].join('\n');
    expect(check(text)).toBe('');
  });
});
