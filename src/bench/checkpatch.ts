/**
 * The reference point: QEMU's scripts/checkpatch.pl on the same patches, one process per patch
 * as patchew runs it (REFERENCE.md 1.5). It needs --no-tree outside a QEMU checkout.
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';

export interface PerPatchRun {
  patches: number;
  bytes: number;
  /** Wall time for all of them, one after the other. */
  ms: number;
  /** Exit statuses seen, with how often (checkpatch: 0 clean, 1 problems). */
  statuses: Record<string, number>;
}

function runOne(command: string, args: string[], timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error) => {
      if (error && typeof (error as { code?: unknown }).code !== 'number') reject(error);
      else resolve(error ? Number((error as { code?: unknown }).code) : 0);
    });
  });
}

/** Runs `argsFor(file)` with `command` once per file, sequentially, and times the lot. */
export async function perPatch(command: string, argsFor: (file: string) => string[], files: readonly string[], timeoutMs = 120_000): Promise<PerPatchRun> {
  const statuses: Record<string, number> = {};
  const started = process.hrtime.bigint();
  for (const file of files) {
    const status = await runOne(command, argsFor(file), timeoutMs);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { patches: files.length, bytes: files.reduce((n, f) => n + statSync(f).size, 0), ms, statuses };
}

/** checkpatch.pl's arguments for one mail file, as patchew's `--mailback` run but on a file. */
export function checkpatchArgs(script: string): (file: string) => string[] {
  return (file) => [script, '--no-tree', '--mailback', '--patch', file];
}
