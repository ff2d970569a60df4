import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { rules as allRules } from '../../rules/index.js';
import { runCli } from '../support/run-cli.js';
import { main } from '../../src/cli/program.js';
import { tempDir } from '../support/temp.js';

const example = 'fixtures/example.patch';
/** Every rule area (qapi, c, ...): turning all of them off leaves nothing. */
const areas = [...new Set(allRules.map((r) => r.meta.id.split('/')[0]!))];
const exampleText = readFileSync(example, 'utf8');

async function json(args: string[], stdin?: string): Promise<JsonReport> {
  const { stdout } = await runCli(['check', '--format', 'json', ...args], stdin);
  return JSON.parse(stdout) as JsonReport;
}

describe('qemu-review check on the README example', () => {
  it('prints gcc-style findings under the subject, a summary, and exits 1', async () => {
    const { status, stdout, stderr } = await runCli(['check', example]);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('[PATCH v2 3/5] qapi: add migration knob state-handover');
    expect(stdout).toMatch(/^qapi\/migration\.json:25:71: warning: doc comment line is 85 columns wide; wrap QAPI doc text at 70 \[qapi\/doc-line-width\]$/m);
    expect(stdout).toMatch(
      /^qapi\/migration\.json:61:\d+: error: 'state-handover' is documented as experimental under @unstable, but lacks 'features': \[ 'unstable' \] \[qapi\/unstable-feature\]$/m,
    );
    expect(stdout).toMatch(
      /^include\/qemu\/list-helpers\.h:15:9: note: new 8-line macro LIST_FIND_VALUE has a single use in this patch \(migrate_hands_over_vhost_user_blk\(\), migration\/knobs\.c:20\)/m,
    );
    expect(lines.filter((l) => l.startsWith('    | ')).length).toBeGreaterThan(0);
    expect(lines.at(-2)).toBe('1 patch reviewed: 1 error, 11 warnings, 1 note');
    expect(stdout).not.toMatch(/\x1b\[/);
  });

  it('writes the stable JSON document', async () => {
    const report = await json([example]);
    expect(report.version).toBe(1);
    expect(report.messages).toEqual([
      { index: 0, source: example, messageId: null, subject: '[PATCH v2 3/5] qapi: add migration knob state-handover', status: 'reviewed' },
    ]);
    const rules = new Set(report.findings.map((f) => f.rule));
    expect([...rules].sort()).toEqual([
      'c/lengthy-macro',
      'qapi/doc-line-width',
      'qapi/member-list-order',
      'qapi/sentence-spacing',
      'qapi/since-version',
      'qapi/unstable-feature',
    ]);
    for (const f of report.findings) {
      expect(f).toMatchObject({ subject: '[PATCH v2 3/5] qapi: add migration knob state-handover', messageId: null });
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(typeof f.line).toBe('number');
      expect(f.patchLine).toBeGreaterThan(0);
      // The patch line holds the text the finding is about.
      expect(exampleText.split('\n')[f.patchLine! + 4]).toMatch(/^\+/);
    }
    // One group per doc paragraph: its findings carry the same id and the same merged fix.
    const groupAt = (line: number) => new Set(report.findings.filter((f) => f.line === line).map((f) => f.group));
    expect(report.findings.every((f) => typeof f.group === 'string')).toBe(true);
    expect([...groupAt(25), ...groupAt(26)].every((g) => g === [...groupAt(25)][0])).toBe(true);
    expect(groupAt(28)).not.toEqual(groupAt(25));
    const paragraph = report.findings.filter((f) => f.group === [...groupAt(47)][0]);
    expect(paragraph.map((f) => [f.rule, f.line])).toEqual([
      ['qapi/doc-line-width', 47],
      ['qapi/sentence-spacing', 48],
      ['qapi/since-version', 48],
      ['qapi/doc-line-width', 48],
    ]);
    expect(new Set(paragraph.map((f) => f.suggestion?.text)).size).toBe(1);
    // Two problems of one definition line: one comment.
    expect(groupAt(61).size).toBe(1);
    expect(report.findings.filter((f) => f.line === 61).map((f) => f.rule)).toEqual(['qapi/member-list-order', 'qapi/unstable-feature']);
  });

  it('colours only when asked or on a terminal', async () => {
    expect((await runCli(['check', '--color', example])).stdout).toMatch(/\x1b\[33mwarning:\x1b\[39m/);
    expect((await runCli(['check', example], '', { FORCE_COLOR: '1' })).stdout).toMatch(/\x1b\[/);
    expect((await runCli(['check', example], '', { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).toMatch(/\x1b\[/);
    expect((await runCli(['check', '--no-color', example], '', { FORCE_COLOR: '1' })).stdout).not.toMatch(/\x1b\[/);
  });
});

describe('choosing rules and the exit status', () => {
  it('--rule runs only the named rules; an area name selects all of it', async () => {
    expect(new Set((await json(['--rule', 'qapi/doc-line-width', example])).findings.map((f) => f.rule))).toEqual(new Set(['qapi/doc-line-width']));
    expect(new Set((await json(['--rule', 'c', example])).findings.map((f) => f.rule))).toEqual(new Set(['c/lengthy-macro']));
  });

  it('--no-rule leaves rules out', async () => {
    const rules = new Set((await json(['--no-rule', 'qapi', '--no-rule', 'patch/corrupt', example])).findings.map((f) => f.rule));
    expect(rules).toEqual(new Set(['c/lengthy-macro']));
  });

  it('an unknown rule is a usage error: one line, exit 2', async () => {
    const { status, stderr, stdout } = await runCli(['check', '--rule', 'qapi/no-such-rule', example]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("qemu-review: unknown rule 'qapi/no-such-rule' (`qemu-review rules` lists them)\n");
  });

  it('--rule X --no-rule X leaves no rule: exit 2 with the reason, nothing on stdout', async () => {
    for (const args of [
      ['--rule', 'qapi/doc-line-width', '--no-rule', 'qapi/doc-line-width'],
      ['--rule', 'qapi/doc-line-width', '--no-rule', 'qapi'],
    ]) {
      expect(await runCli(['check', ...args, example])).toEqual({
        status: 2,
        stdout: '',
        stderr: 'qemu-review: no rule left to run: --no-rule leaves out every rule --rule picks\n',
      });
    }
    expect(await runCli(['check', ...areas.flatMap((a) => ['--no-rule', a]), example])).toMatchObject({
      status: 2,
      stderr: 'qemu-review: no rule left to run: --no-rule leaves out every rule\n',
    });
    // followup chooses its rules the same way.
    expect(await runCli(['followup', '--rule', 'c', '--no-rule', 'c', example])).toMatchObject({
      status: 2,
      stderr: 'qemu-review: no rule left to run: --no-rule leaves out every rule --rule picks\n',
    });
  });

  it('--fail-on sets the threshold of exit status 1', async () => {
    expect((await runCli(['check', '--fail-on', 'error', example])).status).toBe(1);
    expect((await runCli(['check', '--fail-on', 'error', '--rule', 'qapi/doc-line-width', example])).status).toBe(0);
    expect((await runCli(['check', '--fail-on', 'info', '--rule', 'c/lengthy-macro', example])).status).toBe(1);
    expect((await runCli(['check', '--rule', 'c/lengthy-macro', example])).status).toBe(0);
    expect((await runCli(['check', '--fail-on', 'never', example])).status).toBe(0);
  });

  it('a missing file is named on one line, exit 2', async () => {
    const { status, stderr } = await runCli(['check', 'no/such/file.mbox']);
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('no/such/file.mbox');
  });

  it('a bad option value is a usage error, exit 2', async () => {
    expect((await runCli(['check', '--format', 'xml', example])).status).toBe(2);
    expect(await runCli(['check', '--qemu-version', 'eleven', example])).toMatchObject({
      status: 2,
      stderr: "qemu-review: --qemu-version wants a release such as 10.2, not 'eleven'\n",
    });
    expect(await runCli(['check', '--tree', 'no/such/tree', example])).toMatchObject({
      status: 2,
      stderr: "qemu-review: cannot read the tree 'no/such/tree': no such directory\n",
    });
    expect(await runCli(['check', '--files', 'qapi/x.json'])).toMatchObject({
      status: 2,
      stderr: 'qemu-review: --files reviews files of a tree: give the tree with --tree PATH\n',
    });
  });
});

describe('inputs', () => {
  it('reads standard input with -', async () => {
    const report = await json(['-'], exampleText);
    expect(report.messages[0]).toMatchObject({ source: '<stdin>', status: 'reviewed' });
    expect(report.findings.length).toBe((await json([example])).findings.length);
  });

  it('reads a directory of format-patch files in name order, and lists what it skips', async () => {
    const dir = tempDir('qemu-review-dir-');
    writeFileSync(join(dir, '0002-qapi.patch'), exampleText);
    writeFileSync(
      join(dir, '0001-cover.patch'),
      exampleText.replace('[PATCH v2 3/5] qapi: add migration knob state-handover', '[PATCH v2 0/5] state handover').replace(/\n---\n[\s\S]*$/, '\n'),
    );
    mkdirSync(join(dir, 'subdir'));
    const report = await json([dir]);
    expect(report.messages.map((m) => [m.source.slice(dir.length + 1), m.status, m.reason])).toEqual([
      ['0001-cover.patch', 'skipped', 'cover letter (0/5)'],
      ['0002-qapi.patch', 'reviewed', undefined],
    ]);
    const text = (await runCli(['check', dir])).stdout.trim().split('\n');
    expect(text.at(-1)).toMatch(/^1 patch reviewed, 1 message skipped \(1 cover letter\); --verbose lists them: 1 error, \d+ warnings, 1 note$/);
    const verbose = (await runCli(['check', '--verbose', dir])).stdout;
    expect(verbose).toContain('Skipped:\n  message 1 (');
    expect(verbose).toContain('"[PATCH v2 0/5] state handover"): cover letter (0/5)');
  });

  it('reviews a bare git diff with no mail headers', async () => {
    const dir = tempDir('qemu-review-bare-');
    const diff = exampleText.slice(exampleText.indexOf('diff --git'), exampleText.lastIndexOf('\n-- \n') + 1);
    writeFileSync(join(dir, 'x.diff'), diff);
    const report = await json([join(dir, 'x.diff')]);
    expect(report.messages[0]).toMatchObject({ status: 'reviewed', messageId: null });
    // Like the format-patch file it was cut from, a local diff is judged as of today: the same findings.
    const whole = (await json([example])).findings;
    expect(report.findings.map((f) => `${f.rule} ${f.line}`)).toEqual(whole.map((f) => `${f.rule} ${f.line}`));
    expect(report.findings.filter((f) => f.rule === 'qapi/since-version').map((f) => f.message)).toEqual(
      whole.filter((f) => f.rule === 'qapi/since-version').map((f) => f.message),
    );
  });
});

describe('qemu-review rules', () => {
  it('lists every rule with severity, description and source', async () => {
    const { status, stdout } = await runCli(['rules']);
    expect(status).toBe(0);
    for (const id of [
      'qapi/doc-line-width',
      'qapi/sentence-spacing',
      'qapi/member-list-order',
      'qapi/unstable-feature',
      'c/lengthy-macro',
      'patch/corrupt',
      'patch/mangled',
      'qapi/since-version',
      'qapi/doc-indent',
      'qapi/x-prefix',
      'qapi/wording',
      'commit/placeholder-explained',
      'patch/apply',
      'patch/unsafe-path',
    ]) {
      expect(stdout).toMatch(new RegExp(`^${id.replace('/', '\\/')} +(error|warning|info) +\\S`, 'm'));
    }
    expect(stdout).toContain('from: docs/devel/qapi-code-gen.rst');
  });
});

describe('the README', () => {
  it('shows the real output of its example', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const sample = /```\n\$ npx qemu-review check fixtures\/example\.patch\n([\s\S]*?)```/.exec(readme);
    expect(sample).not.toBeNull();
    // A format-patch file is judged as of the day of the run: the README shows the run of the day it was written.
    const day = /judged as of (\d{4}-\d{2}-\d{2})/.exec(readme)![1]!;
    expect((await runCli(['check', example], '', { SOURCE_DATE_EPOCH: String(Date.parse(`${day}T12:00:00Z`) / 1000) })).stdout).toBe(sample![1]);
  });
});

describe('--config', () => {
  const configFile = (content: string) => {
    const dir = tempDir('qemu-review-config-');
    writeFileSync(join(dir, 'qemu-review.json'), content);
    return join(dir, 'qemu-review.json');
  };

  it('turns rules off, changes severities, and sets the failure threshold', async () => {
    const config = configFile(JSON.stringify({ rules: { qapi: 'off', 'c/lengthy-macro': 'error' }, failOn: 'error' }));
    const report = await json(['--config', config, example]);
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['c/lengthy-macro', 'error']]);
    expect((await runCli(['check', '--config', config, example])).status).toBe(1);
    expect((await runCli(['check', '--config', config, '--fail-on', 'never', example])).status).toBe(0);
  });

  it('--rule and --no-rule narrow what the config leaves on', async () => {
    const config = configFile(JSON.stringify({ rules: { 'qapi/doc-line-width': 'off' } }));
    const rules = new Set((await json(['--config', config, '--rule', 'qapi', example])).findings.map((f) => f.rule));
    expect(rules.has('qapi/doc-line-width')).toBe(false);
    expect(rules.has('qapi/sentence-spacing')).toBe(true);
  });

  it('a rule the config turns off is called that, not unknown; exit 2', async () => {
    const config = configFile(JSON.stringify({ rules: { qapi: 'off' } }));
    const run = await runCli(['check', '--config', config, '--rule', 'qapi/doc-line-width', example]);
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: `qemu-review: rule 'qapi/doc-line-width' is turned off by the config (${config}): --rule picks among the rules it leaves on\n`,
    });
    // A name that does not exist is still unknown, config or not.
    expect((await runCli(['check', '--config', config, '--rule', 'qapi/no-such-rule', example])).stderr).toBe(
      "qemu-review: unknown rule 'qapi/no-such-rule' (`qemu-review rules` lists them)\n",
    );
    // --no-rule may name a rule the config already turned off.
    expect((await runCli(['check', '--config', config, '--no-rule', 'qapi/doc-line-width', '--fail-on', 'never', example])).status).toBe(0);
  });

  it('no rule left to run is exit 2 with the reason, not a clean run', async () => {
    const allOff = configFile(JSON.stringify({ rules: Object.fromEntries(areas.map((a) => [a, 'off'])) }));
    expect(await runCli(['check', '--config', allOff, example])).toEqual({
      status: 2,
      stdout: '',
      stderr: `qemu-review: no rule left to run: the config (${allOff}) turns every rule off\n`,
    });
    const cOnly = configFile(JSON.stringify({ rules: Object.fromEntries(areas.filter((a) => a !== 'c').map((a) => [a, 'off'])) }));
    expect((await runCli(['check', '--config', cOnly, '--no-rule', 'c', example])).stderr).toBe(
      `qemu-review: no rule left to run: --no-rule leaves out every rule the config (${cOnly}) leaves on\n`,
    );
  });

  it('a bad config is one line naming the file and the key, exit 2', async () => {
    const config = configFile(JSON.stringify({ rules: { 'qapi/no-such-rule': 'off' } }));
    const { status, stderr } = await runCli(['check', '--config', config, example]);
    expect(status).toBe(2);
    expect(stderr).toBe(`qemu-review: ${config}: rules.qapi/no-such-rule: no rule has this id or area (\`qemu-review rules\` lists them)\n`);
  });
});

describe('qemu-review schema', () => {
  const schemaDir = tempDir('qemu-review-schema-');

  it('is silent and exits 0 on a good schema', async () => {
    writeFileSync(join(schemaDir, 'good.json'), "##\n# @Colour:\n#\n# @red: red\n#\n# Since: 10.2\n##\n{ 'enum': 'Colour', 'data': [ 'red' ] }\n");
    expect(await runCli(['schema', join(schemaDir, 'good.json')])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it("prints QEMU's error for a bad one and exits 1", async () => {
    const bad = join(schemaDir, 'bad.json');
    writeFileSync(bad, "{ 'enum': 'Colour', 'data': [ 'red' ] }\n{ 'command': 'x' ]\n");
    const { status, stderr } = await runCli(['schema', bad]);
    expect(status).toBe(1);
    expect(stderr).toBe(`${bad}:2:18: expected ',' or '}'\n`);
  });

  it('a missing file is a usage error', async () => {
    expect((await runCli(['schema', join(schemaDir, 'none.json')])).status).toBe(2);
  });
});

describe('--jobs and the progress line', () => {
  it('gives the same report on threads as on one', async () => {
    const dir = tempDir('qemu-review-jobs-');
    // Enough mails for threads to start (a few are reviewed on the main thread).
    const mbox = Array.from({ length: 60 }, (_, i) => exampleText.replace('[PATCH v2 3/5]', `[PATCH v2 ${(i % 5) + 1}/5]`)).join('\n');
    writeFileSync(join(dir, 'many.mbox'), mbox);
    const one = await runCli(['check', '--format', 'json', '--jobs', '1', join(dir, 'many.mbox')]);
    // Two workers beside the main thread, which the CLI runs only with three cores or more.
    const two = await runCli(['check', '--format', 'json', '--jobs', '2', join(dir, 'many.mbox')], '', { QEMU_REVIEW_CORES: '3' });
    expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
    expect(JSON.parse(one.stdout).messages).toHaveLength(60);
  }, 60_000);

  it('refuses a job count that is no whole number', async () => {
    expect((await runCli(['check', '--jobs', '0', example])).status).toBe(2);
  });

  it('moves the progress line on to 100% on worker threads with the text format (which keeps no mail)', async () => {
    const dir = tempDir('qemu-review-progress-');
    const file = join(dir, 'many.mbox');
    writeFileSync(file, Array.from({ length: 60 }, (_, i) => exampleText.replace('[PATCH v2 3/5]', `[PATCH v2 ${(i % 5) + 1}/5]`)).join('\n'));
    let stderr = '';
    let clock = 0;
    const status = await main(['node', 'qemu-review', 'check', '-j', '2', '--format', 'text', file], {
      stdout: { write: () => {} },
      stderr: { write: (s: string) => void (stderr += s), isTTY: true },
      stdin: Readable.from([]),
      env: { QEMU_REVIEW_CORES: '3' },
      // Every look at the clock is a quarter of a second later: past the quiet second, each result redraws.
      now: () => (clock += 250),
    });
    expect(status).toBe(1);
    const percents = [...stderr.matchAll(/(\d+) messages, [\d.]+ of [\d.]+ MB \((\d+)%\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(percents.length).toBeGreaterThan(10);
    expect(percents.at(-1)).toEqual([60, 100]);
    // Past the messages reviewed on the main thread, the workers' results still move it on.
    const fromWorkers = percents.filter(([messages]) => messages! > 48).map(([, percent]) => percent!);
    expect(fromWorkers.length).toBeGreaterThan(5);
    expect(fromWorkers.slice(0, -1).some((p) => p > 80 && p < 100)).toBe(true);
    expect(fromWorkers).toEqual([...fromWorkers].sort((a, b) => a - b));
    expect(stderr.endsWith('\r\x1b[K')).toBe(true);
  }, 60_000);

  it('draws nothing for a short run, and only when asked or on a terminal', async () => {
    expect((await runCli(['check', '--progress', example])).stderr).toBe('');
  });
});

describe('--qapi-tests', () => {
  it("reviews the generator's test schemas only when given", async () => {
    const tree = tempDir('qemu-review-qapi-tests-');
    mkdirSync(join(tree, 'tests', 'qapi-schema'), { recursive: true });
    const long = `# @a: ${'word '.repeat(14)}end`;
    writeFileSync(
      join(tree, 'tests', 'qapi-schema', 'doc-long.json'),
      ['##', '# @Foo:', '#', long, '##', "{ 'struct': 'Foo', 'data': { 'a': 'int' } }", ''].join('\n'),
    );
    const args = ['--rule', 'qapi/doc-line-width', '--tree', tree, '--files', 'tests/qapi-schema/doc-long.json'];
    expect((await json(args)).findings).toEqual([]);
    expect((await json(['--qapi-tests', ...args])).findings.map((f) => `${f.file}:${f.line}`)).toEqual(['tests/qapi-schema/doc-long.json:4']);
  });

  it('takes a file by the path that leads to it (the shell completed it), and names it as the tree does', async () => {
    const tree = tempDir('qemu-review-files-');
    mkdirSync(join(tree, 'qapi'));
    const long = `# @a: ${'word '.repeat(14)}end`;
    writeFileSync(join(tree, 'qapi', 'long.json'), ['##', '# @Foo:', '#', long, '##', "{ 'struct': 'Foo', 'data': { 'a': 'int' } }", ''].join('\n'));
    const outside = join(tempDir('qemu-review-outside-'), 'long.json');
    writeFileSync(outside, readFileSync(join(tree, 'qapi', 'long.json')));
    const report = await json(['--rule', 'qapi/doc-line-width', '--tree', tree, '--files', join(tree, 'qapi', 'long.json'), 'qapi/long.json', outside]);
    expect(report.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['qapi/long.json:4', 'qapi/long.json:4']);
    // A file outside the tree is no file of it, whatever it holds.
    expect(report.messages[2]).toMatchObject({ source: outside, status: 'skipped', reasonKind: 'not-in-tree' });
  });
});

describe('patches in odd wrappers', () => {
  it('reviews a patch mail whose one part is application/octet-stream, as git am applies it', async () => {
    const report = await json(['fixtures/mail/octet-stream-patch.eml']);
    expect(report.messages[0]).toMatchObject({ status: 'reviewed' });
    expect(report.findings.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual(['qapi/doc-line-width docs/interop/firmware.json:44']);
  });
});
