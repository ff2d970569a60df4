/**
 * Runs the bundled Action the way the runner does: a separate node process,
 * inputs as INPUT_* variables, the event payload in a file, outputs and the
 * job summary written to the files the runner reads.  The bundle is built
 * from the sources into a scratch directory, exactly as `npm run
 * build:action` builds dist/ (bundle.test.ts holds dist/ to that build), so
 * these tests see the sources as they are, not the last committed bundle.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../support/shared.js';
import { readActionYml } from './action-yml.js';
import type { FakeGitHub } from './fake-github.js';
import { tempDir } from '../support/temp.js';

const run = promisify(execFile);
let built: Promise<string> | null = null;

/** The Action bundled from the current sources, built once per test file. */
export function bundle(): Promise<string> {
  built ??= (async () => {
    const out = tempDir('qemu-review-bundle-');
    await run(process.execPath, [join(repoRoot, 'src', 'devtools', 'build-action.mjs'), '--outdir', out], { cwd: repoRoot });
    return join(out, 'index.js');
  })();
  return built;
}
export const FAKE_TOKEN = 'ghs_fake_installation_token';

export interface ActionRun {
  status: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Workflow commands the Action printed: `::error file=…::message` and the like. */
  commands: { command: string; properties: Record<string, string>; message: string }[];
}

/** The parts of a pull_request event's payload that tests rewrite; the rest reaches the Action as the fixture has it. */
export interface PullRequestEvent {
  number: number;
  pull_request: { number: number; head: { sha: string; repo: unknown }; base: { repo: unknown }; commits: number };
}

export interface RunOptions {
  github: FakeGitHub;
  event: string;
  payload: unknown;
  /** Action inputs by their action.yml names (`fail-on`, not `FAIL_ON`). */
  inputs?: Record<string, string>;
  /** Files to put in the workspace (the checkout), by relative path. */
  workspace?: Record<string, string>;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = tempDir('qemu-review-action-');
  const workspace = join(dir, 'workspace');
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  mkdirSync(workspace, { recursive: true });
  for (const [name, text] of Object.entries(options.workspace ?? {})) {
    mkdirSync(dirname(join(workspace, name)), { recursive: true });
    writeFileSync(join(workspace, name), text);
  }

  // The runner passes every declared input, defaults included; `${{ github.token }}` becomes the job's token.
  const declared = readActionYml().inputs;
  const inputs: Record<string, string> = {};
  for (const [name, { default: value }] of declared) {
    if (value !== undefined) inputs[name] = value === '${{ github.token }}' ? FAKE_TOKEN : value;
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    if (!declared.has(name)) throw new Error(`input '${name}' is not declared in action.yml`);
    inputs[name] = value;
  }
  const env: NodeJS.ProcessEnv = {
    // Nothing of the test process's environment leaks in: no proxy, no real GITHUB_* variables.
    PATH: process.env.PATH,
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: `${options.github.owner}/${options.github.repo}`,
    GITHUB_API_URL: options.github.apiUrl,
    GITHUB_SERVER_URL: options.github.url,
    GITHUB_GRAPHQL_URL: `${options.github.apiUrl}/graphql`,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: dir,
  };
  // The runner names inputs INPUT_<NAME>, upper-cased, spaces as underscores, hyphens kept.
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const script = await bundle();
  const { status, stdout, stderr } = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [script], { cwd: workspace, env, maxBuffer: 64 << 20 }, (error, out, err) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
      resolve({ status: code, stdout: out, stderr: err });
    });
  });
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
    commands: parseCommands(stdout),
  };
}

/** GITHUB_OUTPUT's format: `name<<DELIMITER`, the value's lines, `DELIMITER`. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
      out[m[1]!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [name, ...rest] = lines[i]!.split('=');
      out[name!] = rest.join('=');
    }
  }
  return out;
}

/** `::command key=value,key=value::message`, with the runner's escapes undone. */
export function parseCommands(stdout: string): ActionRun['commands'] {
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const out: ActionRun['commands'] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
    }
    out.push({ command: m[1]!, properties, message: unescape(m[3]!) });
  }
  return out;
}
