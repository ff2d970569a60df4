/** The JSON config file: validation that names the file and the key, and what a config means for a run. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { chooseRules, ConfigError, loadConfig, parseConfig } from '../../src/config/config.js';
import { tempDir } from '../support/temp.js';

const FILE = '.github/qemu-review.json';
const parse = (text: string) => parseConfig(text, FILE, rules);
const problem = (text: string) => {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('the config file', () => {
  it('takes rule ids, areas and area/* with a setting each, and failOn', () => {
    expect(parse('{ "rules": { "qapi": "info", "c/*": "off", "qapi/unstable-feature": "error" }, "failOn": "error" }')).toEqual({
      rules: { qapi: 'info', 'c/*': 'off', 'qapi/unstable-feature': 'error' },
      failOn: 'error',
    });
    expect(parse('{}')).toEqual({ rules: {} });
  });

  it('names the file and the key of every mistake', () => {
    expect(problem('{ "rules": { "qapi/no-such-rule": "off" } }')).toBe(
      `${FILE}: rules.qapi/no-such-rule: no rule has this id or area (\`qemu-review rules\` lists them)`,
    );
    expect(problem('{ "rules": { "qapi/sentence-spacing": "loud" } }')).toBe(
      `${FILE}: rules.qapi/sentence-spacing: expected one of "off", "error", "warning", "info", found "loud"`,
    );
    expect(problem('{ "rules": ["qapi"] }')).toBe(`${FILE}: rules: expected an object of rule settings, found an array`);
    expect(problem('{ "failOn": "sometimes" }')).toBe(`${FILE}: failOn: expected one of "error", "warning", "info", "never", found "sometimes"`);
    expect(problem('{ "fail-on": "error" }')).toBe(`${FILE}: fail-on: unknown key (expected "rules", "failOn", "exclude" or "profiles")`);
    expect(problem('[]')).toBe(`${FILE}: expected a JSON object, found an array`);
    expect(problem('{ "rules": ')).toMatch(new RegExp(`^${FILE.replace(/\./g, '\\.')}: not valid JSON \\(`));
  });

  it('a missing file is named as the user wrote it', async () => {
    const dir = tempDir('qemu-review-config-');
    await expect(loadConfig(join(dir, 'none.json'), rules, 'none.json')).rejects.toThrow('none.json: no such file');
    writeFileSync(join(dir, 'ok.json'), '{ "rules": { "c": "off" } }');
    await expect(loadConfig(join(dir, 'ok.json'), rules)).resolves.toEqual({ rules: { c: 'off' } });
  });

  it('an id wins over its area whatever the order; off leaves the rule out; a default severity is no override', () => {
    const choice = chooseRules(parse('{ "rules": { "qapi/sentence-spacing": "warning", "qapi": "error", "c/lengthy-macro": "off" } }'), rules);
    const ids = choice.rules.map((r) => r.meta.id);
    expect(ids).not.toContain('c/lengthy-macro');
    expect(ids).toContain('qapi/sentence-spacing');
    expect(choice.severity['qapi/sentence-spacing']).toBeUndefined();
    expect(choice.severity['qapi/doc-line-width']).toBe('error');
    expect(choice.severity['qapi/unstable-feature']).toBeUndefined();
    expect(Object.keys(choice.severity).every((id) => id.startsWith('qapi/'))).toBe(true);
  });
});
