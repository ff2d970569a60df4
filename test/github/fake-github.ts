/**
 * A local GitHub for the Action's end-to-end tests: the REST endpoints the
 * Action uses, with GitHub's behaviour where it matters (pagination by Link
 * header, the patch media type, a review refused whole for one misplaced
 * comment, 403 for a fork's read-only token, annotations appended by check
 * run updates).  Every request is checked against GitHub's OpenAPI
 * description and logged; the tests read the log and the state it leaves.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenApiCheck, type Matched } from './openapi-check.js';

/** GHES serves the API under /api/v3: the Action must honour GITHUB_API_URL's path, not only its host. */
export const API_PREFIX = '/api/v3';

export interface FakeCommit {
  sha: string;
  /** The commit as GitHub's patch media type gives it. */
  patch: Buffer;
  parents?: number;
  /** The committer date (ISO 8601); by default the patch's Date, as for a commit never rebased. */
  committed?: string;
}

export interface FakePull {
  number: number;
  headSha: string;
  baseSha: string;
  commits: FakeCommit[];
  /** `git diff base head`: what the files endpoint shows. */
  diff: Buffer;
}

export interface FakeCompare {
  mergeBase: string;
  head: string;
  commits: FakeCommit[];
}

export interface RequestLog {
  method: string;
  path: string;
  operationId: string | null;
  params: Record<string, string>;
  query: Record<string, string>;
  accept: string | undefined;
  body: unknown;
  status: number;
}

/** A request that changes something: any REST method but GET, and GraphQL mutations (its queries only read). */
export const isWrite = (l: RequestLog): boolean => l.method !== 'GET' && l.operationId !== 'graphql';

/** What a GraphQL mutation is logged as: not `graphql`, so that isWrite counts it. */
export const RESOLVE_THREAD = 'graphql/resolveReviewThread';

export interface ReviewComment {
  id: number;
  pull_request_review_id: number | null;
  pull_number: number;
  path: string;
  line: number;
  start_line: number | null;
  side: string;
  start_side: string | null;
  body: string;
  commit_id: string;
  in_reply_to_id?: number;
  user: { login: string; type: string };
}

export interface Review {
  id: number;
  pull_number: number;
  body: string;
  state: string;
  commit_id: string;
  user: { login: string; type: string };
  comments: number[];
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string };
  annotations: Record<string, unknown>[];
  /** Annotations per request, in order: the batches the Action sent. */
  batches: number[];
}

/**
 * The REST operations the fake serves.  route() switches over exactly these
 * (the compiler holds it to that), and a test holds the trimmed OpenAPI
 * description to carrying each of them.
 */
export const SERVED_OPERATIONS = [
  'pulls/list-commits',
  'pulls/list-files',
  'pulls/list-review-comments',
  'pulls/list-reviews',
  'repos/get-commit',
  'repos/compare-commits-with-basehead',
  'pulls/create-review',
  'pulls/delete-review-comment',
  'pulls/update-review-comment',
  'checks/create',
  'checks/update',
  'git/list-matching-refs',
  'repos/get-content',
] as const;
type Served = (typeof SERVED_OPERATIONS)[number];
const isServed = (id: string): id is Served => (SERVED_OPERATIONS as readonly string[]).includes(id);

/** The account the job's GITHUB_TOKEN posts as. */
export const ACTIONS_BOT = 'github-actions[bot]';
/** GraphQL's endpoint on GHES: next to /api/v3, as Octokit derives it. */
export const GRAPHQL_PATH = '/api/graphql';
const VIEWER_QUERY = /^\s*(?:query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/;
/**
 * The names a query for review threads or the resolve mutation may use:
 * fields of GitHub's GraphQL schema (Repository.pullRequest,
 * PullRequest.reviewThreads, PullRequestReviewThread, PullRequestReviewComment,
 * Actor, PageInfo, ResolveReviewThreadPayload), their arguments and scalar types.
 */
const THREAD_SCHEMA_NAMES = new Set([
  'query',
  'mutation',
  'repository',
  'owner',
  'name',
  'pullRequest',
  'number',
  'reviewThreads',
  'first',
  'last',
  'after',
  'before',
  'pageInfo',
  'hasNextPage',
  'endCursor',
  'nodes',
  'totalCount',
  'id',
  'isResolved',
  'isOutdated',
  'isCollapsed',
  'path',
  'line',
  'originalLine',
  'startLine',
  'originalStartLine',
  'diffSide',
  'comments',
  'databaseId',
  'author',
  'login',
  'body',
  'url',
  'viewerCanResolve',
  'resolvedBy',
  'resolveReviewThread',
  'input',
  'threadId',
  'thread',
  'clientMutationId',
  'String',
  'Int',
  'ID',
]);
const MAX_BODY = 65_536;

export class FakeGitHub {
  readonly log: RequestLog[] = [];
  readonly violations: string[] = [];
  readonly comments: ReviewComment[] = [];
  readonly reviews: Review[] = [];
  readonly checkRuns: CheckRun[] = [];
  /** Ids of the first comments of resolved review threads (a thread is a top-level comment and its replies). */
  readonly resolvedThreads = new Set<number>();
  readonly pulls = new Map<number, FakePull>();
  compare: FakeCompare | null = null;
  /** More series the compare endpoint knows (earlier versions' tags), by head. */
  readonly compares: FakeCompare[] = [];
  /** Tags of the repository, `patchew/<message-id>` → the commit it points at. */
  readonly tags = new Map<string, string>();
  /** Files of the repository the contents endpoint serves: commit → path → text. */
  readonly files = new Map<string, Map<string, string>>();
  /** A fork's token: every write is refused with 403. */
  readOnly = false;
  /** The most items a list page holds, whatever per_page asks (lower it to make the Action page through). */
  maxPerPage = 100;
  /** Refuse the next review that has inline comments, as GitHub does when the PR moved on meanwhile. */
  refuseNextInline = false;
  /** The account the token belongs to: the author of what the Action posts, GraphQL's viewer. */
  tokenLogin = ACTIONS_BOT;
  /** GraphQL answers with an error instead of the viewer (a GHES without it, a token refused). */
  viewerFails = false;
  /** Answer every review POST with 500, as GitHub does when it is down. */
  reviewPostsFail = false;
  private nextId = 1000;
  private server: Server | null = null;
  private readonly openapi = OpenApiCheck.get();

  constructor(
    readonly owner: string,
    readonly repo: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.url}${API_PREFIX}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.violations.push(`fake GitHub crashed on ${req.method} ${req.url}: ${String(error)}`);
        send(res, 500, { message: 'fake GitHub crashed' });
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  addPull(pull: FakePull): void {
    this.pulls.set(pull.number, pull);
  }

  /** A reply by a person to one of the comments, as if left in the GitHub UI. */
  reply(to: ReviewComment, body: string): void {
    this.comments.push({ ...to, id: this.nextId++, pull_request_review_id: null, body, in_reply_to_id: to.id, user: { login: 'reviewer', type: 'User' } });
  }

  /** A top-level review comment someone else left, as if in the GitHub UI. */
  addComment(pull: number, login: string, body: string, where: { path: string; line: number }): ReviewComment {
    const p = this.pulls.get(pull)!;
    const comment: ReviewComment = {
      id: this.nextId++,
      pull_request_review_id: null,
      pull_number: pull,
      path: where.path,
      line: where.line,
      start_line: null,
      side: 'RIGHT',
      start_side: null,
      body,
      commit_id: p.headSha,
      user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
    };
    this.comments.push(comment);
    return comment;
  }

  /** A review someone else left. */
  addReview(pull: number, login: string, body: string): Review {
    const review: Review = {
      id: this.nextId++,
      pull_number: pull,
      body,
      state: 'COMMENTED',
      commit_id: this.pulls.get(pull)!.headSha,
      user: { login, type: 'User' },
      comments: [],
    };
    this.reviews.push(review);
    return review;
  }

  /** Requests of an operation, in order. */
  calls(operationId: string): RequestLog[] {
    return this.log.filter((l) => l.operationId === operationId);
  }

  writes(): RequestLog[] {
    return this.log.filter(isWrite);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        this.violations.push(`${method} ${url.pathname}: body is not JSON`);
      }
    }
    const entry: RequestLog = {
      method,
      path: url.pathname,
      operationId: null,
      params: {},
      query: Object.fromEntries(url.searchParams),
      accept: req.headers.accept,
      body,
      status: 0,
    };
    this.log.push(entry);
    const reply = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, data, headers);
    };
    if (url.pathname === GRAPHQL_PATH && method === 'POST') {
      entry.operationId = 'graphql';
      if (!/^token \S+$/.test(req.headers.authorization ?? '')) this.violations.push('graphql: no token');
      return this.graphql(body as { query?: unknown; variables?: unknown } | undefined, entry, reply);
    }
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) {
      this.violations.push(`${method} ${url.pathname}: outside GITHUB_API_URL (${API_PREFIX})`);
      return reply(404, { message: 'Not Found' });
    }
    if (!/^token \S+$/.test(req.headers.authorization ?? '')) this.violations.push(`${method} ${url.pathname}: no token`);
    const path = url.pathname.slice(API_PREFIX.length);
    const checked = this.openapi.check(method, path, url.searchParams, body, req.headers['content-type']);
    if (checked.match) {
      entry.operationId = checked.match.operationId;
      entry.params = checked.match.params;
    }
    if (!checked.ok) {
      this.violations.push(...checked.problems.map((p) => `${method} ${path}: ${p}`));
      return reply(422, { message: 'Validation Failed', errors: checked.problems });
    }
    const m = checked.match;
    if (m.params.owner !== this.owner || m.params.repo !== this.repo) return reply(404, { message: 'Not Found' });
    if (method !== 'GET' && this.readOnly) {
      return reply(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' });
    }
    return this.route(m, url, req, body as Record<string, unknown> | undefined, reply);
  }

  /** GraphQL, for what the Action may send: who the token is, the review threads of a pull request, resolving one. */
  private graphql(body: { query?: unknown; variables?: unknown } | undefined, entry: RequestLog, reply: (status: number, data: unknown) => void): void {
    const query = typeof body?.query === 'string' ? body.query : '';
    const variables = (body?.variables ?? {}) as Record<string, unknown>;
    const refuse = (why: string) => {
      this.violations.push(`graphql: ${why}`);
      reply(200, { errors: [{ message: why }] });
    };
    if (VIEWER_QUERY.test(query)) {
      if (this.viewerFails) return reply(200, { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] });
      return reply(200, { data: { viewer: { login: this.tokenLogin } } });
    }
    const unknown = [...query.replace(/\$\w+/g, '').matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0]).filter((w) => !THREAD_SCHEMA_NAMES.has(w));
    if (unknown.length > 0) return refuse(`unknown names in ${JSON.stringify(query)}: ${unknown.join(', ')}`);
    if (/^\s*mutation\b/.test(query)) {
      entry.operationId = RESOLVE_THREAD;
      // ResolveReviewThreadInput.threadId is ID!: required, and the variable must be declared so.
      if (!/resolveReviewThread\s*\(\s*input\s*:\s*\{\s*threadId\s*:\s*\$threadId\s*\}\s*\)/.test(query) || !/\$threadId\s*:\s*ID!/.test(query)) {
        return refuse(`the resolveReviewThread mutation must take input: { threadId: $threadId } with $threadId: ID!, not ${JSON.stringify(query)}`);
      }
      const id = variables.threadId;
      if (typeof id !== 'string' || id === '') return refuse(`$threadId is required (ID!), got ${JSON.stringify(id)}`);
      if (this.readOnly)
        return reply(200, { data: { resolveReviewThread: null }, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] });
      const comment = this.comments.find((c) => `PRRT_${c.id}` === id && c.in_reply_to_id === undefined);
      if (!comment) return refuse(`no review thread ${id}`);
      this.resolvedThreads.add(comment.id);
      return reply(200, { data: { resolveReviewThread: { thread: { id, isResolved: true } } } });
    }
    if (!/reviewThreads\s*\(/.test(query)) return refuse(`the fake serves the viewer, review threads and resolveReviewThread, not ${JSON.stringify(query)}`);
    for (const [name, type] of [
      ['owner', 'String!'],
      ['repo', 'String!'],
      ['number', 'Int!'],
    ] as const) {
      if (!new RegExp(`\\$${name}\\s*:\\s*${type.replace('!', '\\!')}`).test(query)) return refuse(`$${name} must be declared ${type}`);
    }
    if (typeof variables.owner !== 'string' || typeof variables.repo !== 'string' || !Number.isInteger(variables.number)) {
      return refuse(`variables owner, repo, number are required: ${JSON.stringify(variables)}`);
    }
    const first = /reviewThreads\s*\(\s*first\s*:\s*(\d+)/.exec(query);
    if (!first || Number(first[1]) > 100) return refuse('reviewThreads needs first: at most 100');
    const pull = variables.owner === this.owner && variables.repo === this.repo ? this.pulls.get(Number(variables.number)) : undefined;
    if (!pull)
      return reply(200, {
        data: { repository: variables.owner === this.owner && variables.repo === this.repo ? { pullRequest: null } : null },
        errors: [{ type: 'NOT_FOUND', message: 'Could not resolve to a PullRequest' }],
      });
    const threads = this.comments.filter((c) => c.pull_number === pull.number && c.in_reply_to_id === undefined);
    const start = typeof variables.cursor === 'string' ? Number(Buffer.from(variables.cursor, 'base64').toString('utf8').replace('cursor:', '')) : 0;
    const per = Math.min(Number(first[1]), this.maxPerPage);
    const page = threads.slice(start, start + per);
    const end = start + page.length;
    reply(200, {
      data: {
        repository: {
          pullRequest: {
            reviewThreads: {
              pageInfo: { hasNextPage: end < threads.length, endCursor: page.length > 0 ? Buffer.from(`cursor:${end}`).toString('base64') : null },
              nodes: page.map((c) => ({
                id: `PRRT_${c.id}`,
                isResolved: this.resolvedThreads.has(c.id),
                path: c.path,
                line: c.line,
                comments: { nodes: [{ databaseId: c.id, author: { login: c.user.login }, body: c.body }] },
              })),
            },
          },
        },
      },
    });
  }

  private route(
    m: Matched,
    url: URL,
    req: IncomingMessage,
    body: Record<string, unknown> | undefined,
    reply: (status: number, data: unknown, headers?: Record<string, string>) => void,
  ): void {
    const pull = m.params.pull_number ? this.pulls.get(Number(m.params.pull_number)) : undefined;
    if (m.params.pull_number && !pull) return reply(404, { message: 'Not Found' });
    const page = (items: unknown[]) => this.page(url, items, reply);
    const operation = m.operationId;
    if (!isServed(operation)) {
      this.violations.push(`${operation}: valid, but the fake GitHub does not serve it (the Action should not need it)`);
      return reply(404, { message: 'Not Found' });
    }
    switch (operation) {
      case 'pulls/list-commits':
        return page(pull!.commits.map((c, i) => commitJson(c, pull!.commits[i - 1]?.sha ?? pull!.baseSha)));
      case 'pulls/list-files':
        return page(filesOfDiff(pull!.diff));
      case 'pulls/list-review-comments':
        return page(this.comments.filter((c) => c.pull_number === pull!.number));
      case 'pulls/list-reviews':
        return page(this.reviews.filter((r) => r.pull_number === pull!.number));
      case 'repos/get-commit': {
        const commit = this.findCommit(m.params.ref!);
        if (!commit) return reply(404, { message: 'No commit found for SHA' });
        if (req.headers.accept !== 'application/vnd.github.patch') {
          this.violations.push(`get-commit asked for ${req.headers.accept}, not the patch media type`);
          return reply(200, commitJson(commit, ''));
        }
        return reply(200, commit.patch, { 'content-type': 'text/plain; charset=utf-8' });
      }
      case 'repos/compare-commits-with-basehead': {
        const [, head] = m.params.basehead!.split('...');
        const compare = [this.compare, ...this.compares].find((c) => c !== null && c.head === head);
        if (!compare) return reply(404, { message: 'Not Found' });
        const per = Math.min(Number(url.searchParams.get('per_page') ?? 250), this.maxPerPage);
        const n = Number(url.searchParams.get('page') ?? 1);
        const commits = compare.commits.map((c, i) => commitJson(c, compare.commits[i - 1]?.sha ?? compare.mergeBase));
        return reply(200, {
          status: 'ahead',
          ahead_by: commits.length,
          behind_by: 0,
          total_commits: commits.length,
          merge_base_commit: commitJson({ sha: compare.mergeBase, patch: Buffer.alloc(0) }, ''),
          base_commit: commitJson({ sha: compare.mergeBase, patch: Buffer.alloc(0) }, ''),
          commits: commits.slice((n - 1) * per, n * per),
          files: [],
        });
      }
      case 'git/list-matching-refs': {
        // Every ref whose name starts with the given one, in one answer (the endpoint is not paginated).
        const prefix = `refs/${m.params.ref!}`;
        const refs = [...this.tags.keys()].map((name) => `refs/tags/${name}`).filter((r) => r.startsWith(prefix));
        return reply(
          200,
          refs.sort().map((ref) => ({ ref, node_id: '', url: '', object: { sha: this.tags.get(ref.slice('refs/tags/'.length))!, type: 'commit', url: '' } })),
        );
      }
      case 'repos/get-content': {
        const ref = url.searchParams.get('ref');
        const path = decodeURIComponent(m.params.path!);
        const text = ref === null ? undefined : this.files.get(ref)?.get(path);
        if (text === undefined) return reply(404, { message: 'Not Found' });
        const content = Buffer.from(text).toString('base64');
        const api = `https://api.github.com/repos/o/r/contents/${path}?ref=${ref}`;
        // GitHub wraps the base64 at 60 characters.
        return reply(200, {
          type: 'file',
          encoding: 'base64',
          size: Buffer.byteLength(text),
          name: path.replace(/.*\//, ''),
          path,
          content: `${content.replace(/.{60}/g, '$&\n')}\n`,
          sha: 'f'.repeat(40),
          url: api,
          git_url: null,
          html_url: null,
          download_url: null,
          _links: { self: api, git: null, html: null },
        });
      }
      case 'pulls/create-review':
        return this.createReview(pull!, body ?? {}, reply);
      case 'pulls/delete-review-comment': {
        const i = this.comments.findIndex((c) => c.id === Number(m.params.comment_id));
        if (i < 0) return reply(404, { message: 'Not Found' });
        this.comments.splice(i, 1);
        return reply(204, null);
      }
      case 'pulls/update-review-comment': {
        const comment = this.comments.find((c) => c.id === Number(m.params.comment_id));
        if (!comment) return reply(404, { message: 'Not Found' });
        comment.body = String(body!.body);
        return reply(200, comment);
      }
      case 'checks/create': {
        const run: CheckRun = {
          id: this.nextId++,
          name: String(body!.name),
          head_sha: String(body!.head_sha),
          status: String(body!.status ?? 'queued'),
          conclusion: null,
          output: {},
          annotations: [],
          batches: [],
        };
        this.checkRuns.push(run);
        this.updateRun(run, body!);
        return reply(201, checkRunJson(run));
      }
      case 'checks/update': {
        const run = this.checkRuns.find((r) => r.id === Number(m.params.check_run_id));
        if (!run) return reply(404, { message: 'Not Found' });
        this.updateRun(run, body!);
        return reply(200, checkRunJson(run));
      }
      default: {
        const unhandled: never = operation;
        throw new Error(`route() misses ${String(unhandled)}`);
      }
    }
  }

  private findCommit(sha: string): FakeCommit | undefined {
    for (const pull of this.pulls.values()) {
      const c = pull.commits.find((x) => x.sha === sha);
      if (c) return c;
    }
    for (const compare of [this.compare, ...this.compares]) {
      const c = compare?.commits.find((x) => x.sha === sha);
      if (c) return c;
    }
    return undefined;
  }

  /** Per-page pagination with a Link header, as GitHub's list endpoints do. */
  private page(url: URL, items: unknown[], reply: (status: number, data: unknown, headers?: Record<string, string>) => void): void {
    const per = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100, this.maxPerPage);
    const n = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / per));
    const headers: Record<string, string> = {};
    if (n < last) {
      const link = (p: number) => {
        const u = new URL(url);
        u.searchParams.set('page', String(p));
        return u.toString();
      };
      headers.link = `<${link(n + 1)}>; rel="next", <${link(last)}>; rel="last"`;
    }
    reply(200, items.slice((n - 1) * per, n * per), headers);
  }

  /** GitHub validates a review as a whole: one comment off the diff and nothing is posted. */
  private createReview(pull: FakePull, body: Record<string, unknown>, reply: (status: number, data: unknown) => void): void {
    if (this.reviewPostsFail) return reply(500, { message: 'Server Error' });
    const files = new Map(filesOfDiff(pull.diff).map((f) => [f.filename, f.patch === undefined ? null : rightSide(f.patch)]));
    const drafts = (body.comments as Record<string, unknown>[] | undefined) ?? [];
    if (this.refuseNextInline && drafts.length > 0) {
      this.refuseNextInline = false;
      return reply(422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] });
    }
    const errors: string[] = [];
    if (typeof body.body === 'string' && body.body.length > MAX_BODY - 1) errors.push('body is too long (maximum is 65536 characters)');
    for (const d of drafts) {
      const lines = files.get(String(d.path));
      const line = Number(d.line);
      if (String(d.body).length > MAX_BODY - 1) errors.push(`${d.path}:${line}: comment body is too long`);
      if (d.position !== undefined) errors.push('position is deprecated here: use line and side');
      if (d.side !== 'RIGHT') errors.push(`${d.path}:${line}: side must be RIGHT for the new code`);
      if (!lines || !lines.has(line)) {
        errors.push(`pull_request_review_thread.line: ${d.path}:${line} could not be resolved`);
        continue;
      }
      if (d.start_line !== undefined) {
        const start = Number(d.start_line);
        if (!(start < line)) errors.push(`${d.path}: start_line ${start} must precede line ${line}`);
        if (lines.get(start) !== lines.get(line))
          errors.push(`pull_request_review_thread.start_line: ${d.path}:${start} must be part of the same hunk as the line`);
        if (d.start_side !== undefined && d.start_side !== 'RIGHT') errors.push(`${d.path}: start_side must be RIGHT`);
      }
    }
    if (body.event === 'REQUEST_CHANGES' || body.event === 'APPROVE') errors.push(`a bot should only COMMENT, not ${String(body.event)}`);
    if (errors.length > 0) {
      this.violations.push(...errors.map((e) => `create-review refused: ${e}`));
      return reply(422, { message: 'Unprocessable Entity', errors });
    }
    const review: Review = {
      id: this.nextId++,
      pull_number: pull.number,
      body: String(body.body ?? ''),
      state: 'COMMENTED',
      commit_id: String(body.commit_id ?? pull.headSha),
      user: this.author(),
      comments: [],
    };
    for (const d of drafts) {
      const comment: ReviewComment = {
        id: this.nextId++,
        pull_request_review_id: review.id,
        pull_number: pull.number,
        path: String(d.path),
        line: Number(d.line),
        start_line: d.start_line === undefined ? null : Number(d.start_line),
        side: String(d.side),
        start_side: d.start_side === undefined ? null : String(d.start_side),
        body: String(d.body),
        commit_id: review.commit_id,
        user: this.author(),
      };
      review.comments.push(comment.id);
      this.comments.push(comment);
    }
    this.reviews.push(review);
    const { comments: _ids, ...json } = review;
    reply(200, json);
  }

  private author(): { login: string; type: string } {
    return { login: this.tokenLogin, type: this.tokenLogin.endsWith('[bot]') ? 'Bot' : 'User' };
  }

  private updateRun(run: CheckRun, body: Record<string, unknown>): void {
    if (body.status !== undefined) run.status = String(body.status);
    if (body.conclusion !== undefined) {
      run.conclusion = String(body.conclusion);
      run.status = 'completed';
    }
    const output = body.output as { title?: string; summary?: string; text?: string; annotations?: Record<string, unknown>[] } | undefined;
    if (!output) return;
    const { annotations = [], ...rest } = output;
    Object.assign(run.output, rest);
    // The Checks API appends the annotations of every update to the run's.
    run.annotations.push(...annotations);
    run.batches.push(annotations.length);
  }
}

export interface DiffFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  previous_filename?: string;
  additions: number;
  deletions: number;
  changes: number;
  sha: string;
  blob_url: string;
  raw_url: string;
  contents_url: string;
  patch?: string;
}

/** The files endpoint's view of a `git diff`: one entry per file, its hunks as `patch`. */
export function filesOfDiff(diff: Buffer): DiffFile[] {
  const lines = diff.toString('utf8').split('\n');
  const files: DiffFile[] = [];
  let current: { header: string[]; hunks: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const header = current.header;
    const path = (prefix: string) => header.find((l) => l.startsWith(prefix))?.slice(prefix.length);
    const [, a, b] = /^diff --git a\/(.*) b\/(.*)$/.exec(header[0]!)!;
    const status = header.some((l) => l.startsWith('new file'))
      ? 'added'
      : header.some((l) => l.startsWith('deleted file'))
        ? 'removed'
        : path('rename from ')
          ? 'renamed'
          : 'modified';
    const hunks = current.hunks;
    while (hunks.length > 0 && hunks[hunks.length - 1] === '') hunks.pop();
    const additions = hunks.filter((l) => l.startsWith('+')).length;
    const deletions = hunks.filter((l) => l.startsWith('-')).length;
    const file: DiffFile = {
      filename: b!,
      status,
      additions,
      deletions,
      changes: additions + deletions,
      sha: '0'.repeat(40),
      blob_url: '',
      raw_url: '',
      contents_url: '',
    };
    if (status === 'renamed') file.previous_filename = a!;
    if (hunks.length > 0) file.patch = hunks.join('\n');
    files.push(file);
    current = null;
  };
  for (const line of lines) {
    if (line.startsWith('diff --git ')) {
      flush();
      current = { header: [line], hunks: [] };
    } else if (current && (current.hunks.length > 0 || line.startsWith('@@'))) {
      current.hunks.push(line);
    } else if (current) {
      current.header.push(line);
    }
  }
  flush();
  return files;
}

/** Right-side line → hunk number, from a files entry's `patch`. */
export function rightSide(patch: string): Map<number, number> {
  const out = new Map<number, number>();
  let hunk = -1;
  let line = 0;
  for (const l of patch.split('\n')) {
    const h = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(l);
    if (h) {
      hunk++;
      line = Number(h[1]);
    } else if (l.startsWith('+') || l.startsWith(' ')) {
      out.set(line++, hunk);
    }
  }
  return out;
}

/** The diff a patch mail carries, as `git diff` would print it. */
export function diffOfPatch(patch: Buffer): Buffer {
  const text = patch.toString('latin1');
  const start = text.search(/^diff --git /m);
  const end = text.search(/^-- $/m);
  return Buffer.from(text.slice(start, end < 0 ? undefined : end), 'latin1');
}

function commitJson(c: FakeCommit, parent: string) {
  const text = c.patch.toString('utf8');
  const subject = /^Subject: (?:\[[^\]]*\] )?(.*)$/m.exec(text)?.[1] ?? 'commit';
  const parents = Array.from({ length: c.parents ?? 1 }, (_, i) => ({ sha: i === 0 ? parent : `${'f'.repeat(39)}${i}`, url: '' }));
  const date = /^Date: (.*)$/m.exec(text)?.[1];
  const committed = c.committed ?? (date && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString() : undefined);
  const committer = committed ? { name: 'A Committer', email: 'committer@example.org', date: committed } : null;
  return {
    sha: c.sha,
    node_id: '',
    url: '',
    html_url: '',
    comments_url: '',
    commit: { message: `${subject}\n`, url: '', comment_count: 0, ...(committer ? { committer } : {}) },
    parents,
    author: null,
    committer: null,
  };
}

function checkRunJson(run: CheckRun) {
  return {
    id: run.id,
    name: run.name,
    head_sha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion,
    output: { ...run.output, annotations_count: run.annotations.length },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || data === null) {
    res.writeHead(status, headers).end();
    return;
  }
  if (Buffer.isBuffer(data)) {
    res.writeHead(status, { 'content-length': String(data.length), ...headers }).end(data);
    return;
  }
  const text = JSON.stringify(data);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text);
}
