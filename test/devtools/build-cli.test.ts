/**
 * The source rewrites of src/devtools/build-cli.mjs, applied to the packages' real files: each
 * defers a require to first use, and the module still does what it did.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs dev script, without types
import { lazyCharsetPackages, lazyChildProcess, lazyHe, lazyMimeTypes } from '../../src/devtools/build-cli.mjs';
import { repoRoot } from '../support/shared.js';

const rewrite = lazyMimeTypes as (source: string, file: string) => string;

interface Lookups {
  detectMimeType(file: string): string;
  detectExtension(type: string): string;
}

describe('lazyMimeTypes', () => {
  const dist = join(repoRoot, 'node_modules', 'libmime', 'dist', 'cjs');

  it("leaves libmime's MIME type lookups as they were, the table loaded on first use", () => {
    // The rewritten module run as Node runs it, its requires resolved from libmime's directory and watched.
    const main = join(dist, 'libmime.js');
    const resolveThere = createRequire(main);
    const asked: string[] = [];
    const watched = Object.assign((id: string): unknown => (asked.push(id), resolveThere(id)), resolveThere);
    const module = { exports: {} as { default: Lookups } };
    new Function('exports', 'require', 'module', '__filename', '__dirname', rewrite(readFileSync(main, 'utf8'), main))(
      module.exports,
      watched,
      module,
      main,
      dist,
    );
    const original = resolveThere('./libmime.js') as { default: Lookups };
    const lazy = module.exports;
    expect(asked).not.toContain('./mimetypes.js');
    for (const name of ['a.json', 'x.patch', 'photo.JPG', 'noext', 'archive.tar.gz'])
      expect(lazy.default.detectMimeType(name)).toBe(original.default.detectMimeType(name));
    expect(asked.filter((id) => id === './mimetypes.js')).toEqual(['./mimetypes.js']);
    for (const type of ['text/plain', 'application/json', 'image/jpeg', 'x-unknown/what'])
      expect(lazy.default.detectExtension(type)).toBe(original.default.detectExtension(type));
  });

  it('fails the build when libmime reads its table otherwise', () => {
    const source = 'const mimetypes = __importStar(require("./mimetypes.js"));\nconsole.log(mimetypes);\n';
    expect(() => rewrite(source, 'libmime.js')).toThrow(/libmime.js: .*libmime changed/);
  });
});

describe('the other rewrites', () => {
  it('apply to the packages as installed (else the build fails)', () => {
    const read = (...parts: string[]): string => readFileSync(join(repoRoot, 'node_modules', ...parts), 'utf8');
    expect(() => (lazyCharsetPackages as (s: string, f: string) => string)(read('libmime', 'dist', 'cjs', 'charset.js'), 'charset.js')).not.toThrow();
    expect(() => (lazyChildProcess as (s: string, f: string) => string)(read('commander', 'lib', 'command.js'), 'command.js')).not.toThrow();
    expect(() => (lazyHe as (s: string, f: string) => string)(read('mailparser', 'dist', 'esm', 'address-header.js'), 'address-header.js')).not.toThrow();
  });
});
