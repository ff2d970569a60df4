// Bundles the command line (src/cli/main.ts) into build/cli/ with esbuild: what `npm install -g`
// and `npx qemu-review` run (package.json's bin). `node src/devtools/build-cli.mjs [--outdir DIR]`;
// `npm run build` runs it after tsc (whose build/src the tests run). Not committed: `npm ci` builds
// it through `prepare`.
//
// One entry file, with code split where a run may not need it: everything behind a dynamic
// import() (the other commands, the formats not asked for, mailparser's full parser, nodemailer)
// is its own chunk and is read only by the runs that use it. The review worker and the rules it
// loads are entries of their own, as src/review/parallel.ts finds them beside the entry.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = fileURLToPath(new URL('../..', import.meta.url));

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

const lazyLibmimeCodecs = {
  name: 'lazy-libmime-codecs',
  setup(b) {
    b.onLoad({ filter: /[\\/]libmime[\\/]dist[\\/](esm|cjs)[\\/]charset\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      return { contents: lazyCharsetConstants(await readFile(args.path, 'utf8'), args.path), loader: 'js' };
    });
  },
};

/** Builds into `outdir`; with `metafile`, returns esbuild's account of which module went into which file. */
export async function buildCli(outdir = join(repo, 'build', 'cli'), { metafile = false } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: repo,
    entryPoints: [
      { in: 'src/cli/main.ts', out: 'qemu-review' },
      { in: 'src/review/parallel-worker.ts', out: 'parallel-worker' },
      { in: 'rules/index.ts', out: 'rules' },
    ],
    outdir,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    define: { QEMU_REVIEW_BUNDLE: 'true' },
    banner: { js: BANNER },
    plugins: [addressParserOnly, lazyLibmimeCodecs],
    legalComments: 'eof',
    charset: 'utf8',
    sourcemap: false,
    // Whitespace and syntax only: fewer bytes to read and parse, names kept for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    metafile,
  });
  // The shebang comes from src/cli/main.ts; the file must be executable to be run as a command.
  chmodSync(join(outdir, 'qemu-review.js'), 0o755);
  writeFileSync(join(outdir, 'package.json'), '{ "type": "module" }\n');
  return result.metafile;
}

// `--metafile FILE` writes esbuild's metafile there (the lazy-loading test reads it).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const meta = await buildCli(arg('--outdir'), { metafile: arg('--metafile') !== undefined });
  if (meta) writeFileSync(arg('--metafile'), JSON.stringify(meta));
}
