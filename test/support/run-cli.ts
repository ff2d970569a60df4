/** Runs the command line in-process and captures what it prints. */
import { Readable } from 'node:stream';
import { main } from '../../src/cli/program.js';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], stdin = '', env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const input = Readable.from([Buffer.from(stdin)]) as Readable & { isTTY?: boolean };
  const status = await main(['node', 'qemu-review', ...args], {
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    stdin: input,
    env,
  });
  return { status, stdout, stderr };
}
