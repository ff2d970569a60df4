// `npm run regen`: everything generated from the rules, rebuilt in order: rules/index.ts from the
// files under rules/, the README's rule table from their metadata, then the Action bundle in dist/.
// `--no-dist` stops before the bundle (`--root DIR` works on another checkout, for tests).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderIndex, ruleModules } from './rule-index.mjs';
import { regenReadmeTable } from './rule-docs.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export async function regen(root = repo, { dist = true } = {}) {
  const rulesDir = join(root, 'rules');
  writeFileSync(join(rulesDir, 'index.ts'), renderIndex(ruleModules(rulesDir)));
  const changed = await regenReadmeTable(root);
  if (dist) {
    // The bundle is built from this checkout's sources, so only this checkout's dist/ can be rebuilt.
    if (resolve(root) !== resolve(repo)) throw new Error(`regen: dist/ is rebuilt only in ${repo}; use --no-dist with --root`);
    // build-action.mjs builds dist/ as it is loaded (it is a script first): loaded only here.
    await import('./build-action.mjs');
  }
  return { readmeChanged: changed };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--root');
  const root = at >= 0 ? resolve(args[at + 1] ?? '.') : repo;
  const { readmeChanged } = await regen(root, { dist: !args.includes('--no-dist') });
  console.log(`rules/index.ts written; README rule table ${readmeChanged ? 'updated' : 'unchanged'}${args.includes('--no-dist') ? '' : '; dist/ rebuilt'}`);
}
