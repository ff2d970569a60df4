/** Maintainer profiles: which opt-in rules speak on which file, from the bundled map, the tree, the config. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { parseConfig } from '../../src/config/config.js';
import { optInLookup } from '../../src/engine/opt-in.js';
import { optInSettings, SECTION_MAP } from '../../src/maintainers/profiles.js';
import { renderMap, sectionMap } from '../../src/devtools/maintainers-map.js';
import { hunkDiff } from '../support/patches.js';
import { runCli } from '../support/run-cli.js';
import { hasShared, repoRoot, shared } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

const lookup = (...args: Parameters<typeof optInSettings>) => optInLookup(optInSettings(...args));
const none = { configured: [], picked: [], maintainers: null };

describe('maintainer profiles', () => {
  it("turn the QMP profile's rules on for the QMP section's files only, from the bundled map", () => {
    const on = lookup(rules, none);
    expect(on('c/comment-width', 'monitor/qmp-cmds.c')).toEqual({ by: 'profile', section: 'QMP' });
    expect(on('c/comment-sentence-spacing', 'monitor/monitor.c')).toEqual({ by: 'profile', section: 'QMP' });
    expect(on('c/comment-width', 'block/io.c')).toBeNull();
    // Rules that are not opt-in never come from a profile.
    expect(on('qapi/doc-line-width', 'monitor/qmp.c')).toBeNull();
  });

  it('take the sections from the tree when it has a MAINTAINERS', () => {
    const maintainers = 'QMP\nM: Some One <one@example.org>\nS: Supported\nF: net/qmp-bits.c\n';
    const on = lookup(rules, { ...none, maintainers });
    expect(on('c/comment-width', 'net/qmp-bits.c')).toEqual({ by: 'profile', section: 'QMP' });
    expect(on('c/comment-width', 'monitor/qmp.c')).toBeNull();
  });

  it('let the config add a profile, switch one off, and the run turn a rule on everywhere', () => {
    const added = lookup(rules, { ...none, profiles: { 'Block layer core': ['c/comment-width'] } });
    expect(added('c/comment-width', 'block/io.c')).toEqual({ by: 'profile', section: 'Block layer core' });
    const off = lookup(rules, { ...none, profiles: { QMP: [] } });
    expect(off('c/comment-width', 'monitor/qmp.c')).toBeNull();
    const picked = lookup(rules, { ...none, picked: ['c/comment-width'] });
    expect(picked('c/comment-width', 'block/io.c')).toEqual({ by: 'run' });
    // Picking the area runs its rules, but turns no style on everywhere.
    expect(lookup(rules, { ...none, picked: ['c'] })('c/comment-width', 'block/io.c')).toBeNull();
    const configured = lookup(rules, { ...none, configured: ['c/comment-sentence-spacing'] });
    expect(configured('c/comment-sentence-spacing', 'util/x.c')).toEqual({ by: 'run' });
    expect(configured('c/comment-width', 'util/x.c')).toBeNull();
  });

  it('are checked in the config: opt-in rules only, by id', () => {
    expect(parseConfig('{"profiles": {"QMP": ["c/comment-width"]}}', 'c.json', rules).profiles).toEqual({ QMP: ['c/comment-width'] });
    expect(() => parseConfig('{"profiles": {"QMP": ["qapi/doc-line-width"]}}', 'c.json', rules)).toThrow(
      "c.json: profiles.QMP: 'qapi/doc-line-width' is not an opt-in rule: it runs on every file already",
    );
    expect(() => parseConfig('{"profiles": {"QMP": "c/comment-width"}}', 'c.json', rules)).toThrow('c.json: profiles.QMP: expected a list of rule ids');
    expect(() => parseConfig('{"profiles": {"QMP": ["c/nope"]}}', 'c.json', rules)).toThrow("no rule has the id 'c/nope'");
  });

  it('reach the command line: a patch to monitor/ gets the comment findings, unless the config turns the profile off', async () => {
    const dir = tempDir('profiles');
    const patch = join(dir, 'qmp.patch');
    writeFileSync(
      patch,
      hunkDiff('monitor/qmp.c', [
        { start: 5, lines: [' int x;', '+/* Handle the command. Then wait for the next one to arrive on the channel. */', ' int y;'] },
      ]),
    );
    const json = async (...args: string[]) => JSON.parse((await runCli(['check', '--format', 'json', ...args, patch])).stdout);
    const found = await json();
    expect(found.findings.map((f: { rule: string; line: number }) => `${f.rule}:${f.line}`)).toEqual(['c/comment-sentence-spacing:6', 'c/comment-width:6']);
    writeFileSync(join(dir, 'config.json'), '{"profiles": {"QMP": []}}');
    expect((await json('--config', join(dir, 'config.json'))).findings).toEqual([]);
  });
});

describe('the bundled MAINTAINERS map', () => {
  it('says where it comes from and covers the sections the profiles name', () => {
    expect(SECTION_MAP.source).toMatch(/^QEMU \d+\.\d+\.\d+ MAINTAINERS$/);
    expect(SECTION_MAP.generated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(SECTION_MAP.sections.find((s) => s.name === 'QMP')?.files).toContain('monitor/qmp*');
  });

  it.skipIf(!hasShared)('is what the script makes of the release it names', () => {
    const release = /^QEMU (\S+) MAINTAINERS$/.exec(SECTION_MAP.source)![1]!;
    const text = readFileSync(shared('qemu', release, 'MAINTAINERS'), 'utf8');
    const committed = readFileSync(join(repoRoot, 'rules', 'maintainers-sections.json'), 'utf8');
    expect(renderMap(sectionMap(text, release, SECTION_MAP.generated))).toBe(committed);
  });
});
