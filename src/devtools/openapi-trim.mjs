// Writes test/github/openapi/api.github.com.trimmed.json: the part of GitHub's published OpenAPI
// description (@octokit/openapi's generated/api.github.com.json) that the Action calls, with every
// component those operations reference.  The full description is 385 MB of package for one 13 MB file
// of which we use a few operations, so the contract tests read this committed copy instead.
//
//   npm run openapi:trim                         fetch @octokit/openapi@latest into a temporary directory
//   npm run openapi:trim -- --package-version V  a given version of the package
//   npm run openapi:trim -- --from FILE          a description already on disk (its version given by --package-version)
//   npm run openapi:trim -- --out FILE           write elsewhere (the tests compare against the committed copy)
//
// The operations are found in the code (src/**/*.ts: `octokit.rest.NS.METHOD` and `octokit.request('VERB /path')`),
// so calling a new endpoint and rerunning this is all it takes; a test fails while the copy lags behind.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const TRIMMED = join(repo, 'test', 'github', 'openapi', 'api.github.com.trimmed.json');
const PACKAGE = '@octokit/openapi';
const FILE = 'generated/api.github.com.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `listReviewComments` → `list-review-comments`: how Octokit's method names map to GitHub's operationIds. */
const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/**
 * The REST calls the code makes, each as `{ where, operationId }` (Octokit's endpoint methods) or
 * `{ where, method, template }` (`octokit.request` with a route string).
 */
export function callsInCode(root = join(repo, 'src')) {
  const calls = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const where = relative(repo, file).split('\\').join('/');
    for (const m of text.matchAll(/\brest\.([a-z][A-Za-z]*)\.([a-z][A-Za-z]*)\b/g)) calls.push({ where, operationId: `${m[1]}/${kebab(m[2])}` });
    for (const m of text.matchAll(/\brequest\(\s*['"`](GET|PUT|POST|DELETE|PATCH|HEAD) (\/[^'"`\s]*)['"`]/g))
      calls.push({ where, method: m[1].toLowerCase(), template: m[2] });
  }
  return calls;
}

/** Every operation of a description: `{ method, template, operationId }`. */
export function operationsOf(spec) {
  const out = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (op && typeof op === 'object') out.push({ method, template, operationId: op.operationId });
    }
  }
  return out;
}

/** The operations `calls` name, found in `spec`; throws naming each call that matches none. */
export function resolveCalls(spec, calls) {
  const all = operationsOf(spec);
  const found = new Map();
  const missing = [];
  for (const call of calls) {
    const op = call.operationId
      ? all.find((o) => o.operationId === call.operationId)
      : all.find((o) => o.method === call.method && o.template === call.template);
    if (op) found.set(`${op.method} ${op.template}`, op);
    else missing.push(`${call.where}: ${call.operationId ?? `${call.method.toUpperCase()} ${call.template}`}`);
  }
  if (missing.length > 0) throw new Error(`calls with no operation in GitHub's OpenAPI description:\n  ${missing.join('\n  ')}`);
  return [...found.values()].sort((a, b) => a.template.localeCompare(b.template) || a.method.localeCompare(b.method));
}

function* refsIn(value) {
  if (Array.isArray(value)) {
    for (const v of value) yield* refsIn(v);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') yield v;
      else yield* refsIn(v);
    }
  }
}

const unescape = (s) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** The value a local `#/a/b` reference points at, or undefined. */
export function resolvePointer(doc, ref) {
  if (!ref.startsWith('#/')) return undefined;
  let at = doc;
  for (const part of ref.slice(2).split('/').map(unescape)) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
    at = at[part];
  }
  return at;
}

/** Every `$ref` in `doc` that does not resolve inside it. */
export function danglingRefs(doc) {
  return [...new Set(refsIn(doc))].filter((ref) => resolvePointer(doc, ref) === undefined).sort();
}

/**
 * The trimmed description: the kept operations' path items (only the kept methods, with the item's
 * shared parameters), every component they reach through $ref, and the rest of GitHub's operations
 * by method and template only, so a request to one of those is told apart from one to no endpoint.
 */
export function trim(spec, operations, source) {
  const paths = {};
  for (const { method, template } of operations) {
    const item = spec.paths[template];
    paths[template] ??= Object.fromEntries(Object.entries(item).filter(([k]) => !METHODS.includes(k)));
    paths[template][method] = item[method];
  }
  const components = {};
  const seen = new Set();
  const queue = [...refsIn(paths)];
  while (queue.length > 0) {
    const ref = queue.pop();
    if (seen.has(ref)) continue;
    seen.add(ref);
    const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
    if (!m) throw new Error(`unexpected $ref '${ref}': the trimmer copies whole components only`);
    const [, kind, name] = m;
    const value = spec.components?.[kind]?.[unescape(name)];
    if (value === undefined) throw new Error(`$ref '${ref}' does not resolve in the source description`);
    (components[kind] ??= {})[unescape(name)] = value;
    queue.push(...refsIn(value));
  }
  // Source order, so that reruns on the same input give the same file.
  const ordered = {};
  for (const kind of Object.keys(spec.components ?? {})) {
    if (!components[kind]) continue;
    ordered[kind] = {};
    for (const name of Object.keys(spec.components[kind])) if (name in components[kind]) ordered[kind][name] = components[kind][name];
  }
  const kept = new Set(operations.map((o) => `${o.method} ${o.template}`));
  const orderedPaths = Object.fromEntries(
    Object.keys(spec.paths)
      .filter((t) => t in paths)
      .map((t) => [t, paths[t]]),
  );
  return {
    openapi: spec.openapi,
    info: spec.info,
    'x-trimmed': {
      note: 'Generated by `npm run openapi:trim` (src/devtools/openapi-trim.mjs); do not edit.',
      package: source.package,
      packageVersion: source.version,
      file: source.file,
      trimmedOn: source.date,
      operations: operations.length,
      // Method and template of every operation left out: enough to route a request, not to check it.
      omitted: operationsOf(spec)
        .filter((o) => !kept.has(`${o.method} ${o.template}`))
        .map((o) => `${o.method.toUpperCase()} ${o.template} ${o.operationId}`),
    },
    servers: spec.servers,
    paths: orderedPaths,
    components: ordered,
  };
}

/** Installs `@octokit/openapi@version` into a temporary directory; returns the file and the version installed. */
function fetchPackage(version) {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-review-openapi-'));
  try {
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', dir, `${PACKAGE}@${version}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const root = join(dir, 'node_modules', ...PACKAGE.split('/'));
    const installed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    return { text: readFileSync(join(root, FILE), 'utf8'), version: installed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv) {
  const opt = { version: 'latest', from: null, out: TRIMMED };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    if (argv[i] === '--package-version') opt.version = value();
    else if (argv[i] === '--from') opt.from = value();
    else if (argv[i] === '--out') opt.out = value();
    else throw new Error(`unknown option '${argv[i]}' (see the head of src/devtools/openapi-trim.mjs)`);
  }
  if (opt.from && opt.version === 'latest') throw new Error('--from needs --package-version: the copy records which version it was cut from');
  const { text, version } = opt.from ? { text: readFileSync(opt.from, 'utf8'), version: opt.version } : fetchPackage(opt.version);
  const spec = JSON.parse(text);
  const operations = resolveCalls(spec, callsInCode());
  const out = trim(spec, operations, { package: PACKAGE, version, file: FILE, date: new Date().toISOString().slice(0, 10) });
  const dangling = danglingRefs(out);
  if (dangling.length > 0) throw new Error(`the trimmed copy has unresolved refs: ${dangling.join(', ')}`);
  const json = `${JSON.stringify(out, null, 1)}\n`;
  writeFileSync(opt.out, json);
  console.log(`${relative(process.cwd(), opt.out)}: ${operations.length} operations of ${PACKAGE}@${version}, ${Math.round(json.length / 1024)} KiB`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`openapi-trim: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
