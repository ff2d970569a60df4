/**
 * The Action against a hostile pull request: comments and reviews by other
 * people carrying copied markers, names and HTML from the patch, a GitHub
 * that answers 500, and a patch of a megabyte.  Run as the runner runs it,
 * against the local GitHub that checks every request against GitHub's
 * OpenAPI description.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { largeQapiPatch } from '../../src/bench/large-qapi.js';
import { repoRoot } from '../support/shared.js';
import type { JsonReport } from '../../src/report/json.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp.js';
import { diffOfPatch, FakeGitHub, isWrite, RESOLVE_THREAD, type FakeCommit, type ReviewComment } from './fake-github.js';
import { fakeGitHubPerTest } from './fake-github-per-test.js';
import { runAction, type ActionRun, type PullRequestEvent } from './run-action.js';

const OWNER = 'qemu-review-demo';
const REPO = 'qemu';
const BASE = '692aa29c128be08352268a0928aec6965cf7f0de';
const HEAD = 'b42d6dd0db51d8ef2e386364739b32616f1fa0dd';
const fixture = (name: string) => readFileSync(join(repoRoot, 'fixtures', 'github', name));
const EXAMPLE = readFileSync(join(repoRoot, 'fixtures', 'example.patch'));
const FOLLOWUP: FakeCommit = { sha: '88d869668d87d1609daf519666ac55d397b4918d', patch: fixture('pr-followup.patch') };

/**
 * The example patch as a hostile contributor would send it: HTML, a GitHub
 * handle and an unclosed HTML comment in the subject, a member named like a
 * GitHub user (every message about it says `@octocat`), and a doc line whose
 * suggestion carries a fence and HTML, and whose sentence-spacing message
 * quotes `<!--`.
 */
const HOSTILE = Buffer.from(
  EXAMPLE.toString('utf8')
    .replace(
      'Subject: [PATCH v2 3/5] qapi: add migration knob state-handover',
      'Subject: [PATCH] qapi: <img src=x onerror=alert(1)> @alpha <a href="https://evil.example">x</a> <!-- hi',
    )
    .replace('state over to the destination. The', 'state over to the ```<img src=x><!--. The')
    .replaceAll('state-handover', 'octocat'),
  'utf8',
);

const startFake = fakeGitHubPerTest(OWNER, REPO);
let github: FakeGitHub;

async function start(): Promise<FakeGitHub> {
  github = await startFake();
  return github;
}

/** Pull request #7 with one commit, whose patch is `patch`, at HEAD. */
function onePatchPull(patch: Buffer): FakeCommit {
  const commit: FakeCommit = { sha: HEAD, patch };
  github.addPull({ number: 7, headSha: HEAD, baseSha: BASE, commits: [commit], diff: diffOfPatch(patch) });
  return commit;
}

function pullEvent(): PullRequestEvent {
  const payload = JSON.parse(fixture('event-pull-request.json').toString('utf8')) as PullRequestEvent;
  payload.pull_request.head.sha = HEAD;
  return payload;
}

/** Markdown with code blocks, code spans and our own markers (each on its line) taken out: what GitHub renders as text and HTML. */
function rendered(markdown: string): string {
  return markdown
    .replace(/^( *)(`{3,})[^\n]*\n[\s\S]*?^ *\2$/gm, '')
    .replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '')
    .replace(/^<!-- qemu-review:[^\n]* -->$/gm, '');
}

/** What would mention someone or pass HTML through, in Markdown GitHub renders. */
function unsafe(markdown: string): string[] {
  const text = rendered(markdown);
  const found = [...text.matchAll(/(?<![A-Za-z0-9])@[A-Za-z0-9][\w-]*/g)].map((m) => m[0]);
  for (const html of ['<img', '<a ', '<!--']) if (text.includes(html)) found.push(html);
  return found;
}

function suggestionBlocks(body: string): string[] {
  return [...body.matchAll(/^(`{3,})suggestion\n([\s\S]*?)\n\1$/gm)].map((m) => m[2]!);
}

async function cliReport(patch: Buffer): Promise<JsonReport> {
  const file = join(tempDir('qemu-review-safety-'), 'commit.patch');
  writeFileSync(file, patch);
  return JSON.parse((await runCli(['check', '--format', 'json', file])).stdout) as JsonReport;
}

const review = (inputs: Record<string, string> = {}): Promise<ActionRun> =>
  runAction({ github, event: 'pull_request', payload: pullEvent(), inputs: { 'fail-on': 'never', ...inputs } });

describe('comments and reviews by other people', () => {
  it('are never deleted or rewritten for a marker copied into them, and a fake fingerprint list hides nothing', async () => {
    // The markers, as anyone can make them: run the Action once elsewhere and copy what it wrote.
    const elsewhere = await new FakeGitHub(OWNER, REPO).start();
    github = elsewhere;
    onePatchPull(EXAMPLE);
    await review();
    const copied = elsewhere.comments.map((c) => c.body);
    const copiedReview = elsewhere.reviews[0]!.body;
    expect(copied.length).toBeGreaterThan(3);
    expect(elsewhere.violations).toEqual([]);
    await elsewhere.stop();

    await start();
    onePatchPull(EXAMPLE);
    const at = { path: 'qapi/migration.json', line: 48 };
    // A reviewer's comment quoting a live finding's marker, one with a marker of a finding that is gone, and one of those with a reply.
    const live = github.addComment(7, 'reviewer', `I agree with the bot here.\n\n${copied[0]!.split('\n').at(-1)}`, at);
    const gone = github.addComment(7, 'reviewer', 'Please wrap this.\n\n<!-- qemu-review:fp=0123456789abcdef -->', at);
    const replied = github.addComment(7, 'reviewer', 'And this one.\n<!-- qemu-review:fp=fedcba9876543210 -->', at);
    github.reply(replied, 'Done.');
    // The author's review, carrying every fingerprint of the findings.
    github.addReview(7, 'ada-example', copiedReview);
    const before = structuredClone(github.comments);

    const run = await review();
    expect(run.stderr).toBe('');
    // One write: the review. Nobody's comment deleted or rewritten.
    expect(github.writes().map((w) => w.operationId)).toEqual(['pulls/create-review']);
    expect(github.comments.filter((c) => c.user.login !== 'github-actions[bot]')).toEqual(before);
    for (const c of [live, gone, replied]) expect(github.comments.find((x) => x.id === c.id)).toEqual(c);
    // Every finding is posted, as on a pull request nobody had touched.
    const mine = github.comments.filter((c) => c.user.login === 'github-actions[bot]');
    expect(mine.map((c) => c.body).sort()).toEqual([...copied].sort());
    expect(github.reviews.at(-1)!.user.login).toBe('github-actions[bot]');
  }, 90_000);

  it("under a GitHub App's token, comments of github-actions[bot] are not its own; its own are", async () => {
    await start();
    onePatchPull(EXAMPLE);
    github.tokenLogin = 'qemu-review-app[bot]';
    await review();
    const posted = github.comments.length;
    expect(github.comments.every((c) => c.user.login === 'qemu-review-app[bot]')).toBe(true);
    // Another workflow's bot comment with a marker of ours: not the app's.
    const other = github.addComment(7, 'github-actions[bot]', 'Copied.\n\n<!-- qemu-review:fp=0123456789abcdef -->', { path: 'qapi/migration.json', line: 48 });
    const settled = github.log.length;
    await review();
    expect(github.log.slice(settled).filter(isWrite)).toEqual([]);
    expect(github.comments).toHaveLength(posted + 1);
    expect(github.comments.find((c) => c.id === other.id)).toEqual(other);
  }, 90_000);

  it("when the token's account cannot be learnt, nothing is deleted or rewritten; bot-login names it", async () => {
    await start();
    onePatchPull(EXAMPLE);
    await review();
    const first = structuredClone(github.comments);
    // The author drops the patch for one whose findings are all different: every comment is stale.
    github.addPull({ number: 7, headSha: HEAD, baseSha: BASE, commits: [{ sha: HEAD, patch: HOSTILE }], diff: diffOfPatch(HOSTILE) });
    github.viewerFails = true;
    const before = github.log.length;
    const run = await review();
    const writes = github.log.slice(before).filter(isWrite);
    expect(writes.map((w) => w.operationId)).toEqual(['pulls/create-review']);
    for (const c of first) expect(github.comments.find((x) => x.id === c.id)).toEqual(c);
    const warning = run.commands.find((c) => c.command === 'warning' && c.message.includes('could not tell which account'));
    expect(warning?.message).toContain("GraphQL's viewer could not be read");
    expect(warning?.message).toContain('`bot-login`');
    expect(run.summary).toContain('could not tell which account its token posts as');

    // Named by the input, the account is known again: the stale comments are retired.
    const again = github.log.length;
    await review({ 'bot-login': 'github-actions[bot]' });
    expect(github.log.slice(again).filter((l) => l.operationId === 'graphql' && JSON.stringify(l.body).includes('viewer'))).toEqual([]);
    // A push to the pull request is a new version: a stale thread whose point is gone is resolved rather than deleted.
    const deleted = github.log
      .slice(again)
      .flatMap((l) =>
        l.operationId === 'pulls/delete-review-comment'
          ? [Number(l.params.comment_id)]
          : l.operationId === RESOLVE_THREAD
            ? [Number((l.body as { variables: { threadId: string } }).variables.threadId.replace('PRRT_', ''))]
            : [],
      );
    const marker = (c: ReviewComment) => c.body.split('\n').at(-1);
    const live = new Set(github.comments.filter((c) => !first.some((f) => f.id === c.id)).map(marker));
    const stale = first.filter((c) => !live.has(marker(c)));
    // One comment per doc paragraph: the example's findings make a handful of comments, all stale now.
    expect(stale.length).toBeGreaterThan(2);
    expect(deleted.sort()).toEqual(stale.map((c) => c.id).sort());
  }, 120_000);
});

describe('the bot-login input', () => {
  it('must be a GitHub login: anything else fails the step before any request', async () => {
    await start();
    onePatchPull(EXAMPLE);
    const run = await review({ 'bot-login': 'github-actions[bot] <!--' });
    expect(run.status).toBe(1);
    expect(run.commands.filter((c) => c.command === 'error').map((c) => c.message)).toEqual([
      "qemu-review: input 'bot-login' is 'github-actions[bot] <!--'; expected a GitHub login such as github-actions[bot]",
    ]);
    expect(github.log).toEqual([]);
  }, 30_000);
});

describe('names and HTML from the patch', () => {
  it('mention nobody and pass no HTML in comments, review body, check run and job summary; suggestions stay exact', async () => {
    await start();
    github.addPull({ number: 7, headSha: FOLLOWUP.sha, baseSha: BASE, commits: [{ sha: HEAD, patch: HOSTILE }, FOLLOWUP], diff: diffOfPatch(HOSTILE) });
    const payload = pullEvent();
    payload.pull_request.head.sha = FOLLOWUP.sha;
    const run = await runAction({ github, event: 'pull_request', payload, inputs: { 'fail-on': 'never' } });
    expect(run.stderr).toBe('');
    const check = await runAction({ github, event: 'pull_request', payload, inputs: { 'fail-on': 'never', mode: 'check' } });
    // The same patch alone, as pull request #9: its suggestions land inline.
    github.addPull({ number: 9, headSha: HEAD, baseSha: BASE, commits: [{ sha: HEAD, patch: HOSTILE }], diff: diffOfPatch(HOSTILE) });
    const alone = pullEvent();
    alone.number = 9;
    alone.pull_request.number = 9;
    expect((await runAction({ github, event: 'pull_request', payload: alone, inputs: { 'fail-on': 'never' } })).stderr).toBe('');

    const texts: [string, string][] = [
      ...github.comments.map((c): [string, string] => [`comment ${c.id}`, c.body]),
      ...github.reviews.map((r): [string, string] => [`review ${r.id}`, r.body]),
      ['check run summary', github.checkRuns[0]!.output.summary ?? ''],
      ['check run text', github.checkRuns[0]!.output.text ?? ''],
      ['job summary', run.summary],
      ['job summary (check)', check.summary],
    ];
    for (const [where, text] of texts) expect(unsafe(text), where).toEqual([]);
    // The hostile text is there, as text: escaped or in code.
    const all = texts.map(([, t]) => t).join('\n');
    expect(all).toContain('`@octocat`');
    expect(all).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(all).toContain('&lt;\\!-- hi');
    expect(github.checkRuns[0]!.output.text).toContain('src=x&gt;&lt;\\!--.');

    // Suggestions carry the suggested text exactly, a fence longer than the one inside it.
    const report = await cliReport(HOSTILE);
    const suggested = new Set(report.findings.flatMap((f) => (f.suggestion ? [f.suggestion.text] : [])));
    const blocks = github.comments.flatMap((c: ReviewComment) => suggestionBlocks(c.body));
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(suggested.has(b), b).toBe(true);
    // The rewrapped line 25 (a later commit changed it) is in the review body: its text holds ``` and HTML.
    const rewrap = report.findings.find((f) => f.rule === 'qapi/doc-line-width' && f.line === 25)!.suggestion!.text;
    expect(rewrap).toContain('```<img src=x><!--.');
    expect(github.reviews[0]!.body).toContain(['  ````', ...rewrap.split('\n').map((l) => `  ${l}`), '  ````'].join('\n'));
  }, 120_000);
});

describe('a GitHub that answers 500 to the review', () => {
  it('still gets the job summary and the annotations written first, and the run says the post failed', async () => {
    await start();
    onePatchPull(EXAMPLE);
    github.reviewPostsFail = true;
    const run = await review();
    // Tried, retried by Octokit, refused every time.
    const posts = github.calls('pulls/create-review');
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.every((p) => p.status === 500)).toBe(true);
    expect(github.reviews).toEqual([]);

    expect(run.status).toBe(1);
    const failure = run.commands.filter((c) => c.command === 'error' && !c.properties.title).map((c) => c.message);
    expect(failure).toEqual([
      expect.stringMatching(
        /^qemu-review: could not post the pull request review \(HTTP 500\): .*The findings are in the job summary and in this step's annotations\.$/,
      ),
    ]);
    // The findings are all in the summary, and the first of each level are annotations on their lines.
    const report = await cliReport(EXAMPLE);
    expect(Number(run.outputs.findings)).toBe(report.findings.length);
    expect(run.summary).toContain('| warning | [`qapi/migration.json:48`]');
    expect(run.summary).toContain('> qemu-review could not post the pull request review (HTTP 500)');
    // The runner keeps 10 annotations per level and step: the first of each level.
    const annotations = run.commands.filter((c) => c.properties.file);
    const level = (s: string) => Math.min(10, report.findings.filter((f) => f.severity === s).length);
    expect(annotations.length).toBe(level('error') + level('warning') + level('info'));
    expect(annotations).toContainEqual(
      expect.objectContaining({ command: 'error', properties: expect.objectContaining({ file: 'qapi/migration.json', line: '61' }) }),
    );
  }, 120_000);
});

describe('a patch of a megabyte', () => {
  it('is reviewed through the Action: a body under the limit, state only for what was posted, the rest posted by the next run', async () => {
    await start();
    const patch = largeQapiPatch(1_000_000);
    expect(patch.length).toBeGreaterThan(990_000);
    onePatchPull(patch);
    const run = await review();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = await cliReport(patch);
    expect(report.findings.length).toBeGreaterThan(10_000);
    expect(Number(run.outputs.findings)).toBe(report.findings.length);

    expect(github.reviews).toHaveLength(1);
    expect(github.comments).toHaveLength(30);
    const body = github.reviews[0]!.body;
    expect(body.length).toBeLessThan(65_536);
    const listed = body.split('\n').filter((l) => l.startsWith('- **')).length;
    expect(listed).toBeGreaterThan(100);
    const left = Number(/… and (\d+) more findings/.exec(body)![1]);
    // A comment speaks for every finding of its paragraph: those whose lines it hangs on.
    const covered = report.findings.filter((f) =>
      github.comments.some((c) => c.path === f.file && (c.start_line ?? c.line) <= f.line && f.line <= c.line),
    ).length;
    expect(covered).toBeGreaterThanOrEqual(30);
    expect(covered + listed + left).toBe(report.findings.length);
    const state = /^<!-- qemu-review:state=([A-Za-z0-9+/]*) -->$/m.exec(body)![1]!;
    expect(state.length).toBe(8 * (30 + listed));
    // Mentions stay in code even here: the doc lines name the next knob.
    expect(unsafe(body)).toEqual([]);
    expect(run.summary).toContain(`… and ${report.findings.length - 1000} more findings`);

    // The next run posts what did not fit, and nothing already posted.
    await review();
    expect(github.reviews).toHaveLength(2);
    const second = github.reviews[1]!.body;
    const first = new Set(body.split('\n').filter((l) => l.startsWith('- **')));
    const next = second.split('\n').filter((l) => l.startsWith('- **'));
    expect(next.length).toBeGreaterThan(100);
    expect(next.filter((l) => first.has(l))).toEqual([]);
    // And the next 30 inline comments: none of them a finding posted before.
    expect(github.comments).toHaveLength(60);
    expect(new Set(github.comments.map((c) => c.body.split('\n').at(-1))).size).toBe(60);
    for (const c of github.comments.slice(30)) expect(first.has(c.body)).toBe(false);
  }, 240_000);

  it('gets a check run of at most 1,000 annotations in 20 requests, and says how many are not annotated', async () => {
    await start();
    const patch = largeQapiPatch(1_000_000);
    onePatchPull(patch);
    const run = await review({ mode: 'check' });
    expect(run.stderr).toBe('');
    const [check] = github.checkRuns;
    expect(check).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(check!.annotations).toHaveLength(1000);
    expect(check!.batches).toEqual(Array(20).fill(50));
    const total = Number(run.outputs.findings);
    expect(check!.output.summary).toContain(
      `${total - 1000} of the ${total} findings with a place are not annotated: a check run takes 1000 here, the most severe first.`,
    );
  }, 240_000);

  it('a commit over the size limit is reported as too large, with the limit, in the summary and the check run', async () => {
    await start();
    const patch = largeQapiPatch(16 * 1024 * 1024 + 100_000);
    onePatchPull(patch);
    const run = await review({ mode: 'check' });
    expect(run.stderr).toBe('');
    expect(run.outputs.reviewed).toBe('0');
    const why = 'too large to review: the patch is over the limit of 16777216 bytes (16 MiB)';
    expect(run.summary).toContain(why);
    expect(run.summary).toContain('0 patches reviewed');
    expect(github.checkRuns[0]!.output.summary).toContain(why);
    expect(run.commands.some((c) => c.command === 'warning' && c.message.includes(why))).toBe(true);
  }, 120_000);
});
