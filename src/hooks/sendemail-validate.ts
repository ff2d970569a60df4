/**
 * The `sendemail-validate` hook: git send-email runs it on each mail before
 * sending anything (githooks(5)), with the mail file as $1 and, in newer
 * git releases (not 2.39), a file of its SMTP header as $2; a non-zero
 * exit stops the whole send.  Ours runs `qemu-review check --fail-on
 * error` on $1, so a patch with an error never reaches the list while
 * warnings are shown and let through.
 *
 * A hook that was there before is kept next to ours under CHAINED_NAME and
 * run first, with the same arguments and standard input; uninstalling puts
 * it back.  The hook is recognised as ours by MARKER, so installing twice
 * rewrites ours instead of chaining it onto itself.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

import { HOOK_NAME } from './hook-name.js';

export { HOOK_NAME };
export const CHAINED_NAME = `${HOOK_NAME}.pre-qemu-review`;
/** The line that marks a hook as written by qemu-review; kept stable across versions. */
export const MARKER = '# qemu-review-hook: sendemail-validate';

export class HookError extends Error {}

/** How the hook starts qemu-review: node and the CLI's main.js as installed, else `qemu-review` on PATH. */
export interface HookCommand {
  node: string;
  cli: string;
}

export interface InstallResult {
  hook: string;
  /** Where the hook found in place now lives, when there was one. */
  chained?: string;
  /** Our hook was there already and has been rewritten. */
  replaced: boolean;
}

export interface UninstallResult {
  hook: string;
  removed: boolean;
  /** The chained hook put back in place. */
  restored?: string;
}

/**
 * The hooks directory git itself would use for `repo`: core.hooksPath and
 * linked worktrees (whose hooks are the main repository's) are git's to
 * resolve, so git is asked.
 */
export function hooksDir(repo: string): string {
  let out: string;
  try {
    out = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new HookError(`'${repo}' is not in a git repository${stderr ? ` (${stderr})` : ''}`);
  }
  const dir = out.replace(/\n$/, '');
  return isAbsolute(dir) ? dir : resolve(repo, dir);
}

export function isOurHook(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').split('\n').includes(MARKER);
  } catch {
    return false;
  }
}

/** Something is at `path`, a dangling symlink included. */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export function installHook(repo: string, command: HookCommand): InstallResult {
  const dir = hooksDir(repo);
  const hook = join(dir, HOOK_NAME);
  const chained = join(dir, CHAINED_NAME);
  mkdirSync(dir, { recursive: true });
  const replaced = isOurHook(hook);
  if (!replaced && present(hook)) {
    // Never overwrite a hook someone kept: that would lose it for good.
    if (present(chained)) throw new HookError(`both ${hook} and ${chained} exist: move one away, then install again`);
    renameSync(hook, chained);
  }
  writeFileSync(hook, hookScript(command));
  chmodSync(hook, 0o755);
  return { hook, replaced, ...(present(chained) ? { chained } : {}) };
}

export function uninstallHook(repo: string): UninstallResult {
  const dir = hooksDir(repo);
  const hook = join(dir, HOOK_NAME);
  const chained = join(dir, CHAINED_NAME);
  if (!present(hook)) return { hook, removed: false };
  if (!isOurHook(hook)) throw new HookError(`${hook} was not written by qemu-review: left as it is`);
  rmSync(hook);
  if (!present(chained)) return { hook, removed: true };
  renameSync(chained, hook);
  return { hook, removed: true, restored: hook };
}

/** A single-quoted shell word: nothing in it is expanded. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function hookScript(command: HookCommand): string {
  return `#!/bin/sh
${MARKER}
# Written by \`qemu-review hook install\`; \`qemu-review hook uninstall\` removes it
# and puts back the hook it chained (${CHAINED_NAME}), if any.
#
# git send-email runs this on each mail before sending any: $1 is the mail,
# $2 (newer git) its SMTP header.  A mail with an error stops the
# send; warnings are printed and the mail goes out.  To send regardless:
# git send-email --no-validate.

node=${shellQuote(command.node)}
cli=${shellQuote(command.cli)}

if [ "$#" -lt 1 ]; then
	echo "${HOOK_NAME}: no mail to check (git send-email passes its file as \\$1)" >&2
	exit 2
fi
mail=$1

chained="$(dirname -- "$0")/${CHAINED_NAME}"
if [ -x "$chained" ]; then
	"$chained" "$@" || exit $?
fi

# The qemu-review that installed the hook first; then whichever is on PATH.
if [ -f "$cli" ]; then
	[ -x "$node" ] || node=node
	"$node" "$cli" check --fail-on error --allow-empty -- "$mail"
elif command -v qemu-review >/dev/null 2>&1; then
	qemu-review check --fail-on error --allow-empty -- "$mail"
else
	echo "${HOOK_NAME}: qemu-review is neither at $cli nor on PATH: reinstall it, or send with --no-validate" >&2
	exit 1
fi
status=$?
case $status in
0) exit 0 ;;
1) echo "${HOOK_NAME}: qemu-review found errors in $mail: not sent (--no-validate sends anyway)" >&2 ;;
*) echo "${HOOK_NAME}: qemu-review could not check $mail (exit status $status): not sent" >&2 ;;
esac
exit "$status"
`;
}
