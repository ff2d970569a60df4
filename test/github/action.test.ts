/**
 * The bundled Action (built from the sources as dist/index.js is) end to end: run as the runner runs it,
 * against a local GitHub that serves the fixture patches and checks every
 * request against GitHub's OpenAPI description.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { runCli } from '../support/run-cli.js';
import { hasShared, repoRoot, shared } from '../support/shared.js';
import { diffOfPatch, FakeGitHub, isWrite, RESOLVE_THREAD, rightSide, type FakeCommit, type ReviewComment } from './fake-github.js';
import { fakeGitHubPerTest } from './fake-github-per-test.js';
import { runAction, type ActionRun, type PullRequestEvent } from './run-action.js';

const OWNER = 'qemu-review-demo';
const REPO = 'qemu';
const BASE = '692aa29c128be08352268a0928aec6965cf7f0de';
const fixture = (name: string) => readFileSync(join(repoRoot, 'fixtures', 'github', name));
const event = (name: string): unknown => JSON.parse(fixture(name).toString('utf8'));
const pullRequestEvent = (name: string) => event(name) as PullRequestEvent;

const paths = {
  example: join(repoRoot, 'fixtures', 'example.patch'),
  followup: join(repoRoot, 'fixtures', 'github', 'pr-followup.patch'),
  latin1: join(repoRoot, 'fixtures', 'github', 'pr-latin1.patch'),
  many: join(repoRoot, 'fixtures', 'github', 'many-knobs.patch'),
};
const commit = (sha: string, path: string): FakeCommit => ({ sha, patch: readFileSync(path) });
const EXAMPLE = commit('2ecb4d63a48b9affde1ab5b13c12d7907e3a1df5', paths.example);
const FOLLOWUP = commit('88d869668d87d1609daf519666ac55d397b4918d', paths.followup);
const LATIN1 = commit('b42d6dd0db51d8ef2e386364739b32616f1fa0dd', paths.latin1);
const MANY = commit('b40a8699cb3bffaa796e8466c5c902a6b4b8a6a0', paths.many);

/** The rules whose findings these tests pin down; findings of rules added later are checked only in general. */
const PINNED = ['c/lengthy-macro', 'patch/encoding', 'qapi/doc-line-width', 'qapi/member-list-order', 'qapi/sentence-spacing', 'qapi/unstable-feature'];

const startFake = fakeGitHubPerTest(OWNER, REPO);
let github: FakeGitHub;

async function start(): Promise<FakeGitHub> {
  github = await startFake();
  return github;
}

/** What the CLI reports on the same patches: the counts the Action's outputs must repeat. */
async function cliCounts(files: string[], args: string[] = []): Promise<Record<string, string>> {
  const { stdout } = await runCli(['check', '--format', 'json', ...args, ...files]);
  const report = JSON.parse(stdout) as JsonReport;
  const n = (s: string) => String(report.findings.filter((f) => f.severity === s).length);
  return {
    findings: String(report.findings.length),
    errors: n('error'),
    warnings: n('warning'),
    notes: n('info'),
    reviewed: String(report.messages.filter((m) => m.status === 'reviewed').length),
  };
}

interface Seen {
  rule: string;
  path: string;
  start_line: number | null;
  line: number;
  /** The finding's own line, from the comment's footer. */
  at: number;
}

/** What a comment says, one entry per rule and message it names (a doc paragraph's comment names several). */
function seen(c: ReviewComment): Seen[] {
  const at = Number(/<sub>lines? (\d+)/.exec(c.body)?.[1]);
  return [...c.body.matchAll(/^\*\*(?:error|warning|note)\*\* `([^`]+)`:/gm)].map((m) => ({
    rule: m[1]!,
    path: c.path,
    start_line: c.start_line,
    line: c.line,
    at,
  }));
}

/** The comment naming `rule` whose first flagged line is `line`. */
const commentOn = (comments: ReviewComment[], rule: string, line: number) => comments.find((c) => seen(c).some((s) => s.rule === rule && s.at === line))!;

const pinned = (comments: ReviewComment[]) => comments.flatMap(seen).filter((s) => PINNED.includes(s.rule));
const byPlace = (a: Seen, b: Seen) => a.path.localeCompare(b.path) || a.line - b.line || a.rule.localeCompare(b.rule) || a.at - b.at;

function suggestionBlocks(body: string): string[] {
  return [...body.matchAll(/^(`{3,})suggestion\n([\s\S]*?)\n\1$/gm)].map((m) => m[2]!);
}

function threeCommitPull(gh: FakeGitHub): void {
  gh.addPull({ number: 7, headSha: LATIN1.sha, baseSha: BASE, commits: [EXAMPLE, FOLLOWUP, LATIN1], diff: fixture('pr-three-commits.diff') });
}

async function reviewPull7(): Promise<ActionRun> {
  return runAction({ github, event: 'pull_request', payload: pullRequestEvent('event-pull-request.json') });
}

describe('a pull request of three commits', () => {
  it('is reviewed commit by commit and gets one review anchored on the PR diff', async () => {
    threeCommitPull(await start());
    const run = await reviewPull7();
    expect(run.stderr).toBe('');

    // Reads: the commits, each commit as a patch (the patch media type), the files, what is posted; one write.
    const patches = github.calls('repos/get-commit');
    expect(patches.map((c) => [c.params.ref, c.accept])).toEqual([EXAMPLE, FOLLOWUP, LATIN1].map((c) => [c.sha, 'application/vnd.github.patch']));
    expect(github.calls('pulls/list-commits')).toHaveLength(1);
    expect(github.calls('pulls/list-files')).toHaveLength(1);
    expect(github.writes().map((w) => w.operationId)).toEqual(['pulls/create-review']);

    expect(github.reviews).toHaveLength(1);
    const [review] = github.reviews;
    expect(review).toMatchObject({ state: 'COMMENTED', commit_id: LATIN1.sha });
    expect(github.calls('pulls/create-review')[0]!.body).toMatchObject({ event: 'COMMENT', commit_id: LATIN1.sha });

    // Lines of commit 1 moved down by commit 2 (three lines above them) are posted where they are now;
    // the comment spans a range (start_line) where the finding or its suggestion does.  The findings of
    // one doc paragraph (50-51), and of one line (55, 64), are one comment.
    expect(pinned(github.comments).sort(byPlace)).toEqual(
      [
        { rule: 'c/lengthy-macro', path: 'include/qemu/list-helpers.h', start_line: 15, line: 22, at: 15 },
        { rule: 'qapi/sentence-spacing', path: 'qapi/migration.json', start_line: null, line: 37, at: 37 },
        { rule: 'qapi/doc-line-width', path: 'qapi/migration.json', start_line: 50, line: 51, at: 50 },
        { rule: 'qapi/doc-line-width', path: 'qapi/migration.json', start_line: 50, line: 51, at: 50 },
        { rule: 'qapi/sentence-spacing', path: 'qapi/migration.json', start_line: 50, line: 51, at: 50 },
        { rule: 'qapi/doc-line-width', path: 'qapi/migration.json', start_line: null, line: 55, at: 55 },
        { rule: 'qapi/member-list-order', path: 'qapi/migration.json', start_line: null, line: 55, at: 55 },
        { rule: 'qapi/member-list-order', path: 'qapi/migration.json', start_line: null, line: 64, at: 64 },
        { rule: 'qapi/unstable-feature', path: 'qapi/migration.json', start_line: null, line: 64, at: 64 },
      ].sort(byPlace),
    );
    for (const c of github.comments) {
      expect(c).toMatchObject({ side: 'RIGHT', user: { type: 'Bot' } });
      if (c.start_line !== null) expect(c.start_side).toBe('RIGHT');
      expect(c.body).toMatch(/^<!-- qemu-review:fp=[0-9a-f]{16} -->$/m);
    }
    const places = github.comments.map((c) => `${c.path}:${c.line}`);
    expect(new Set(places).size).toBe(places.length);

    // The commit was committed on 2026-11-19, after 11.2's hard freeze: new members name 12.0.
    // Suggestions: GitHub's block, on exactly the lines it replaces, one per comment: every rule's fix merged.
    const comment = (rule: string, line: number) => commentOn(github.comments, rule, line);
    expect(suggestionBlocks(comment('qapi/doc-line-width', 50).body)).toEqual([
      '# @state-handover: Backends whose state is handed over rather than\n#     migrated.  This needs a UNIX domain socket as migration channel.\n#     (Since 12.0)',
    ]);
    expect(comment('qapi/since-version', 50)).toBe(comment('qapi/sentence-spacing', 50));
    expect(suggestionBlocks(comment('qapi/sentence-spacing', 37).body)).toEqual(['# Knobs that tune migration.  Most of them are stable.']);
    expect(suggestionBlocks(comment('qapi/unstable-feature', 64).body)).toEqual(["            { 'name': 'state-handover', 'features': [ 'unstable' ] } ] }"]);
    expect(suggestionBlocks(comment('qapi/member-list-order', 55).body)).toEqual([
      '# @unstable: Members @state-handover, @x-trace and @x-verbose are\n#     experimental.',
    ]);
    expect(comment('qapi/doc-line-width', 55)).toBe(comment('qapi/member-list-order', 55));
    const blocks = github.comments.filter((c) => suggestionBlocks(c.body).length > 0);
    for (const c of blocks) {
      expect(suggestionBlocks(c.body)).toHaveLength(1);
      const others = blocks.filter((o) => o !== c && o.path === c.path && (o.start_line ?? o.line) <= c.line && (c.start_line ?? c.line) <= o.line);
      expect(others).toEqual([]);
    }
    // Every comment sits on a line the PR's diff shows, a multi-line one inside one hunk.
    const files = diffFiles(fixture('pr-three-commits.diff'));
    for (const c of github.comments) {
      const lines = files.get(c.path)!;
      expect(lines.has(c.line)).toBe(true);
      if (c.start_line !== null) expect(lines.get(c.start_line)).toBe(lines.get(c.line));
    }

    // The body: the commit message finding, and commit 1's findings on lines commit 2 rewrote.
    expect(review!.body).toMatch(/^### qemu-review$/m);
    expect(review!.body).toMatch(/3 patches reviewed: \d+ errors?, \d+ warnings?, \d+ notes?\. \d+ new comments on the diff\./);
    expect(review!.body).toContain('#### On commit messages');
    // The subject is the patch's text: its brackets escaped, so that it cannot make a link.
    expect(review!.body).toMatch(
      /- \*\*warning\*\* `\/COMMIT_MSG:1` of b42d6dd0db51 \(\\\[PATCH\\\] docs: add a page on migration knobs\) `patch\/encoding`: the body has bytes/,
    );
    expect(review!.body).toContain('#### On lines a later commit of the pull request changed again');
    const rewritten = review!.body.split('\n').filter((l) => l.includes('commit 88d869668d87 changes this line again'));
    expect(rewritten.map((l) => /`(qapi\/[^`]+)`/.exec(l)![1] + ' ' + /`(qapi\/[a-z-]+)`:/.exec(l)![1]).sort()).toEqual([
      'qapi/migration.json:25 qapi/doc-line-width',
      'qapi/migration.json:25 qapi/sentence-spacing',
      'qapi/migration.json:26 qapi/doc-line-width',
    ]);
    expect(review!.body).toMatch(/^<!-- qemu-review:state=[A-Za-z0-9+/]+ -->$/m);

    // Outputs: what the CLI counts on the same three patches; the step fails on warnings (the default).
    expect(run.outputs).toEqual(await cliCounts([paths.example, paths.followup, paths.latin1]));
    expect(run.status).toBe(1);
    // Annotations (titled) come first; the step's own error is the fail-on one.
    expect(run.commands.filter((c) => c.command === 'error' && !c.properties.title).map((c) => c.message)).toEqual([
      expect.stringMatching(/^qemu-review: \d+ finding\(s\) at or above 'warning' \(fail-on\)$/),
    ]);
    expect(run.summary).toMatch(/^## qemu-review$/m);
    expect(run.summary).toContain('pull request #7: 3 patches reviewed');
    expect(run.summary).toContain('| 1 | `2ecb4d63a48b` | \\[PATCH v2 3/5\\] qapi: add migration knob state-handover |');
    expect(run.summary).toContain(`[\`qapi/migration.json:64\`](${github.url}/${OWNER}/${REPO}/blob/${LATIN1.sha}/qapi/migration.json#L64)`);
  }, 60_000);

  it('a second run posts nothing new', async () => {
    threeCommitPull(await start());
    await reviewPull7();
    const before = github.log.length;
    const comments = structuredClone(github.comments);
    const run = await reviewPull7();
    expect(github.log.slice(before).filter(isWrite)).toEqual([]);
    expect(github.comments).toEqual(comments);
    expect(github.reviews).toHaveLength(1);
    expect(run.status).toBe(1);
    expect(run.summary).toContain('pull request #7: 3 patches reviewed');
  }, 60_000);

  it('after a force-push, retires comments whose finding is gone: deleted, or marked when someone replied', async () => {
    threeCommitPull(await start());
    await reviewPull7();
    const first = structuredClone(github.comments);
    const replied = commentOn(github.comments, 'qapi/sentence-spacing', 37);
    github.reply(replied, 'Fixed in v2, thanks.');
    const macro = github.comments.find((c) => seen(c).some((s) => s.rule === 'c/lengthy-macro'))!;

    // The author drops the two later commits: only commit 1 is left, at its own line numbers.
    github.addPull({ number: 7, headSha: EXAMPLE.sha, baseSha: BASE, commits: [EXAMPLE], diff: diffOfPatch(EXAMPLE.patch) });
    const payload = pullRequestEvent('event-pull-request.json');
    payload.pull_request.head.sha = EXAMPLE.sha;
    payload.pull_request.commits = 1;
    const before = github.log.length;
    const run = await runAction({ github, event: 'pull_request', payload });
    expect(run.stderr).toBe('');
    const writes = github.log.slice(before).filter(isWrite);

    // Everything of the first run but the macro comment (unchanged place and text) is retired: a thread whose
    // point commit 1 no longer has is resolved and kept as it was (the record of the earlier version's review,
    // the reply under it too); one whose point is still there, at other lines, is deleted and posted anew.
    const gone = first
      .filter((c) => c.id !== macro.id)
      .map((c) => String(c.id))
      .sort();
    const deleted = writes.filter((w) => w.operationId === 'pulls/delete-review-comment').map((w) => w.params.comment_id!);
    const resolved = writes
      .filter((w) => w.operationId === RESOLVE_THREAD)
      .map((w) => (w.body as { variables: { threadId: string } }).variables.threadId.replace('PRRT_', ''));
    expect([...deleted, ...resolved].sort()).toEqual(gone);
    expect(resolved.length).toBeGreaterThan(0);
    expect(deleted.length).toBeGreaterThan(0);
    // The spacing at line 37 of commit 2 is gone with it: its thread, which has a reply, is resolved, not rewritten.
    expect(resolved).toContain(String(replied.id));
    expect(writes.filter((w) => w.operationId === 'pulls/update-review-comment')).toEqual([]);
    for (const id of resolved) expect(github.comments.find((c) => String(c.id) === id)).toEqual(first.find((c) => String(c.id) === id));
    expect(github.comments.find((c) => c.id === macro.id)).toEqual(macro);
    // Every resolved thread's point is absent from the new run's comments on the same file.
    const now = github.comments.filter((c) => c.pull_request_review_id === github.reviews[1]?.id);
    for (const id of resolved) {
      const old = first.find((c) => String(c.id) === id)!;
      for (const s of seen(old))
        expect(now.some((c) => c.path === old.path && seen(c).some((n) => n.rule === s.rule) && c.body.includes(old.body.split('\n')[0]!))).toBe(false);
    }
    expect(run.summary).toMatch(
      /Since the previous version \(`88d869668d87`\): (?:one thread|\d+ threads) of qemu-review's earlier review (?:is|are) fixed and resolved; still open: /,
    );
    // The macro comment, untouched, is among the points still open.
    expect(run.summary).toMatch(/still open: .*`c\/lengthy-macro`/);

    // One new review with commit 1's findings at commit 1's lines; the macro comment is not posted again.
    expect(writes.filter((w) => w.operationId === 'pulls/create-review')).toHaveLength(1);
    const fresh = github.comments.filter((c) => c.pull_request_review_id === github.reviews[1]!.id);
    expect(
      pinned(fresh)
        .map((s) => `${s.rule} ${s.start_line ?? ''}-${s.line}`)
        .sort(),
    ).toEqual(
      [
        'qapi/doc-line-width 25-26',
        'qapi/doc-line-width 25-26',
        'qapi/sentence-spacing 25-26',
        'qapi/doc-line-width 47-48',
        'qapi/doc-line-width 47-48',
        'qapi/sentence-spacing 47-48',
        'qapi/member-list-order -52',
        'qapi/doc-line-width -52',
        'qapi/member-list-order -61',
        'qapi/unstable-feature -61',
      ].sort(),
    );
    expect(run.outputs).toEqual(await cliCounts([paths.example]));

    // And once more: nothing left to do.
    const settled = github.log.length;
    await runAction({ github, event: 'pull_request', payload });
    expect(github.log.slice(settled).filter(isWrite)).toEqual([]);
  }, 90_000);

  it('when GitHub refuses the inline comments, the findings are posted in the review body instead', async () => {
    const gh = await start();
    threeCommitPull(gh);
    gh.refuseNextInline = true;
    const run = await reviewPull7();
    const posts = github.calls('pulls/create-review');
    expect(posts.map((p) => [p.status, (p.body as { comments: unknown[] }).comments.length])).toEqual([
      [422, expect.any(Number)],
      [200, 0],
    ]);
    expect(github.comments).toEqual([]);
    expect(github.reviews[0]!.body).toContain('(GitHub refused the inline comment)');
    expect(run.commands.find((c) => c.command === 'warning' && !c.properties.title)!.message).toMatch(
      /^GitHub refused the review's inline comments \(Unprocessable Entity/,
    );
    expect(run.summary).toContain('> GitHub refused the inline comments');
  }, 60_000);

  it('mode: check posts a check run on the head commit instead of a review', async () => {
    threeCommitPull(await start());
    const run = await runAction({
      github,
      event: 'pull_request',
      payload: pullRequestEvent('event-pull-request.json'),
      inputs: { mode: 'check', 'fail-on': 'error' },
    });
    expect(github.writes().map((w) => w.operationId)).toEqual(['checks/create']);
    expect(github.checkRuns[0]).toMatchObject({ head_sha: LATIN1.sha, status: 'completed', conclusion: 'failure', batches: [expect.any(Number)] });
    expect(github.checkRuns[0]!.output.text).toContain('`/COMMIT_MSG:1` of b42d6dd0db51 `patch/encoding`');
    expect(github.checkRuns[0]!.output.text).toContain('_(not shown at the tip: commit 88d869668d87 changes this line again)_');
    expect(run.status).toBe(1);
  }, 60_000);

  it('mode: summary reads, reviews and writes the job summary only', async () => {
    threeCommitPull(await start());
    const run = await runAction({
      github,
      event: 'pull_request',
      payload: pullRequestEvent('event-pull-request.json'),
      inputs: { mode: 'summary', 'fail-on': 'never' },
    });
    expect(github.writes()).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.outputs).toEqual(await cliCounts([paths.example, paths.followup, paths.latin1]));
    expect(run.summary).toContain('pull request #7: 3 patches reviewed');
    expect(run.summary).toContain('| warning | [`qapi/migration.json:37`]');
    expect(run.summary).toMatch(
      /\| warning \| `qapi\/migration\.json:25` of 2ecb4d63a48b \(not shown at the tip: commit 88d869668d87 changes this line again\) \|/,
    );
  }, 60_000);
});

describe('a pull request with more findings than a review takes', () => {
  it('posts 30 inline comments, lists the rest in the body, and a re-run adds nothing', async () => {
    const gh = await start();
    gh.addPull({ number: 8, headSha: MANY.sha, baseSha: BASE, commits: [EXAMPLE, MANY], diff: fixture('example-and-many-knobs.diff') });
    const payload = pullRequestEvent('event-pull-request-fork.json');
    payload.pull_request.head.repo = payload.pull_request.base.repo;
    const run = await runAction({ github, event: 'pull_request', payload });
    expect(run.stderr).toBe('');
    expect(github.reviews).toHaveLength(1);
    expect(github.comments).toHaveLength(30);
    const body = github.reviews[0]!.body;
    expect(body).toContain('#### Not posted inline: a review takes at most 30 comments, and these came after them');
    const listed = body.split('\n').filter((l) => l.startsWith('- **'));
    // An inline comment speaks for all the findings of its paragraph; every finding it cannot post is listed.
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length + 30).toBeLessThan(Number(run.outputs.findings));
    expect(body).toContain('30 new comments on the diff.');
    // Again, with GitHub handing out small pages: the 30 comments posted come back over several.
    github.maxPerPage = 7;
    const before = github.log.length;
    await runAction({ github, event: 'pull_request', payload });
    const again = github.log.slice(before);
    expect(again.filter((l) => l.operationId === 'pulls/list-review-comments').map((l) => l.query.page ?? '1')).toEqual(['1', '2', '3', '4', '5']);
    expect(again.filter(isWrite)).toEqual([]);
  }, 60_000);
});

describe('a pull request from a fork (read-only token)', () => {
  it('falls back to annotations and the job summary, and says why', async () => {
    const gh = await start();
    gh.readOnly = true;
    gh.addPull({ number: 8, headSha: MANY.sha, baseSha: BASE, commits: [EXAMPLE, MANY], diff: fixture('example-and-many-knobs.diff') });
    const run = await runAction({ github, event: 'pull_request', payload: pullRequestEvent('event-pull-request-fork.json') });

    // One attempt, refused; nothing else is tried.
    expect(github.writes().map((w) => [w.operationId, w.status])).toEqual([['pulls/create-review', 403]]);
    const annotations = run.commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command) && c.properties.file);
    const count = (level: string) => annotations.filter((a) => a.command === level).length;
    // The runner keeps 10 errors and 10 warnings per step: no more are sent.
    expect(count('warning')).toBe(10);
    expect(count('error')).toBeGreaterThanOrEqual(1);
    expect(count('error')).toBeLessThanOrEqual(10);
    expect(count('notice')).toBeLessThanOrEqual(10);
    for (const a of annotations) {
      expect(a.properties.file).toMatch(/^(qapi|include|migration)\//);
      expect(Number(a.properties.line)).toBeGreaterThan(0);
      expect(a.properties.title).toMatch(/^[a-z]+\/[a-z-]+ \([0-9a-f]{12}\)$/);
    }
    expect(annotations).toContainEqual({
      command: 'error',
      properties: { title: 'qapi/unstable-feature (2ecb4d63a48b)', file: 'qapi/migration.json', line: '61', endLine: '61', col: '13', endColumn: '28' },
      message: "'state-handover' is documented as experimental under @unstable, but lacks 'features': [ 'unstable' ]",
    });
    const why = run.commands.find((c) => c.command === 'warning' && !c.properties.file)!;
    expect(why.message).toMatch(/^qemu-review: The token cannot write pull request reviews here \(Resource not accessible by integration/);
    expect(why.message).toContain('a pull request from a fork gets a read-only token');
    expect(run.summary).toContain('> The token cannot write pull request reviews here');
    expect(run.summary).toMatch(/the other \d+ are only listed in this summary/);
    expect(run.outputs).toEqual(await cliCounts([paths.example, paths.many]));
    expect(run.status).toBe(1);
  }, 60_000);
});

describe('a patchew tag pushed', () => {
  it('gets a check run whose annotations go 50 per request, with the config applied', async () => {
    const gh = await start();
    gh.compare = { mergeBase: BASE, head: MANY.sha, commits: [EXAMPLE, MANY] };
    // One commit per page of the compare endpoint: the series is still read whole.
    gh.maxPerPage = 1;
    const config = { rules: { 'c/lengthy-macro': 'off', 'qapi/sentence-spacing': 'error' }, failOn: 'error' };
    const run = await runAction({
      github,
      event: 'push',
      payload: event('event-push-tag.json'),
      inputs: { config: '.github/qemu-review.json' },
      workspace: { '.github/qemu-review.json': JSON.stringify(config) },
    });
    expect(run.stderr).toBe('');
    expect(github.calls('repos/compare-commits-with-basehead').map((c) => [c.params.basehead, c.query.page])).toEqual([
      [`master...${MANY.sha}`, '1'],
      [`master...${MANY.sha}`, '2'],
    ]);
    expect(github.calls('repos/get-commit').map((c) => c.params.ref)).toEqual([EXAMPLE.sha, MANY.sha]);

    expect(github.checkRuns).toHaveLength(1);
    const [check] = github.checkRuns;
    expect(check).toMatchObject({ name: 'qemu-review', head_sha: MANY.sha, status: 'completed', conclusion: 'failure' });
    // More than 50 annotations: a create and updates, none over 50, all appended.
    expect(check!.batches.length).toBeGreaterThanOrEqual(2);
    expect(check!.batches.every((n) => n <= 50)).toBe(true);
    expect(check!.batches.slice(0, -1).every((n) => n === 50)).toBe(true);
    expect(github.writes().map((w) => w.operationId)).toEqual(['checks/create', ...check!.batches.slice(1).map(() => 'checks/update')]);
    expect(github.calls('checks/create')[0]!.body).toMatchObject({ status: 'in_progress' });
    expect(github.calls('checks/update').at(-1)!.body).toMatchObject({ status: 'completed', conclusion: 'failure' });

    const expected = await cliCounts([paths.example, paths.many], ['--no-rule', 'c/lengthy-macro']);
    expect(check!.annotations).toHaveLength(Number(expected.findings));
    expect(check!.annotations.filter((a) => a.title!.toString().startsWith('c/lengthy-macro'))).toEqual([]);
    // sentence-spacing raised to error by the config: failure-level annotations.
    const spacing = check!.annotations.filter((a) => String(a.title).startsWith('qapi/sentence-spacing'));
    expect(spacing.length).toBeGreaterThan(0);
    expect(spacing.every((a) => a.annotation_level === 'failure')).toBe(true);
    expect(check!.annotations).toContainEqual(
      expect.objectContaining({
        path: 'qapi/migration.json',
        start_line: 47,
        end_line: 47,
        start_column: 71,
        annotation_level: 'warning',
        raw_details:
          'Suggested lines 47-48:\n# @state-handover: Backends whose state is handed over rather than\n#     migrated.  This needs a UNIX domain socket as migration channel.\n#     (Since 12.0)',
      }),
    );
    expect(check!.annotations.filter((a) => a.path === 'qapi/many.json' && String(a.title).startsWith('qapi/doc-line-width'))).toHaveLength(60);
    expect(check!.output.title).toMatch(/^2 patches reviewed: /);
    expect(check!.output.summary).toContain(`tag patchew/20261121070000.12345-1-ada@example.org (on master at ${BASE.slice(0, 12)})`);

    // The config changes severities, so the outputs are the CLI's findings with sentence-spacing counted as errors.
    const { stdout } = await runCli(['check', '--format', 'json', '--no-rule', 'c/lengthy-macro', paths.example, paths.many]);
    const findings = (JSON.parse(stdout) as JsonReport).findings.map((f) => (f.rule === 'qapi/sentence-spacing' ? 'error' : f.severity));
    expect(run.outputs).toEqual({
      ...expected,
      errors: String(findings.filter((s) => s === 'error').length),
      warnings: String(findings.filter((s) => s === 'warning').length),
      notes: String(findings.filter((s) => s === 'info').length),
    });
    expect(run.status).toBe(1);
    expect(run.commands.find((c) => c.command === 'error' && !c.properties.title)!.message).toMatch(/at or above 'error' \(fail-on\)$/);
    expect(run.summary).toContain('tag patchew/20261121070000.12345-1-ada@example.org');
  }, 60_000);

  it('mode: review on a push has no pull request to review: summary only, and a warning says so', async () => {
    const gh = await start();
    gh.compare = { mergeBase: BASE, head: MANY.sha, commits: [EXAMPLE, MANY] };
    const run = await runAction({ github, event: 'push', payload: event('event-push-tag.json'), inputs: { mode: 'review', 'fail-on': 'never' } });
    expect(github.writes()).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.commands.filter((c) => c.command === 'warning' && !c.properties.title).map((c) => c.message)).toEqual([
      "qemu-review: mode 'review' needs a pull_request event; this run writes the job summary only",
    ]);
    expect(run.summary).toContain("> Mode 'review' needs a pull_request event; this run writes the job summary only.");
    expect(run.outputs.reviewed).toBe('2');
  }, 60_000);

  it('a config file with an unknown rule fails the step, naming the file and the key', async () => {
    await start();
    const run = await runAction({
      github,
      event: 'push',
      payload: event('event-push-tag.json'),
      inputs: { config: 'qemu-review.json' },
      workspace: { 'qemu-review.json': '{ "rules": { "qapi/no-such-rule": "off" } }' },
    });
    expect(run.status).toBe(1);
    expect(run.commands.filter((c) => c.command === 'error').map((c) => c.message)).toEqual([
      'qemu-review: qemu-review.json: rules.qapi/no-such-rule: no rule has this id or area (`qemu-review rules` lists them)',
    ]);
    expect(github.log).toEqual([]);
  }, 30_000);
});

describe.skipIf(!hasShared)('the seed patch as a pull request', () => {
  it("gets Markus Armbruster's review findings as inline comments, with v7's fixes as suggestions", async () => {
    const seed = shared('seed', 'v6-16-19-original.eml');
    const gh = await start();
    const head = pullRequestEvent('event-pull-request-seed.json').pull_request.head.sha;
    const patch = readFileSync(seed);
    gh.addPull({ number: 19, headSha: head, baseSha: BASE, commits: [{ sha: head, patch }], diff: diffOfPatch(patch) });
    const run = await runAction({ github, event: 'pull_request', payload: pullRequestEvent('event-pull-request-seed.json') });
    expect(run.stderr).toBe('');
    // One comment per doc paragraph (the copies of a member's doc a short one each): at most 12, every flagged line under one.
    expect(github.comments.length).toBeLessThanOrEqual(12);
    const { stdout } = await runCli(['check', '--format', 'json', seed]);
    for (const f of (JSON.parse(stdout) as JsonReport).findings) {
      const under = github.comments.filter((c) => c.path === f.file && (c.start_line ?? c.line) <= f.line && f.line <= c.line);
      expect(under, `${f.rule} ${f.file}:${f.line}`).toHaveLength(1);
    }
    const at = (rule: string, line: number) => commentOn(github.comments, rule, line);
    expect(at('qapi/member-list-order', 945)).toMatchObject({ start_line: 945, line: 946 });
    expect(at('qapi/doc-line-width', 945)).toBe(at('qapi/member-list-order', 945));
    expect(suggestionBlocks(at('qapi/member-list-order', 945).body)).toEqual([
      '# @unstable: Members @backend-transfer, @x-checkpoint-delay and\n#     @x-vcpu-dirty-limit-period are experimental.',
    ]);
    expect(suggestionBlocks(at('qapi/unstable-feature', 970).body)).toEqual(["           { 'name': 'backend-transfer', 'features': [ 'unstable' ] } ] }"]);
    expect(github.reviews).toHaveLength(1);
    expect(run.outputs).toEqual(await cliCounts([seed]));
  }, 60_000);
});

/** Right-side lines per file of a `git diff`, with their hunk. */
function diffFiles(diff: Buffer): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const section of diff.toString('utf8').split(/^(?=diff --git )/m)) {
    const name = /^\+\+\+ b\/(.*)$/m.exec(section)?.[1];
    const hunks = section.indexOf('\n@@');
    if (name && hunks >= 0) out.set(name, rightSide(section.slice(hunks + 1)));
  }
  return out;
}
