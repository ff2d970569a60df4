// Bundles the command line into build/cli/ with esbuild: what `npm install -g` and `npx
// qemu-review` run (package.json's bin). `node src/devtools/build-cli.mjs [--outdir DIR]`;
// `npm run build` runs it after tsc (whose build/src the tests run). Not committed: `npm ci` builds
// it through `prepare`. How the files fit together: see buildCli.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Node's CommonJS wrapper, as src/cli/launch.ts expects it around cli.js (the two must agree). */
const WRAP_START = '(function (exports, require, module, __filename, __dirname) { ';
const WRAP_END = '\n})';

// CommonJS packages inside the bundle (mailsplit, iconv-lite, …) call require() for Node's
// built-ins, which ESM lacks.
const BANNER = [
  "import { createRequire as __qemuReviewCreateRequire } from 'node:module';",
  'const require = __qemuReviewCreateRequire(import.meta.url);',
].join('\n');

/**
 * mailparser's package entry re-exports MailParser and simpleParser beside parseAddressHeader,
 * and a bundler keeps all three, with mailparser's HTML and link stack, wherever one of them is
 * imported. The fast path (src/mail/fast-parse.ts) uses parseAddressHeader alone: for it, the
 * entry is replaced by the module of mailparser's that defines it (the very function the entry
 * re-exports), and the full parser stays in the chunk parse.ts loads on demand.
 */
const addressParserOnly = {
  name: 'fast-parse-address-parser',
  setup(b) {
    b.onResolve({ filter: /^mailparser$/ }, async (args) => {
      if (args.pluginData?.entry || !/[\\/]src[\\/]mail[\\/]fast-parse\.ts$/.test(args.importer)) return undefined;
      const entry = await b.resolve('mailparser', { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { entry: true } });
      if (entry.errors.length > 0) return { errors: entry.errors };
      return { path: join(dirname(entry.path), 'address-header.js') };
    });
  },
};

/**
 * libmime's charset module builds four iconv-lite codecs when loaded, for lookups it makes only
 * when decoding a charset other than UTF-8 or ASCII: the GBK one fills double-byte tables, and
 * the first lookup loads every encoding iconv-lite has. Most of a one-patch run's start-up went
 * there, for mail that is UTF-8. Here each of those constants becomes a function that builds the
 * same value on first use (iconv-lite caches its codecs, so the identities it compares are the
 * same). The build fails when libmime's code no longer reads as expected.
 */
const LAZY_CHARSET_CONSTANTS = ['UNSUPPORTED_CODECS', 'DBCS_DECODER', 'BYTE_ORDER_GUESSING'];

export function lazyCharsetConstants(source, file) {
  let out = source;
  for (const name of LAZY_CHARSET_CONSTANTS) {
    const declaration = new RegExp(`\\bconst ${name} = ([\\s\\S]*?);\\n`);
    const match = declaration.exec(out);
    const uses = out.split(new RegExp(`\\b${name}\\b`)).length - 2;
    if (!match || uses < 1) throw new Error(`${file}: no 'const ${name} = …;' with a use: libmime changed, see lazyCharsetConstants in build-cli.mjs`);
    const before = out.slice(0, match.index);
    const after = out.slice(match.index + match[0].length).replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}()`);
    out = `${before}let ${name}_value;\nconst ${name} = () => (${name}_value ??= (${match[1]}));\n${after}`;
  }
  return out;
}

/**
 * The packages libmime's charset module requires when loaded, iconv-lite (with its codec
 * tables) and encoding-japanese (with its conversion tables), serve the charsets other than
 * UTF-8 and ASCII alone: here each is required on first use. The module reads them as
 * `name.default` only (TypeScript's __importDefault), which a getter gives the same way.
 */
const LAZY_CHARSET_PACKAGES = [
  ['iconv_lite_1', 'iconv-lite'],
  ['encoding_japanese_1', 'encoding-japanese'],
];

export function lazyCharsetPackages(source, file) {
  let out = source;
  for (const [name, pkg] of LAZY_CHARSET_PACKAGES) {
    const statement = `const ${name} = __importDefault(require("${pkg}"));`;
    const reads = out.split(`${name}.default`).length - 1;
    const uses = out.split(name).length - 1;
    if (!out.includes(statement) || reads !== uses - 1)
      throw new Error(`${file}: no '${statement}' read as ${name}.default alone: libmime changed, see lazyCharsetPackages in build-cli.mjs`);
    out = out.replace(
      statement,
      `let ${name}_value;\nconst ${name} = { get default() { return (${name}_value ??= __importDefault(require("${pkg}"))).default; } };`,
    );
  }
  return out;
}

const lazyLibmimeCodecs = {
  name: 'lazy-libmime-codecs',
  setup(b) {
    b.onLoad({ filter: /[\\/]libmime[\\/]dist[\\/](esm|cjs)[\\/]charset\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      let source = lazyCharsetConstants(await readFile(args.path, 'utf8'), args.path);
      // Every build takes libmime's CommonJS files (oneLibmime).
      if (/[\\/]cjs[\\/]/.test(args.path)) source = lazyCharsetPackages(source, args.path);
      return { contents: source, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]libmime[\\/]dist[\\/]cjs[\\/]libmime\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      return { contents: lazyMimeTypes(await readFile(args.path, 'utf8'), args.path), loader: 'js' };
    });
  },
};

/**
 * libmime's main module loads its table of MIME types and file extensions (70 KB of object
 * literals, a millisecond and more to build) for detectExtension and detectMimeType, which
 * qemu-review never calls: here the table is required when one of them first reads it. The
 * module reads it as `mimetypes.list` and `mimetypes.extensions` alone, which getters give alike.
 */
export function lazyMimeTypes(source, file) {
  const statement = 'const mimetypes = __importStar(require("./mimetypes.js"));';
  const uses = source.split(/\bmimetypes\b/).length - 1;
  const reads = source.split(/\bmimetypes\.(?:list|extensions)\b/).length - 1;
  if (!source.includes(statement) || reads < 1 || reads !== uses - 2)
    throw new Error(`${file}: no '${statement}' read as mimetypes.list or .extensions alone: libmime changed, see lazyMimeTypes in build-cli.mjs`);
  return source.replace(
    statement,
    'let mimetypesValue;\nconst mimetypesModule = () => (mimetypesValue ??= __importStar(require("./mimetypes.js")));\nconst mimetypes = { get list() { return mimetypesModule().list; }, get extensions() { return mimetypesModule().extensions; } };',
  );
}

/**
 * commander requires node:child_process when loaded, for subcommands that are programs of their
 * own, which qemu-review has none of; with it come node:net and node:dgram. Here it is required
 * when commander would spawn one. The build fails when commander uses it otherwise.
 */
export function lazyChildProcess(source, file) {
  const statement = "const childProcess = require('node:child_process');";
  const uses = source.split(/\bchildProcess\b/).length - 1;
  const spawns = source.split('childProcess.spawn(').length - 1;
  if (!source.includes(statement) || spawns !== uses - 1)
    throw new Error(`${file}: no '${statement}' used for spawn alone: commander changed, see lazyChildProcess in build-cli.mjs`);
  return source.replace(statement, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
}

const lazyCommanderSpawn = {
  name: 'lazy-commander-spawn',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      return { contents: lazyChildProcess(await readFile(args.path, 'utf8'), args.path), loader: 'js' };
    });
  },
};

/**
 * mailparser's address parser imports `he`, whose tables take a millisecond and more to build
 * when loaded, for the HTML form of the addresses, which mailparser builds only when read (and
 * qemu-review never reads). Here `he` is required on first use. The build fails when the module
 * uses it otherwise than as he.encode.
 */
export function lazyHe(source, file) {
  const statement = "import he from 'he';";
  const uses = source.split(/\bhe\b/).length - 1;
  const encodes = source.split('he.encode(').length - 1;
  if (!source.includes(statement) || encodes < 1 || encodes !== uses - 2)
    throw new Error(`${file}: no '${statement}' used as he.encode alone: mailparser changed, see lazyHe in build-cli.mjs`);
  return source.replace(statement, "let heModule;\nconst he = { encode: (text, options) => (heModule ??= require('he')).encode(text, options) };");
}

const lazyHeInAddresses = {
  name: 'lazy-he-in-addresses',
  setup(b) {
    b.onLoad({ filter: /[\\/]mailparser[\\/]dist[\\/]esm[\\/]address-header\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      return { contents: lazyHe(await readFile(args.path, 'utf8'), args.path), loader: 'js' };
    });
  },
};

/**
 * JSON data the bundle holds: as JSON.parse of a string rather than the object literal esbuild
 * makes of it. V8 parses JSON faster than the same object as code, and a string is no code for
 * the code cache to carry (rules/maintainers-sections.json alone is 70 KB).
 */
const jsonAsString = {
  name: 'json-as-string',
  setup(b) {
    b.onLoad({ filter: /[\\/]rules[\\/].*\.json$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      // Parsed here first: a broken file fails the build, not the run.
      JSON.parse(text);
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

/**
 * libmime is both an ES module and a CommonJS package: mailparser imports the one, mailsplit
 * requires the other, and a bundle would hold both (with two sets of MIME type tables). Every
 * import takes the CommonJS one here, the copy mailsplit already runs.
 */
const oneLibmime = {
  name: 'one-libmime',
  setup(b) {
    b.onResolve({ filter: /^libmime(\/|$)/ }, async (args) => {
      if (args.kind === 'require-call' || args.pluginData?.libmime) return undefined;
      const resolved = await b.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: 'require-call',
        importer: args.importer,
        pluginData: { libmime: true },
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path };
    });
  },
};

/**
 * What a run loads only when it needs it, as files of their own beside cli.js: the package that
 * a dynamic import(), or a require() run on first use, names becomes a require() of its file,
 * which Node's loader reads when that code runs (a one-patch run neither reads nor compiles
 * them). Each is bundled whole by its own build, from where its importer would find it.
 */
const VENDOR = [
  // mailparser's full parser, with its HTML and link stack: for mail the fast path leaves to it.
  { specifier: 'mailparser/lib/simple-parser.js', kind: 'dynamic-import', importer: /[\\/]src[\\/]mail[\\/]parse\.ts$/, out: 'mail-parser' },
  // nodemailer's sending side, TLS included: for `reply --send` alone.
  { specifier: 'nodemailer', kind: 'dynamic-import', importer: /[\\/]src[\\/]email[\\/]send\.ts$/, out: 'nodemailer' },
  // libmime's codecs for charsets other than UTF-8 and ASCII, with their tables (lazyCharsetPackages).
  {
    specifier: 'iconv-lite',
    kind: 'require-call',
    importer: /[\\/]libmime[\\/]dist[\\/]cjs[\\/]charset\.js$/,
    from: 'node_modules/libmime',
    out: 'iconv-lite',
  },
  {
    specifier: 'encoding-japanese',
    kind: 'require-call',
    importer: /[\\/]libmime[\\/]dist[\\/]cjs[\\/]charset\.js$/,
    from: 'node_modules/libmime',
    out: 'encoding-japanese',
  },
  // libmime's table of MIME types and extensions, required on first use (lazyMimeTypes), which
  // qemu-review never makes: 70 KB the launcher would read and copy on every start.
  {
    specifier: './mimetypes.js',
    kind: 'require-call',
    importer: /[\\/]libmime[\\/]dist[\\/]cjs[\\/]libmime\.js$/,
    from: 'node_modules/libmime/dist/cjs',
    out: 'mimetypes',
  },
  // `he`, for the HTML form of addresses, required on first use (lazyHe), never read: 90 KB.
  {
    specifier: 'he',
    kind: 'require-call',
    importer: /[\\/]mailparser[\\/]dist[\\/]esm[\\/]address-header\.js$/,
    from: 'node_modules/mailparser',
    out: 'he',
  },
];

const vendorFiles = {
  name: 'vendor-files',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.namespace === 'vendor') return { path: args.path, external: true };
      const vendor = VENDOR.find((v) => v.specifier === args.path && args.kind === v.kind && v.importer.test(args.importer));
      if (!vendor) return undefined;
      return vendor.kind === 'require-call' ? { path: `./${vendor.out}.js`, external: true } : { path: vendor.out, namespace: 'vendor' };
    });
    // A CommonJS module that requires the file, so that import() becomes a require() on first use.
    b.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({ contents: `module.exports = require('./${args.path}.js');`, loader: 'js' }));
  },
};

const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  plugins: [addressParserOnly, oneLibmime, lazyLibmimeCodecs, lazyCommanderSpawn, lazyHeInAddresses, jsonAsString],
  legalComments: 'eof',
  // ASCII output: Node reads a file that is pure ASCII into a one-byte string at once; a single
  // other character makes it decode the whole file into a two-byte one, twice the memory to parse.
  charset: 'ascii',
  sourcemap: false,
  // Whitespace and syntax only: fewer bytes to read and parse, names kept for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

/** The version the bundle reports (src/version.ts). */
function packageVersion() {
  return JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version;
}

/** The account of several esbuild builds as one metafile. */
function mergeMetafiles(metas) {
  return { inputs: Object.assign({}, ...metas.map((m) => m.inputs)), outputs: Object.assign({}, ...metas.map((m) => m.outputs)) };
}

/**
 * Builds into `outdir`; with `metafile`, returns esbuild's account of which module went into which file.
 *
 * The command line proper is one CommonJS file, cli.js, that the launcher (qemu-review.js,
 * src/cli/launcher.ts) compiles with vm.Script and a V8 code cache (src/cli/launch.ts): Node 20
 * caches compiled code no other way, and compiling was most of a one-patch run's start-up. Its
 * dynamic imports become functions that run a module's code on first use, so a run still executes
 * only what it needs; the packages in VENDOR are files of their own beside it, read only by the
 * runs that need them. The review worker and the rules it loads are ES modules (.mjs) with code
 * split between them, as src/review/parallel.ts finds them.
 */
export async function buildCli(outdir = join(repo, 'build', 'cli'), { metafile = false } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const [main, workers, ...vendors] = await Promise.all([
    build({
      ...COMMON,
      absWorkingDir: repo,
      entryPoints: [{ in: 'src/cli/bundle-entry.ts', out: 'cli' }],
      outdir,
      format: 'cjs',
      plugins: [vendorFiles, ...COMMON.plugins],
      // CommonJS has no import.meta: the bundle's own file stands in for it, its URL made on first
      // use (a one-patch run asks for none). The version is written in rather than read at each start.
      define: { QEMU_REVIEW_BUNDLE: 'true', QEMU_REVIEW_VERSION: JSON.stringify(packageVersion()), 'import.meta.url': '__qemuReviewMeta.url' },
      banner: {
        js: "var __qemuReviewMeta = { get url() { const url = require('node:url').pathToFileURL(__filename).href; Object.defineProperty(this, 'url', { value: url }); return url; } };",
      },
      metafile,
    }),
    build({
      ...COMMON,
      absWorkingDir: repo,
      entryPoints: [
        { in: 'src/review/parallel-worker.ts', out: 'parallel-worker' },
        { in: 'rules/index.ts', out: 'rules' },
      ],
      outdir,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      splitting: true,
      format: 'esm',
      define: { QEMU_REVIEW_BUNDLE: 'true' },
      banner: { js: BANNER },
      metafile,
    }),
    // The packages' CommonJS builds, as they export what the import() above expects of them.
    ...VENDOR.map((v) =>
      build({
        ...COMMON,
        absWorkingDir: repo,
        // Named apart from the file it requires: ./mimetypes.js in libmime's directory would be itself.
        stdin: { contents: `module.exports = require('${v.specifier}');`, resolveDir: join(repo, v.from ?? ''), sourcefile: `vendor-${v.out}.js` },
        outfile: join(outdir, `${v.out}.js`),
        format: 'cjs',
        metafile,
      }),
    ),
  ]);
  // The launcher compiles cli.js as one function expression (src/cli/launch.ts), and keys its
  // code cache by the bytes' hash.
  const cliFile = join(outdir, 'cli.js');
  const cli = Buffer.concat([Buffer.from(WRAP_START), readFileSync(cliFile), Buffer.from(WRAP_END)]);
  if (cli.some((byte) => byte > 0x7f)) throw new Error(`${cliFile}: not ASCII, which the launcher reads it as`);
  writeFileSync(cliFile, cli);
  const launcher = await build({
    ...COMMON,
    absWorkingDir: repo,
    entryPoints: [{ in: 'src/cli/launcher.ts', out: 'qemu-review' }],
    outdir,
    format: 'cjs',
    define: { QEMU_REVIEW_BUNDLE_HASH: JSON.stringify(createHash('sha256').update(cli).digest('hex')) },
    metafile,
  });
  const results = [main, workers, launcher, ...vendors];
  // The shebang comes from src/cli/launcher.ts; the file must be executable to be run as a command.
  chmodSync(join(outdir, 'qemu-review.js'), 0o755);
  writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
  return metafile ? mergeMetafiles(results.map((r) => r.metafile)) : undefined;
}

// `--metafile FILE` writes esbuild's metafile there (the lazy-loading test reads it).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const meta = await buildCli(arg('--outdir'), { metafile: arg('--metafile') !== undefined });
  if (meta) writeFileSync(arg('--metafile'), JSON.stringify(meta));
}
