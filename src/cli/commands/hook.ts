/** `qemu-review hook install|uninstall`: the git send-email hook; the work is in ../../hooks. */
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { bundled } from '../../bundled.js';
import { HOOK_NAME } from '../../hooks/hook-name.js';
import type { Io } from '../io.js';
import { UsageError } from '../usage-error.js';

/** This installation's executable, which the hook runs (it falls back to `qemu-review` on PATH when that is gone). */
const cliMain = (): string => fileURLToPath(new URL(bundled ? './qemu-review.js' : '../main.js', import.meta.url));

interface HookOptions {
  repo?: string;
}

export function registerHook(program: Command, io: Io): void {
  const hook = program.command('hook').description(`the git ${HOOK_NAME} hook: git send-email refuses a patch with errors (warnings are shown, and sent)`);
  hook
    .command('install')
    .description(`write the repository's ${HOOK_NAME} hook (a hook already there is kept and run first)`)
    .option('-C, --repo <dir>', 'the repository (default: the current directory)')
    .action(async (opts: HookOptions) => {
      // Loaded here: it brings node:child_process, which no other command needs at start.
      const { installHook, HookError } = await import('../../hooks/sendemail-validate.js');
      const result = guarded(HookError, () => installHook(opts.repo ?? process.cwd(), { node: process.execPath, cli: cliMain() }));
      io.stdout.write(`${result.replaced ? 'updated' : 'installed'} ${result.hook}\n`);
      if (result.chained) io.stdout.write(`it runs ${result.chained} first, the hook that was there before\n`);
    });
  hook
    .command('uninstall')
    .description(`remove the ${HOOK_NAME} hook qemu-review wrote, putting back the one it chained`)
    .option('-C, --repo <dir>', 'the repository (default: the current directory)')
    .action(async (opts: HookOptions) => {
      const { uninstallHook, HookError } = await import('../../hooks/sendemail-validate.js');
      const result = guarded(HookError, () => uninstallHook(opts.repo ?? process.cwd()));
      if (!result.removed) io.stdout.write(`no ${HOOK_NAME} hook in ${result.hook.replace(/\/[^/]*$/, '')}: nothing to do\n`);
      else if (result.restored) io.stdout.write(`removed qemu-review's hook and put back the one it chained at ${result.restored}\n`);
      else io.stdout.write(`removed ${result.hook}\n`);
    });
}

function guarded<T>(hookError: new (...args: never[]) => Error, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof hookError) throw new UsageError(error.message);
    throw error;
  }
}
