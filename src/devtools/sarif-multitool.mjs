// Installs Microsoft's SARIF validator (the .NET Sarif.Multitool, 104 MB) beside the project, not in it:
// `npm ci` stays lean, and the SARIF tests run the validator when this has been run (they always check
// the output against the official SARIF 2.1.0 schema with ajv).
//
//   npm run sarif:multitool            install it under node_modules/.cache (npm ci wipes it with the rest)
//   npm run sarif:multitool -- --path  print where the tests look for it, installing nothing
//
// SARIF_MULTITOOL=/path/to/Sarif.Multitool points the tests at a copy installed some other way.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const MULTITOOL_PREFIX = join(repo, 'node_modules', '.cache', 'qemu-review', 'sarif-multitool');
// The version the SARIF tests were written against: its warnings are the ones they expect.
const VERSION = '5.7.0';

/** The validator binary for this platform, or null when it is not installed. */
export function multitoolPath(env = process.env) {
  if (env.SARIF_MULTITOOL) return existsSync(env.SARIF_MULTITOOL) ? env.SARIF_MULTITOOL : null;
  const manifest = join(MULTITOOL_PREFIX, 'package.json');
  if (!existsSync(manifest)) return null;
  try {
    // The package's main is the path of its platform build's binary.
    const binary = createRequire(manifest)('@microsoft/sarif-multitool');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function main(argv) {
  if (argv.includes('--path')) {
    console.log(multitoolPath() ?? `not installed (npm run sarif:multitool installs it under ${MULTITOOL_PREFIX})`);
    return;
  }
  mkdirSync(MULTITOOL_PREFIX, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', MULTITOOL_PREFIX, `@microsoft/sarif-multitool@${VERSION}`], {
    stdio: 'inherit',
  });
  const binary = multitoolPath({});
  if (!binary) throw new Error(`@microsoft/sarif-multitool@${VERSION} installed under ${MULTITOOL_PREFIX}, but no binary for ${process.platform} came with it`);
  // Its postinstall makes the binary executable; npm may have been told not to run scripts.
  chmodSync(binary, 0o755);
  console.log(`SARIF multitool: ${binary}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`sarif-multitool: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
